import { describe, expect, it } from 'vitest';
import type { ForecastPoint } from '../../src/lib/core/forecast';
import { CENTRE, computeCrossing, firstReach, warningLean } from './crossing';

const MIN = 60_000;
const T = { siaga3: 200, siaga2: 240, siaga1: 280 };

function point(h: 30 | 60 | 120, level: number, low: number, high: number): ForecastPoint {
  return { horizonMin: h, at: h * MIN, levelCm: level, lowCm: low, highCm: high };
}

describe('forecast crossing', () => {
  it('interpolates the central forecast between horizons, with earliest/latest from the band edges', () => {
    // 180 now; central 190 @30, 210 @60 → 200 at 45 min; high 200 @30 → 30 min; low 200 @120 → 120 min
    const pts = [point(30, 190, 185, 200), point(60, 210, 195, 230), point(120, 220, 200, 250)];
    const c = computeCrossing(0, 180, pts, T);
    expect(c).toEqual({ level: 3, at: 45 * MIN, earliest: 30 * MIN, latest: 120 * MIN });
  });

  it('has no latest when the band low edge never reaches the level, and no crossing when the centre does not', () => {
    const pts = [point(30, 195, 185, 205), point(60, 205, 190, 215), point(120, 199, 180, 230)];
    expect(computeCrossing(0, 180, pts, T)?.latest).toBeNull();
    expect(computeCrossing(0, 180, [point(30, 190, 180, 220), point(60, 195, 180, 230), point(120, 199, 170, 260)], T)).toBeNull();
  });

  it('looks at the next level above the current one (at Siaga 3 now, Siaga 2 next)', () => {
    const pts = [point(30, 230, 225, 240), point(60, 250, 240, 260), point(120, 260, 245, 280)];
    const c = computeCrossing(0, 220, pts, T);
    expect(c?.level).toBe(2);
    expect(c?.at).toBe(45 * MIN);
    expect(computeCrossing(0, 300, pts, T)).toBeNull(); // above Siaga 1 already
    expect(computeCrossing(0, 180, pts, undefined)).toBeNull();
  });

  it('firstReach answers null when the path stays below', () => {
    const at10 = (v: number) => [{ horizonMin: 30 as const, at: 10, levelCm: v, lowCm: v, highCm: v }];
    expect(firstReach(0, 1, at10(2), CENTRE, 3)).toBeNull();
    expect(firstReach(0, 1, at10(5), CENTRE, 3)).toBe(5);
  });

  it('nudges the centre up to the threshold only when rising and half the way to the high edge reaches it', () => {
    // 190 now, +6 forecast, high edge 10 above the centre: 196 + 5 ≥ 200 → published at 200 (+4)
    expect(warningLean(190, 6, 10, T, 0.5)).toBe(4);
    expect(warningLean(190, 4, 10, T, 0.5)).toBe(0); // 194 + 5 falls short of 200
    expect(warningLean(190, 4, 10, T, 0.6)).toBe(6); // a stronger lean reaches it
    expect(warningLean(190, -1, 12, T, 0.5)).toBe(0); // falling
    expect(warningLean(190, 12, 10, T, 0.5)).toBe(0); // the centre already reaches it
    expect(warningLean(190, 6, 10, undefined, 0.5)).toBe(0); // no thresholds
    expect(warningLean(190, 6, 10, T, 0)).toBe(0); // off
  });
});
