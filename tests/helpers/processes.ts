import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { httpStatus } from '../../scripts/lib/free-port';
import { spawnManaged, waitUntilReady } from '../../scripts/lib/managed-process';

/** The repository root: scripts run from here so relative paths (catalog, build/) resolve. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface SpawnProcessOptions {
  /** Shown in errors. */
  name: string;
  /** The script (relative to the project root) and its arguments: run as `node --import tsx …`. */
  args: string[];
  /** Added to the test process's environment. */
  env?: Record<string, string | undefined>;
  /** Ready once a log line (stdout or stderr) matches. */
  readyLine?: RegExp;
  /** Ready once a GET answers 200. */
  readyUrl?: string;
  timeoutMs?: number;
  /** Kept log lines (oldest dropped first). */
  maxLogLines?: number;
}

export interface SpawnedProcess {
  readonly pid: number;
  /** Everything the process printed (bounded tail), stdout and stderr interleaved. */
  logs(): string;
  isRunning(): boolean;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, wait (SIGKILL after 10 s). */
  stop(): Promise<void>;
  kill(): Promise<void>;
}

/** Spawn a Pantau process from the project root; resolves once it is ready. Killed if the test process exits. */
export async function spawnProcess(opts: SpawnProcessOptions): Promise<SpawnedProcess> {
  // Match lines as they arrive: a ready line must not scroll out of the bounded buffer unseen.
  let sawReadyLine = false;
  const proc = spawnManaged({
    name: opts.name,
    onLine: (line) => {
      if (opts.readyLine?.test(line)) sawReadyLine = true;
    },
    command: process.execPath,
    args: ['--import', 'tsx', ...opts.args],
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...opts.env },
    maxLogLines: opts.maxLogLines
  });
  const handle: SpawnedProcess = {
    pid: proc.pid,
    logs: () => proc.logs.text(),
    isRunning: proc.isRunning,
    exited: proc.exited,
    stop: () => proc.stop(),
    kill: () => proc.kill()
  };
  const timeoutMs = opts.timeoutMs ?? 30_000;
  try {
    if (opts.readyLine) {
      await waitUntilReady(proc, `a log line matching ${opts.readyLine}`, async () => sawReadyLine, timeoutMs);
    }
    if (opts.readyUrl) {
      const url = opts.readyUrl;
      await waitUntilReady(proc, `HTTP 200 from ${url}`, async () => (await httpStatus(url)) === 200, timeoutMs);
    }
  } catch (err) {
    await proc.kill();
    throw err;
  }
  return handle;
}
