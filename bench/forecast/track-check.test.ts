import { describe, expect, it } from 'vitest';
import type { StationRows } from './baselines';
import type { Series } from './data';
import { checkTrackRecords, trackCheckLine } from './track-check';

/** A gauge that moves 10 cm every hour and a forecast that gets `gain` of each move right. */
function gauge(gain: number, stated: number | null) {
  const level = Array.from({ length: 600 }, (_, i) => 100 + 10 * Math.floor(i / 6) * (Math.floor(i / 60) % 2 ? -1 : 1));
  const series: Series = { ts: level.map((_, i) => i * 600), level };
  const rows: StationRows = level.map((v, i) => [null, i + 6 < level.length ? v + gain * (level[i + 6] - v) : null, null]);
  return { series, rows, stated };
}

describe('track record check', () => {
  it('agrees when each gauge states the skill the scorer measures, and says how far off otherwise', () => {
    const honest = checkTrackRecords([gauge(0.8, 0.8), gauge(0.5, 0.5), gauge(0.2, 0.2)]);
    expect(honest.compared).toBe(3);
    expect(honest.pearson).toBeCloseTo(1, 6);
    expect(honest.meanAbsDiff).toBeCloseTo(0, 6);
    const flattering = checkTrackRecords([gauge(0.8, 0.9), gauge(0.5, 0.9), gauge(0.2, null)]);
    expect(flattering.compared).toBe(2);
    expect(flattering.meanAbsDiff).toBeCloseTo(0.25, 6);
    expect(flattering.pearson).toBeNull(); // the stated records do not vary
    expect(trackCheckLine(flattering)).toContain('2 of 3 gauges compared, Pearson r –, mean |difference| 0.250');
  });
});
