import { describe, it, expect } from 'vitest';
import { createTokenBucket } from './token-bucket';

describe('token bucket', () => {
  it('allows a burst, then the rate', () => {
    const b = createTokenBucket(10, 2, 0);
    expect(b.tryTake(0)).toBe(0);
    expect(b.tryTake(0)).toBe(0);
    expect(b.tryTake(0)).toBe(100);
    expect(b.tryTake(50)).toBe(50);
    expect(b.tryTake(100)).toBe(0);
  });

  it('admits no more than rate × time + burst over a long run', () => {
    const b = createTokenBucket(100, 5, 0);
    let taken = 0;
    for (let t = 0; t <= 10_000; t += 1) while (b.tryTake(t) === 0) taken++;
    expect(taken).toBeLessThanOrEqual(100 * 10 + 5);
    expect(taken).toBeGreaterThanOrEqual(100 * 10);
  });
});
