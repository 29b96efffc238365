import { backoffDelayMs, type BackoffPolicy } from '../core/backoff';

/**
 * The schedule of the command center's reads at start (the rebuild, the look-back for older open
 * alerts): 1 s after the first failure, doubling to 30 s. No jitter: one process, one InfluxDB.
 */
export const START_RETRY: BackoffPolicy = { baseMs: 1000, capMs: 30_000, jitter: 0 };

export interface Retrying {
  /** Settles once the first try has ended (succeeded, or failed and the next is scheduled); never rejects. */
  first: Promise<void>;
  /** No further tries; a wait in progress is cleared. */
  stop(): void;
}

/**
 * Runs `task` now and, while it fails, again after each wait of `policy` until it succeeds, stop()
 * is called, or `maxTries` have failed. `onFailure` hears each failure with the wait before the next
 * try, or null after the last one (it may be async: the next try is scheduled after it, unless
 * stopped meanwhile).
 */
export function retryUntilDone(
  task: () => Promise<void>,
  onFailure: (err: Error, attempt: number, waitMs: number | null) => void | Promise<void>,
  policy: BackoffPolicy = START_RETRY,
  maxTries = Infinity
): Retrying {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  async function attempt(n: number): Promise<void> {
    if (stopped) return;
    try {
      await task();
    } catch (err) {
      const last = n + 1 >= maxTries;
      const waitMs = last ? null : backoffDelayMs(n, policy);
      await Promise.resolve(onFailure(err as Error, n, waitMs)).catch(() => undefined);
      if (stopped || waitMs === null) return;
      timer = setTimeout(() => void attempt(n + 1), waitMs);
      timer.unref();
    }
  }
  return {
    first: attempt(0),
    stop() {
      stopped = true;
      clearTimeout(timer);
    }
  };
}
