import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { PantauError } from '../../src/lib/core/errors';
import { createLogBuffer, type LogBuffer } from './log-buffer';
import { trackChild } from './reaper';

/** How long a child gets to exit after SIGTERM before SIGKILL. */
export const STOP_GRACE_MS = 10_000;

export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly pid: number;
  readonly logs: LogBuffer;
  /** Settles when the child has exited (code, or null when killed by a signal). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  isRunning(): boolean;
  /** SIGTERM, then SIGKILL after graceMs. Resolves once the child is gone. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL and wait until gone (fault-injection tests). */
  kill(): Promise<void>;
}

export interface ManagedSpawnOptions {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Called with every complete output line (stdout and stderr), e.g. to prefix and print it. */
  onLine?: (line: string) => void;
  maxLogLines?: number;
  /** Run as this user and group (a root parent starting PostgreSQL as `postgres`). */
  uid?: number;
  gid?: number;
  /** What stop() sends first (PostgreSQL: SIGINT, its fast shutdown). */
  stopSignal?: NodeJS.Signals;
}

/** A spawned process as its observers see it: argv as spawned, and the signal that stops it in order. */
export interface SpawnedProcess {
  pid: number;
  name: string;
  cmdline: string[];
  stopSignal: NodeJS.Signals;
}

export interface SpawnObserver {
  spawned(p: SpawnedProcess): void;
  exited(pid: number): void;
}

const observers = new Set<SpawnObserver>();

/**
 * Told of every process spawned here and of its exit: npm start records them in its lock file, so the
 * start after one killed with SIGKILL can stop its detached children (start-lock.ts). Returns the unsubscribe.
 */
export function observeSpawns(observer: SpawnObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

export function spawnManaged(opts: ManagedSpawnOptions): ManagedProcess {
  // Own process group: a terminal's Ctrl-C reaches only us, so we can stop children in order
  // (ingest flushes before InfluxDB goes). The reaper still kills them if we exit.
  const spawnOptions: SpawnOptions = { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true, uid: opts.uid, gid: opts.gid };
  const child = spawn(opts.command, opts.args, spawnOptions);
  trackChild(child);
  const stopSignal = opts.stopSignal ?? 'SIGTERM';
  notifySpawn(child, { name: opts.name, cmdline: [opts.command, ...opts.args], stopSignal });
  const logs = createLogBuffer(opts.maxLogLines);
  const onData = (chunk: Buffer) => {
    const lines = logs.push(chunk);
    if (opts.onLine) lines.forEach(opts.onLine);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (err) => {
      logs.push(`spawn error: ${err.message}\n`);
      resolve({ code: -1, signal: null });
    });
  });
  const isRunning = () => child.exitCode === null && child.signalCode === null && child.pid !== undefined;
  let spawnFailed = false;
  child.once('error', () => (spawnFailed = true));

  async function stop(graceMs = STOP_GRACE_MS): Promise<void> {
    if (!isRunning() || spawnFailed) return void (await exited);
    child.kill(stopSignal);
    const timer = setTimeout(() => isRunning() && child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
  async function kill(): Promise<void> {
    if (isRunning() && !spawnFailed) child.kill('SIGKILL');
    await exited;
  }
  return { name: opts.name, child, pid: child.pid ?? -1, logs, exited, isRunning, stop, kill };
}

function notifySpawn(child: ChildProcess, p: Omit<SpawnedProcess, 'pid'>): void {
  const pid = child.pid;
  if (pid === undefined || observers.size === 0) return;
  for (const o of observers) o.spawned({ pid, ...p });
  child.once('exit', () => observers.forEach((o) => o.exited(pid)));
}

/**
 * Poll `check` until it resolves true. Fails early with the child's log tail when the child
 * exits first, and with a PantauError naming the wait when time runs out.
 */
export async function waitUntilReady(
  proc: ManagedProcess,
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!proc.isRunning()) {
      throw new PantauError('CHILD_EXITED', `${proc.name} exited before ${what}:\n${tail(proc)}`);
    }
    if (await check()) return;
    if (Date.now() > deadline) {
      throw new PantauError('CHILD_NOT_READY', `${proc.name}: no ${what} within ${timeoutMs} ms:\n${tail(proc)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function tail(proc: ManagedProcess): string {
  return proc.logs.lines().slice(-30).join('\n');
}

/** A service the scripts start on a port and data dir of their own, and can stop, crash and start again (fault tests). */
export interface ServiceHandle {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** The current pid (changes on restart). */
  readonly pid: number;
  logs(): string;
  /** SIGTERM, wait (SIGKILL after STOP_GRACE_MS). */
  stop(): Promise<void>;
  /** SIGKILL: a crash, for fault tests. */
  kill(): Promise<void>;
  /** Start again on the same port and data dir (stops first if still running). */
  restart(): Promise<void>;
}

/** The handle of a service whose process `relaunch` starts again (same port, same data dir). */
export function serviceHandle(at: { url: string; port: number; dataDir: string }, first: ManagedProcess, relaunch: () => Promise<ManagedProcess>): ServiceHandle {
  let proc = first;
  return {
    ...at,
    get pid() {
      return proc.pid;
    },
    logs: () => proc.logs.text(),
    stop: () => proc.stop(),
    kill: () => proc.kill(),
    async restart() {
      await proc.stop();
      proc = await relaunch();
    }
  };
}
