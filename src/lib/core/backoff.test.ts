import { describe, expect, it } from 'vitest';
import { backoffCeilingMs, backoffDelayMs, type BackoffPolicy } from './backoff';

const full: BackoffPolicy = { baseMs: 1000, capMs: 60_000, jitter: 1 };

describe('backoffDelayMs', () => {
  it('doubles the ceiling per attempt up to the cap', () => {
    expect([0, 1, 2, 5, 6, 100].map((n) => backoffCeilingMs(n, full))).toEqual([1000, 2000, 4000, 32_000, 60_000, 60_000]);
  });

  it('full jitter waits anywhere in [0, ceiling)', () => {
    expect(backoffDelayMs(3, full, () => 0)).toBe(0);
    expect(backoffDelayMs(3, full, () => 0.5)).toBe(4000);
    expect(backoffDelayMs(3, full, () => 0.999999)).toBe(7999);
  });

  it('half jitter waits at least half the ceiling', () => {
    const half = { ...full, jitter: 0.5 };
    expect(backoffDelayMs(2, half, () => 0)).toBe(2000);
    expect(backoffDelayMs(2, half, () => 0.999999)).toBe(3999);
  });

  it('without jitter is exact and draws no random number', () => {
    const none = { ...full, jitter: 0 };
    const random = () => {
      throw new Error('random must not be drawn');
    };
    expect([0, 1, 4, 9].map((n) => backoffDelayMs(n, none, random))).toEqual([1000, 2000, 16_000, 60_000]);
  });

  it('stays a whole number within [0, cap] for any attempt, even absurd ones', () => {
    for (const attempt of [-5, 0, 0.5, 7, 1e6, Number.MAX_SAFE_INTEGER]) {
      const d = backoffDelayMs(attempt, full);
      expect(Number.isInteger(d)).toBe(true);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(full.capMs);
    }
    expect(backoffDelayMs(-5, { ...full, jitter: 0 })).toBe(1000);
  });
});
