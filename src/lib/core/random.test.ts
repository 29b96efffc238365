import { describe, expect, it } from 'vitest';
import { createRandom, hashGaussian, hashUnit, smoothGaussian } from './random';

describe('seeded randomness', () => {
  it('gives the same stream for the same seed and another for another seed', () => {
    const a = createRandom(7), b = createRandom(7), c = createRandom(8);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect(c()).not.toBe(first[0]);
  });

  it('hashes (seed, key, step) to [0, 1) independently of call order', () => {
    const later = hashUnit(1, 'gauge', 5);
    hashUnit(1, 'other', 0);
    expect(hashUnit(1, 'gauge', 5)).toBe(later);
    for (let step = 0; step < 1000; step++) {
      const u = hashUnit(3, 'k', step);
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
    }
  });

  it('draws standard normals and smooth noise that meets its knots', () => {
    const xs = Array.from({ length: 4000 }, (_, i) => hashGaussian(2, 'n', i));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.1);
    expect(variance).toBeGreaterThan(0.85);
    expect(variance).toBeLessThan(1.15);
    expect(smoothGaussian(2, 'n', 3 * 60_000, 60_000)).toBeCloseTo(hashGaussian(2, 'n', 3), 12);
  });
});
