import { backoffCeilingMs, type BackoffPolicy } from '../../src/lib/core/backoff';
import { spawnManaged, type ManagedProcess } from './managed-process';

/** Restart backoff: 1 s, doubling, at most 30 s; back to 1 s once a child has run this long. */
export const RESTART_MIN_MS = 1000;
export const RESTART_MAX_MS = 30_000;
export const STABLE_UPTIME_MS = 60_000;
/** No jitter: one supervisor restarts its own children, there is no crowd to spread. */
const RESTART_BACKOFF: BackoffPolicy = { baseMs: RESTART_MIN_MS, capMs: RESTART_MAX_MS, jitter: 0 };

/** The wait before the next restart, given the previous wait (0 for none yet) and how long the child ran. */
export function nextRestartDelayMs(previousMs: number, uptimeMs: number): number {
  if (previousMs === 0 || uptimeMs >= STABLE_UPTIME_MS) return backoffCeilingMs(0, RESTART_BACKOFF);
  // The previous wait was base·2^attempt (or the cap): the next one is the attempt after it.
  const attempt = Math.round(Math.log2(Math.min(previousMs, RESTART_MAX_MS) / RESTART_MIN_MS));
  return backoffCeilingMs(attempt + 1, RESTART_BACKOFF);
}

export interface ChildSpec {
  /** Log prefix and name in messages. */
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export interface SupervisedChild {
  readonly name: string;
  /** The current pid, or -1 between restarts. */
  pid(): number;
  restarts(): number;
  /** Stop for good: no restart. SIGTERM, then SIGKILL after the grace period. */
  stop(): Promise<void>;
}

/**
 * Run a child, print its lines prefixed with its name, and restart it with backoff when it exits
 * without being asked to. `log` prints the supervisor's own messages.
 */
export function superviseChild(spec: ChildSpec, log: (line: string) => void): SupervisedChild {
  let current: ManagedProcess | null = null;
  let stopping = false;
  let delayMs = 0;
  let restarts = 0;
  let timer: NodeJS.Timeout | null = null;
  const prefix = `[${spec.name}]`;

  const launch = () => {
    timer = null;
    const startedAt = Date.now();
    const proc = spawnManaged({ ...spec, onLine: (line) => console.log(`${prefix} ${line}`) });
    current = proc;
    void proc.exited.then(({ code, signal }) => {
      if (stopping) return;
      delayMs = nextRestartDelayMs(delayMs, Date.now() - startedAt);
      restarts += 1;
      log(`${spec.name} exited (${signal ?? `code ${code}`}); restarting in ${delayMs / 1000} s`);
      current = null;
      timer = setTimeout(launch, delayMs);
    });
  };
  launch();

  return {
    name: spec.name,
    pid: () => current?.pid ?? -1,
    restarts: () => restarts,
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      await current?.stop();
    }
  };
}
