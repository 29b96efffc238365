import { describe, expect, it } from 'vitest';
import { createBucket, createKeyedBuckets } from './rate-budget';

describe('token buckets', () => {
  it('allows a burst, then the refill rate', () => {
    const b = createBucket(3, 1);
    expect([b.take(0), b.take(0), b.take(0), b.take(0)]).toEqual([true, true, true, false]);
    expect(b.take(500)).toBe(false);
    expect(b.take(1000)).toBe(true);
  });

  it('keeps at most maxKeys keys', () => {
    const k = createKeyedBuckets(1, 0.001, 3);
    for (let i = 0; i < 100; i++) k.take(`ip${i}`, 0);
    expect(k.size()).toBe(3);
    expect(k.take('ip99', 0)).toBe(false);
  });
});
