import { isIP } from 'node:net';
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
  /** True when this pair failed within WINDOW_MS: its tries then also spend the shared budgets (gate.ts). */
  failing(key: string, nowMs: number): boolean;
  failed(key: string, nowMs: number): void;
  succeeded(key: string): void;
  size(): number;
}

export function loginKey(user: string, address: string): string {
  return `${user.slice(0, 64)}|${addressKey(address)}`;
}

/**
 * The address a login budget is kept for. An IPv6 client is its /64: one subscriber holds a whole
 * /64 and can take a fresh address for every try; an IPv4-mapped address is its IPv4 address.
 */
export function addressKey(address: string): string {
  const a = address.trim().toLowerCase().replace(/%.*$/, '').slice(0, 64);
  const mapped = /^(?:(?:0{1,4}:){5}|::(?:0{1,4}:)?)ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
  if (mapped) return mapped[1];
  if (isIP(a) !== 6) return a;
  const [head, tail] = a.split('::');
  // An embedded IPv4 tail is the last two groups; only the first four matter here.
  const groups = (text: string | undefined) => (text ? text.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])) : []);
  const front = groups(head);
  const back = tail === undefined ? [] : groups(tail);
  const all = tail === undefined ? front : [...front, ...Array<string>(8 - front.length - back.length).fill('0'), ...back];
  return `${all.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
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
    failing(key, nowMs) {
      const entry = failures.get(key);
      return entry !== undefined && nowMs - entry.last < WINDOW_MS;
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
