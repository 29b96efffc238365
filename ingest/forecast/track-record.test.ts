import { describe, expect, it } from 'vitest';
import type { Forecast } from '../../src/lib/core/forecast';
import { createRiverForecaster } from './index';
import { MIN_MS, seeded, skillAt, T0, upstreamWaves } from './test-support';
import { MIN_TRACK_MOVES, TrackRecord } from './track-record';

const HOUR = 3_600_000;

describe('forecast track record', () => {
  it('is the event skill of the published changes on moving water: 1 − Σ|error| ÷ Σ|move|', () => {
    const r = new TrackRecord();
    // moves of 10 cm, forecast 7 cm each: error 3 of 10 → 0.7
    for (let k = 0; k < 2 * MIN_TRACK_MOVES; k++) r.add(k * 600_000, 7, 10, 2);
    expect(r.skill).toBeCloseTo(0.7, 2);
  });

  it('ignores quiet water, which would flatter any forecast, and stays silent while thin', () => {
    const r = new TrackRecord();
    for (let k = 0; k < 500; k++) r.add(k * 600_000, 0, 0.5, 2); // quiet: persistence perfect
    expect(r.skill).toBeNull();
    for (let k = 0; k < MIN_TRACK_MOVES - 1; k++) r.add(500 * 600_000, -5, 10, 2);
    expect(r.skill).toBeNull();
    r.add(500 * 600_000, -5, 10, 2);
    expect(r.skill).toBeCloseTo(-0.5, 2); // forecast the wrong way: worse than "stays"
  });

  it('lets an old flood fade: a week later the recent moves weigh twice the old ones', () => {
    const r = new TrackRecord(7 * 24 * HOUR);
    for (let k = 0; k < 20; k++) r.add(k * 600_000, 10, 10, 2); // perfect then
    const later = 7 * 24 * HOUR + 20 * 600_000;
    for (let k = 0; k < 20; k++) r.add(later + k, 0, 10, 2); // useless now (same instant: no further decay)
    // old weight ½ (error 0, persistence 100), new weight 1 (error 200, persistence 200)
    expect(r.skill).toBeCloseTo(1 - 200 / 300, 2);
    expect(r.moves).toBeCloseTo(30, 0);
  });

  it('passes over non-finite values and an outcome older than the last', () => {
    const r = new TrackRecord();
    for (let k = 0; k < MIN_TRACK_MOVES; k++) r.add(k * HOUR, 10, 10, 2);
    r.add(100 * HOUR, Number.NaN, 10, 2);
    r.add(100 * HOUR, 10, Number.POSITIVE_INFINITY, 2);
    expect(r.moves).toBeCloseTo(MIN_TRACK_MOVES, 0);
    r.add(HOUR / 2, 0, 10, 2); // late: counted, without decaying the rest backwards
    expect(r.skill).toBeLessThan(1);
    expect(r.skill).toBeGreaterThan(0.9);
  });
});

describe('the forecaster reports its own track record', () => {
  /** A two-gauge river (downstream = upstream 90 min later); the downstream gauge's last forecast and its measured 60-min skill over the last 4 days. */
  function river(linked: boolean, startDay = 0) {
    const days = 14;
    const up = upstreamWaves(7, days);
    const rnd = seeded(3);
    const f = createRiverForecaster([
      { id: 'up', upstream: [] },
      { id: 'down', upstream: linked ? ['up'] : [] }
    ]);
    const down = (t: number) => 0.8 * up(t - 90 * MIN_MS) + 20;
    const issued = new Map<number, number>();
    const pairs: { forecast: number; now: number; actual: number }[] = [];
    let first: Forecast | null = null;
    let last: Forecast | null = null;
    for (let t = T0; t < T0 + days * 1440 * MIN_MS; t += 10 * MIN_MS) {
      const [noiseUp, noiseDown] = [rnd() - 0.5, rnd() - 0.5];
      if (t < T0 + startDay * 1440 * MIN_MS) continue; // started later (an ingest restart)
      f.observe('up', t, up(t) + noiseUp);
      last = f.observe('down', t, down(t) + noiseDown);
      first ??= last;
      const then = issued.get(t - 60 * MIN_MS);
      if (then !== undefined && t > T0 + (days - 4) * 1440 * MIN_MS) pairs.push({ forecast: then, now: down(t - 60 * MIN_MS), actual: down(t) });
      if (last) issued.set(t, last.points[1].levelCm);
    }
    return { first: first!, last: last!, measured: skillAt(pairs, 5) };
  }

  it('has none at the start, then one per horizon close to the skill measured from outside', () => {
    const { first, last, measured } = river(true);
    expect(first.points.every((p) => p.skill === undefined)).toBe(true);
    const own = last.points.find((p) => p.horizonMin === 60)?.skill;
    expect(own).toBeDefined();
    expect(Math.abs(own! - measured)).toBeLessThan(0.15);
    expect(last.points.every((p) => p.skill !== undefined && p.skill <= 1)).toBe(true);
  });

  it('after a restart, states what the learned model does, not what it did while young (shrunk to persistence; the warm-up day nobody saw)', () => {
    // started 8 days before the end: a day's warm-up, then a week of forecasts judged from outside
    const { last, measured } = river(true, 6);
    expect(Math.abs(last.points[1].skill! - measured)).toBeLessThan(0.1);
  });

  it('tells a gauge that can see its flood coming from one that cannot', () => {
    const withUpstream = river(true).last.points[1].skill!;
    const alone = river(false).last.points[1].skill!;
    expect(withUpstream).toBeGreaterThan(alone + 0.2);
  });
});
