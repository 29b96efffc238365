import { describe, it, expect } from 'vitest';
import { backoffDelayMs, classifyStatus, parseRetryAfterMs } from './backoff';

const opts = { baseMs: 1000, capMs: 60_000 };

describe('backoff', () => {
  it('doubles the ceiling per attempt up to the cap (random = just below 1)', () => {
    const top = () => 0.999999;
    expect([0, 1, 2, 3, 5, 6, 10, 100].map((n) => backoffDelayMs(n, opts, top))).toEqual([999, 1999, 3999, 7999, 31999, 59999, 59999, 59999]);
  });

  it('is full jitter: random 0 waits 0, random 0.5 waits half the ceiling', () => {
    expect(backoffDelayMs(3, opts, () => 0)).toBe(0);
    expect(backoffDelayMs(3, opts, () => 0.5)).toBe(4000);
  });

  it('stays within [0, cap) for any attempt count', () => {
    for (let n = 0; n < 2000; n += 37) {
      const d = backoffDelayMs(n, opts);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(opts.capMs);
    }
  });

  it('retries network-ish answers (408, 429, 5xx), stops on other 4xx', () => {
    expect([200, 202, 204].map(classifyStatus)).toEqual(['delivered', 'delivered', 'delivered']);
    expect([408, 429, 500, 502, 503, 504].map(classifyStatus)).toEqual(Array(6).fill('retry'));
    expect([400, 401, 403, 404, 410, 422, 301].map(classifyStatus)).toEqual(Array(7).fill('give_up'));
  });

  it('reads Retry-After as seconds or an HTTP date, capped', () => {
    const now = Date.parse('2026-11-28T00:00:00Z');
    expect(parseRetryAfterMs('5', now, 60_000)).toBe(5000);
    expect(parseRetryAfterMs('99999', now, 60_000)).toBe(60_000);
    expect(parseRetryAfterMs('Sat, 28 Nov 2026 00:00:30 GMT', now, 60_000)).toBe(30_000);
    expect(parseRetryAfterMs('Fri, 27 Nov 2026 00:00:30 GMT', now, 60_000)).toBe(0);
    expect(parseRetryAfterMs('soon', now, 60_000)).toBeUndefined();
    expect(parseRetryAfterMs(null, now, 60_000)).toBeUndefined();
  });
});
