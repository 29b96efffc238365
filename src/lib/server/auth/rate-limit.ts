/**
 * Failed logins per (user, address): after MAX_FAILURES within WINDOW_MS the pair is refused
 * without checking the password until the window has passed. Bounded: the oldest entries go first.
 */
export const MAX_FAILURES = 5;
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
  return `${user.slice(0, 64)}|${address}`;
}

export function createLoginLimiter(maxKeys = MAX_TRACKED_KEYS): LoginLimiter {
  // Insertion order = age of the window's first failure, so eviction takes the oldest.
  const failures = new Map<string, { first: number; count: number }>();
  return {
    allowed(key, nowMs) {
      const entry = failures.get(key);
      if (!entry) return true;
      if (nowMs - entry.first >= WINDOW_MS) {
        failures.delete(key);
        return true;
      }
      return entry.count < MAX_FAILURES;
    },
    failed(key, nowMs) {
      const entry = failures.get(key);
      if (entry && nowMs - entry.first < WINDOW_MS) {
        entry.count++;
        return;
      }
      failures.delete(key);
      while (failures.size >= maxKeys) failures.delete(failures.keys().next().value!);
      failures.set(key, { first: nowMs, count: 1 });
    },
    succeeded: (key) => void failures.delete(key),
    size: () => failures.size
  };
}
