import { backoffCeilingMs, type BackoffPolicy } from '../../core/backoff';

/**
 * Failed logins per (user, address), with backoff instead of a lockout: the first FREE_FAILURES
 * failures cost nothing, each one after that makes the pair wait twice as long (1 s, 2 s, 4 s … up to
 * MAX_BACKOFF_MS). Keyed by address too, so someone typing a responder's name elsewhere cannot lock
 * the responder out (behind a proxy this needs ADDRESS_HEADER/XFF_DEPTH, see client-address.ts).
 * A pair is forgotten WINDOW_MS after its last failure. Bounded: the oldest entries go first.
 */
export const FREE_FAILURES = 5;
export const MAX_BACKOFF_MS = 5 * 60_000;
export const WINDOW_MS = 15 * 60_000;
export const MAX_TRACKED_KEYS = 10_000;

export interface LoginLimiter {
  /** True when this pair may try now. */
  allowed(key: string, nowMs: number): boolean;
  failed(key: string, nowMs: number): void;
  succeeded(key: string): void;
  size(): number;
}

export function loginKey(user: string, address: string): string {
  return `${user.slice(0, 64)}|${address.slice(0, 64)}`;
}

/** No jitter: the wait is told to one person at one address, not a crowd to spread. */
const LOGIN_BACKOFF: BackoffPolicy = { baseMs: 1000, capMs: MAX_BACKOFF_MS, jitter: 0 };

export function backoffMs(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return backoffCeilingMs(failures - FREE_FAILURES, LOGIN_BACKOFF);
}

export function createLoginLimiter(maxKeys = MAX_TRACKED_KEYS): LoginLimiter {
  // Insertion order = age of the last failure, so eviction takes the oldest.
  const failures = new Map<string, { last: number; count: number; until: number }>();
  return {
    allowed(key, nowMs) {
      const entry = failures.get(key);
      if (!entry) return true;
      if (nowMs - entry.last >= WINDOW_MS) {
        failures.delete(key);
        return true;
      }
      return nowMs >= entry.until;
    },
    failed(key, nowMs) {
      const prev = failures.get(key);
      const count = prev && nowMs - prev.last < WINDOW_MS ? prev.count + 1 : 1;
      failures.delete(key);
      while (failures.size >= maxKeys) failures.delete(failures.keys().next().value!);
      failures.set(key, { last: nowMs, count, until: nowMs + backoffMs(count) });
    },
    succeeded: (key) => void failures.delete(key),
    size: () => failures.size
  };
}
