import { describe, expect, it } from 'vitest';
import { goalLine, goals } from './report';
import type { ForecastScores } from './score';

const tri = (a: number | null, b: number | null, c: number | null) => ({ 30: a, 60: b, 120: c });
const table = { hits: 0, misses: 0, falseAlarms: 0 };

function scores(over: Partial<ForecastScores>): ForecastScores {
  return {
    stations: 3,
    coverage: 1,
    skillAll: tri(0.3, 0.4, 0.35),
    skillEvent: tri(0.5, 0.62, 0.45),
    stationMedianEvent: tri(0.5, 0.5, 0.5),
    warnEvents: 10,
    warned30: 8,
    meanLeadMin: 50,
    csi: tri(0.4, 0.5, 0.3),
    tables: { 30: table, 60: table, 120: table },
    ...over
  };
}

describe('bench:forecast goals', () => {
  it('judges each goal on the scores, at its boundary', () => {
    expect(goals(scores({})).map((g) => g.met)).toEqual([true, true, true, true]);
    expect(goals(scores({ skillEvent: tri(0.5, 0.599, 0.45), csi: tri(0.4, 0.499, 0.3), warned30: 7, skillAll: tri(0.3, -0.01, 0.35) })).map((g) => g.met)).toEqual([false, false, false, false]);
  });

  it('says a goal cannot be judged when the data hold nothing to score it on (a month without a warning-level crossing)', () => {
    const g = goals(scores({ warnEvents: 0, warned30: 0, csi: tri(null, null, null) }));
    expect(g.map((x) => x.met)).toEqual([true, true, null, null]);
    expect(goalLine(g[3])).toBe('- cannot be judged on these data (nothing to score it on): ≥ 80 % of crossings forecast ≥ 30 min ahead (0 of 0)');
    expect(goalLine(g[0])).toBe('- met: event skill h60 ≥ 0.6 (0.620)');
  });

  it('judges skill > 0 on the horizons that could be scored (hourly readings have no 30-min outcome)', () => {
    expect(goals(scores({ skillAll: tri(null, 0.2, 0.1), skillEvent: tri(null, 0.3, 0.2) }))[1].met).toBe(true);
    expect(goals(scores({ skillAll: tri(null, 0.2, -0.1), skillEvent: tri(null, 0.3, 0.2) }))[1].met).toBe(false);
  });
});
