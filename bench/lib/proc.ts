/** Process figures from /proc (Linux): CPU seconds and resident memory of a child, and spawning Pantau processes. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnManaged, waitUntilReady, type ManagedProcess } from '../../scripts/lib/managed-process';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** USER_HZ: /proc/<pid>/stat counts CPU time in these ticks (100 on every Linux we run on). */
const CLOCK_TICKS_PER_S = 100;

/** utime + stime of a process, in seconds. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S;
}

export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

/** Runs `node --import tsx <script>` from the project root; resolves once a log line matches. */
export async function spawnTsx(opts: { name: string; script: string; env: Record<string, string>; readyLine: RegExp; timeoutMs?: number; echo?: boolean; nodeArgs?: string[]; onLine?(line: string): void }): Promise<ManagedProcess> {
  let ready = false;
  const proc = spawnManaged({
    name: opts.name,
    command: process.execPath,
    args: [...(opts.nodeArgs ?? []), '--import', 'tsx', opts.script],
    cwd: ROOT,
    env: { ...process.env, ...opts.env },
    onLine: (line) => {
      if (opts.readyLine.test(line)) ready = true;
      opts.onLine?.(line);
      if (opts.echo) console.log(`  [${opts.name}] ${line}`);
    }
  });
  await waitUntilReady(proc, `a line matching ${opts.readyLine}`, async () => ready, opts.timeoutMs ?? 60_000);
  return proc;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export function gitCommit(): string {
  try {
    const head = readFileSync(path.join(ROOT, '.git/HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return head.slice(0, 7);
    return readFileSync(path.join(ROOT, '.git', head.slice(5)), 'utf8').trim().slice(0, 7);
  } catch {
    return 'unknown';
  }
}
