import { describe, expect, it } from 'vitest';
import { routedChange } from './experts';
import { LevelHistory } from './history';
import { EXPERTS } from './horizon';

const MIN = 60_000;

describe('routing expert', () => {
  it("is the upstream gauge's change over the horizon in this gauge's units", () => {
    const up = new LevelHistory(5 * MIN, 8 * 60 * MIN, 60 * MIN);
    for (let m = 0; m <= 120; m += 10) up.push(m * MIN, 100 + (m >= 60 ? (m - 60) / 2 : 0)); // flat, then +30 cm over the last hour
    // Typical moves: 2 cm here, 4 cm upstream: half the upstream rise.
    expect(routedChange(up, 4, 2, 120 * MIN, 60)).toBeCloseTo(15);
    expect(routedChange(up, 4, 2, 120 * MIN, 30)).toBeCloseTo(7.5);
    // No upstream gauge, or one whose typical move is unknown: no opinion (persistence).
    expect(routedChange(undefined, 4, 2, 120 * MIN, 60)).toBe(0);
    expect(routedChange(up, NaN, 2, 120 * MIN, 60)).toBe(0);
    expect(EXPERTS).toContain('routed');
  });
});
