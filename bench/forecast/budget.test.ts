import { describe, expect, it } from 'vitest';
import { BUDGET_KINDS, ErrorBudget, budgetTable, highWaterHours } from './budget';
import type { Series, StationForecasts } from './data';
import { ForecastScorer } from './score';

const STEP = 600;
const series = (levels: number[], start = 0): Series => ({ ts: levels.map((_, i) => start + i * STEP), level: levels });

/** A slow wave with a flood on day 3, and a forecast that is right half of the way. */
function gauge(): { s: Series; fc: StationForecasts } {
  const levels = Array.from({ length: 6 * 144 }, (_, i) => 100 + 30 * Math.sin(i / 20) + (i > 3 * 144 && i < 3.5 * 144 ? 200 * Math.sin(((i - 3 * 144) / 72) * Math.PI) : 0));
  levels[100] = -300; // a spike in the data, on a quiet day
  const s = series(levels);
  const fc: StationForecasts = new Map();
  s.ts.forEach((t, i) => {
    const f: Record<number, number> = {};
    for (const [h, k] of [[30, 3], [60, 6], [120, 12]] as const) if (i + k < levels.length) f[h] = levels[i] + 0.5 * (levels[i + k] - levels[i]);
    fc.set(t, f);
  });
  return { s, fc };
}

describe('forecast error budget', () => {
  it('splits exactly the scorer\'s event error: the parts add up to its event skill', () => {
    const { s, fc } = gauge();
    const hw = highWaterHours([{ series: s, warnCm: 250 }]);
    const b = new ErrorBudget();
    b.add(s, fc, hw);
    const sc = new ForecastScorer();
    sc.add(s, fc, 250);
    const scored = sc.result();
    const r = b.result();
    for (const h of [30, 60, 120] as const) {
      const [e, p] = BUDGET_KINDS.reduce((a, k) => [a[0] + r[h][k].error, a[1] + r[h][k].persistence], [0, 0]);
      expect(Math.round((1 - e / p) * 1e4) / 1e4).toBe(scored.skillEvent[h]);
    }
  });

  it('puts the outcome spike under glitch, the flood under high water, the rest under ordinary', () => {
    const { s, fc } = gauge();
    const b = new ErrorBudget();
    b.add(s, fc, highWaterHours([{ series: s, warnCm: 250 }]));
    const r = b.result();
    // The spike at reading 100 is the outcome of the forecasts issued 30, 60 and 120 min before it.
    for (const h of [30, 60, 120] as const) expect(r[h].glitch.events).toBe(1);
    expect(r[60].highWater.events).toBeGreaterThan(0);
    expect(r[60].ordinary.events).toBeGreaterThan(0);
    // The forecast is right half of the way on every real move: skill 0.5 in both parts.
    expect(1 - r[60].highWater.error / r[60].highWater.persistence).toBeCloseTo(0.5, 6);
    expect(1 - r[60].ordinary.error / r[60].ordinary.persistence).toBeCloseTo(0.5, 6);
    expect(budgetTable([['ours', r], ['persistence', new ErrorBudget().result()]])).toContain('| 60 min | ordinary moving water | ');
    const persist = new ErrorBudget();
    persist.add(s, new Map(), highWaterHours([{ series: s, warnCm: 250 }]));
    expect(budgetTable([['ours', r], ['persistence', persist.result()]])).toMatch(/\| 60 min \| outcome is a spike in the data \| 1 \| \d+ % \| \d+ % \| -?\d\.\d{3} \/ 0\.000 \|/);
  });

  it('marks high water from any gauge of the network, ±24 h around it, and none without a warning level', () => {
    const quiet = series(Array(10).fill(10), 50 * 3600);
    const flooded = series([10, 10, 500, 10], 50 * 3600);
    const hours = highWaterHours([
      { series: quiet, warnCm: 100 },
      { series: flooded, warnCm: 100 },
      { series: flooded, warnCm: null }
    ]);
    expect(hours.has(50)).toBe(true);
    expect(hours.has(26)).toBe(true);
    expect(hours.has(74)).toBe(true);
    expect(hours.has(25)).toBe(false);
    expect(hours.has(75)).toBe(false);
    expect(highWaterHours([{ series: flooded, warnCm: null }]).size).toBe(0);
  });
});

describe('forecast error budget on untidy series', () => {
  it('reads a series as the scorer does: a repeated timestamp once, with its last level; rows out of order sorted', () => {
    const { s, fc } = gauge();
    // in the flood: a reading delivered twice, one sent twice with another level, and two rows swapped
    const ts = [...s.ts.slice(0, 461), s.ts[450], s.ts[460], ...s.ts.slice(461)];
    const level = [...s.level.slice(0, 461), s.level[450], s.level[460] + 40, ...s.level.slice(461)];
    [ts[480], ts[481], level[480], level[481]] = [ts[481], ts[480], level[481], level[480]];
    // what the scorer reads: one level per timestamp (the last), in time order
    const last = new Map(ts.map((t, i) => [t, level[i]] as const));
    const sorted = [...last.keys()].sort((a, b) => a - b);
    const tidy: Series = { ts: sorted, level: sorted.map((t) => last.get(t) as number) };
    const budget = (x: Series) => {
      const b = new ErrorBudget();
      b.add(x, fc, highWaterHours([{ series: x, warnCm: 250 }]));
      return b.result();
    };
    expect(budget({ ts, level })).toEqual(budget(tidy));
  });
});
