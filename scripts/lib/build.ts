import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { trackChild } from './reaper';

/** What the production build (adapter-node) is made from. Tests beside the code are not part of it. */
const BUILD_INPUTS = ['src', 'static', 'svelte.config.js', 'vite.config.ts'];
const IGNORED = /\.test\.ts$/;

export function buildOutputPath(root: string): string {
  return path.join(root, 'build', 'handler.js');
}

/** Newest modification time (ms) of any file under the given paths; 0 when none exist. */
export function newestMtimeMs(paths: string[]): number {
  let newest = 0;
  const visit = (p: string) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(p)) visit(path.join(p, name));
    } else if (!IGNORED.test(p)) {
      newest = Math.max(newest, st.mtimeMs);
    }
  };
  paths.forEach(visit);
  return newest;
}

/** Why the build must run, or null when build/handler.js is newer than every input. */
export function buildStaleReason(root: string): string | null {
  const out = buildOutputPath(root);
  if (!existsSync(out)) return 'build/handler.js is missing';
  const inputs = newestMtimeMs(BUILD_INPUTS.map((p) => path.join(root, p)));
  return inputs > statSync(out).mtimeMs ? 'sources changed since the last build' : null;
}

/**
 * Run `vite build` when the build is stale, printing progress. Returns false (after printing
 * the tail of the build output) when the build fails, so callers can stop with a clear message.
 */
export async function ensureBuild(root: string, log: (line: string) => void = console.log, signal?: AbortSignal): Promise<boolean> {
  const reason = buildStaleReason(root);
  if (!reason) return true;
  log(`[build] ${reason}: running vite build …`);
  const started = Date.now();
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const child = spawn(process.execPath, [vite, 'build'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  trackChild(child);
  // Ctrl-C during a 20–60 s build must not have to wait for it.
  const onAbort = () => child.kill('SIGTERM');
  signal?.addEventListener('abort', onAbort, { once: true });
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line) continue;
      output.push(line);
      if (output.length > 200) output.shift();
      // Progress only: vite's client and server passes; the full output is shown when it fails.
      if (/✓ built in/.test(line)) log(`[build] ${line.trim()}`);
    }
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const code = await new Promise<number | null>((resolve) => {
    child.once('exit', resolve);
    child.once('error', () => resolve(-1));
  });
  signal?.removeEventListener('abort', onAbort);
  if (signal?.aborted) return false;
  if (code === 0) {
    log(`[build] done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return true;
  }
  log(`[build] vite build failed (exit ${code}). Last output:\n${output.slice(-40).join('\n')}`);
  return false;
}

/** Where unit tests live (vitest's `unit` project): they never touch the production build. */
const UNIT_ONLY_PREFIXES = ['src/', 'ingest/', 'simulators/', 'bench/', 'scripts/', 'tests/unit/'];

/**
 * Whether a test run with these vitest arguments may need the production build: everything
 * except runs restricted to unit tests (by path, or by `--project unit`). Integration tests
 * can spawn the web server too, so only unit-only runs skip the build.
 */
export function testRunNeedsBuild(args: string[]): boolean {
  const projects: string[] = [];
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--project') projects.push(args[++i] ?? '');
    else if (a.startsWith('--project=')) projects.push(a.slice('--project='.length));
    else if (!a.startsWith('-')) paths.push(a.replace(/^\.\//, ''));
  }
  if (projects.length > 0 && projects.every((p) => p === 'unit' || p === 'unit-isolated')) return false;
  if (paths.length === 0) return true;
  return !paths.every((p) => UNIT_ONLY_PREFIXES.some((prefix) => `${p}/`.startsWith(prefix)));
}
