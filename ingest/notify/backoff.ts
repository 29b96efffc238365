/** Retry policy of webhook deliveries: what an answer means, and how long to wait before the next try. */
import { backoffDelayMs as coreBackoffDelayMs } from '../../src/lib/core/backoff';

export interface BackoffOptions {
  /** Upper bound of the first wait. */
  baseMs: number;
  /** No single wait is longer than this. */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, capMs: 5 * 60_000 };

/**
 * Full jitter: a uniform wait in [0, min(cap, base·2^attempt)). Spreading the retries keeps many
 * notifiers (or many queued events) from hitting a recovering receiver in step.
 * attempt 0 is the wait after the first failure. `random` returns [0, 1) (injected for tests).
 */
export function backoffDelayMs(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  return coreBackoffDelayMs(attempt, { ...options, jitter: 1 }, random);
}

export type DeliveryOutcome = 'delivered' | 'retry' | 'give_up';

/**
 * 2xx: done. 408 (timeout), 429 (slow down) and 5xx: the receiver may recover, try again.
 * Any other 4xx (bad signature, gone, refused): the same request will fail the same way, so stop.
 * 1xx/3xx never reach us as final answers from fetch except a redirect we did not follow: give up.
 */
export function classifyStatus(status: number): DeliveryOutcome {
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 408 || status === 429 || status >= 500) return 'retry';
  return 'give_up';
}

/** A Retry-After header (seconds or an HTTP date) as a wait, within [0, capMs]; undefined when absent or unreadable. */
export function parseRetryAfterMs(header: string | null | undefined, nowMs: number, capMs: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  const ms = /^\d{1,9}$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - nowMs;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(capMs, Math.max(0, ms));
}
