/**
 * The ingest's log of a message handler that throws (sources/mqtt.ts): a bug hit by every message would write a stack
 * per message (thousands a second, for days), so at most one line per window. The first failure of a window is told at
 * once with its stack; the ones after it are counted and told when the window ends (or at close), with the last one's
 * message: counted only at the next failure, a burst of 50 that then stopped was logged as "1 so far". Timed on a
 * monotonic clock: on the wall clock, one stepped back a day kept every failure untold for that day.
 */

export interface FailureLog {
  /** One handler failure: `what` names the message (a topic, "alert event"). */
  failed(what: string, err: unknown): void;
  /** Tells the failures not yet told and stops the window's timer. */
  close(): void;
}

/** A handler bug hit by every message: one line a minute. */
export const FAILURE_LOG_EVERY_MS = 60_000;

export function createFailureLog(log: (message: string) => void, everyMs: number = FAILURE_LOG_EVERY_MS): FailureLog {
  let failures = 0;
  let untold = 0;
  let lastMessage = '';
  let loggedAt = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tellUntold = () => {
    clearTimeout(timer);
    timer = undefined;
    if (untold === 0) return;
    log(`INGEST_HANDLER_FAILED ${untold} more within ${everyMs / 1000} s (${failures} so far), the last: ${lastMessage}`);
    untold = 0;
    loggedAt = performance.now();
  };
  return {
    failed(what, err) {
      failures++;
      const now = performance.now();
      if (now - loggedAt >= everyMs) {
        loggedAt = now;
        log(`INGEST_HANDLER_FAILED on ${what} (${failures} so far; at most one line a minute): ${(err as Error)?.stack ?? err}`);
        return;
      }
      untold++;
      lastMessage = `on ${what}: ${String((err as Error)?.message ?? err).slice(0, 200)}`;
      if (timer === undefined) {
        timer = setTimeout(tellUntold, loggedAt + everyMs - now);
        timer.unref?.();
      }
    },
    close: tellUntold
  };
}
