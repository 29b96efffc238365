import type { BackoffPolicy } from '../../../src/lib/core/backoff';
import { retryUntilDone, type Retrying } from '../../../src/lib/server/start-retry';

/**
 * The read of the open escalation chains at start (service.ts restoreChains), tried until InfluxDB answers. After a
 * reboot InfluxDB may take minutes to open its shards: a notifier that gave up after five tries (2 minutes) never
 * restored the chains of the alerts open then (their backups and leads never paged, the quiet-hours digests lost, the
 * look-back never run). Like the ingest's read of its open alerts (ingest/main.ts), it tries for as long as the
 * notifier runs: 1 s doubling to the cap (30 s). A late success is safe: events taken live meanwhile are noted
 * (late-restore.ts) and win over the stored copies.
 */

/** `capMs`: the longest wait between tries (NOTIFY_TEST_RESTORE_RETRY_MS shortens it in tests only). */
export function restorePolicy(capMs = 30_000): BackoffPolicy {
  return { baseMs: Math.min(1_000, capMs), capMs, jitter: 0 };
}

/** Tries logged each: the first ones, then one in ten (every 5 minutes at the cap), so a long outage stays readable. */
const LOGGED_TRIES = 5;

export function loggedTry(attempt: number): boolean {
  return attempt < LOGGED_TRIES || attempt % 10 === 0;
}

/**
 * Runs `task` now and again after each failure until it succeeds or stop(); `failed` hears each failure with the
 * wait before the next try and whether it is worth a log line. `first` settles after the first try.
 */
export function keepRestoring(task: () => Promise<void>, failed: (err: Error, attempt: number, waitMs: number, logged: boolean) => void, policy: BackoffPolicy = restorePolicy()): Retrying {
  return retryUntilDone(task, (err, attempt, waitMs) => failed(err, attempt, waitMs ?? policy.capMs, loggedTry(attempt)), policy);
}
