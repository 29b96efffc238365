import { describe, expect, it } from 'vitest';
import type { Forecast } from '../../src/lib/core/forecast';
import { createRiverForecaster } from './index';
import { downstreamOf, feedRiver, MIN_MS, seeded, skillAt, T0, upstreamWaves } from './test-support';
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
    const down = downstreamOf(up);
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

describe('a track record kept across restarts (stored as forecast_record by the ingest)', () => {
  it('gives back the same record, and goes on as if never stopped', () => {
    const [a, b] = [new TrackRecord(), new TrackRecord()];
    for (let k = 0; k < 40; k++) a.add(k * 600_000, 7 + (k % 3), 10, 2);
    expect(b.restore(a.state()!, 40 * 600_000)).toBe(true);
    expect(b.skill).toBeCloseTo(a.skill!, 12);
    expect(b.moves).toBeCloseTo(a.moves, 12);
    const later = 9 * 86_400_000;
    for (const r of [a, b]) for (let k = 0; k < 5; k++) r.add(later + k * 600_000, -3, 8, 2);
    expect(b.skill).toBeCloseTo(a.skill!, 12);
  });

  it('does not count twice what the restored record holds (the warm-up replays the hours before the stop)', () => {
    const r = new TrackRecord();
    const stored = { err: 30, persistence: 100, moves: 10, lastMs: 50 * 600_000 };
    expect(r.restore(stored, stored.lastMs)).toBe(true);
    for (let k = 40; k <= 50; k++) r.add(k * 600_000, 0, 10, 2); // replayed: already in the stored record
    expect(r.moves).toBeCloseTo(10, 12);
    expect(r.skill).toBeNull(); // 10 moves: still too thin to quote
    for (let k = 51; k <= 53; k++) r.add(k * 600_000, 10, 10, 2); // new, perfect
    // (the stored numbers fade by a few millionths over the half hour)
    expect(r.skill).toBeCloseTo(1 - 30 / 130, 3);
  });

  it('refuses numbers that cannot be a record, and one dated in the future', () => {
    const r = new TrackRecord();
    const now = 1_000 * 600_000;
    for (const bad of [
      { err: Number.NaN, persistence: 1, moves: 20, lastMs: now },
      { err: -1, persistence: 1, moves: 20, lastMs: now },
      { err: 1, persistence: 1, moves: Number.POSITIVE_INFINITY, lastMs: now },
      { err: 1, persistence: 1, moves: 20, lastMs: now + 86_400_000 }
    ]) expect(r.restore(bad, now)).toBe(false);
    expect(r.state()).toBeNull();
  });

  /** The two-gauge river of the tests above, run to `untilMs`; a restart at `restartMs` when `restart` is set. */
  function downstreamSkill(restart: 'none' | 'restored' | 'cold') {
    const days = 12;
    const up = upstreamWaves(7, days);
    const down = downstreamOf(up);
    const gauges = [
      { id: 'up', upstream: [] },
      { id: 'down', upstream: ['up'] }
    ];
    const restartMs = T0 + 10 * 1440 * MIN_MS;
    const savedMs = restartMs - 40 * MIN_MS; // the last hourly save before the stop
    let f = createRiverForecaster(gauges);
    let saved: ReturnType<NonNullable<typeof f.trackStates>> = [];
    let last: Forecast | null = null;
    const feed = (g: typeof f, t: number) => {
      g.observe('up', t, up(t));
      return g.observe('down', t, down(t));
    };
    for (let t = T0; t < restartMs + 6 * 60 * MIN_MS; t += 10 * MIN_MS) {
      if (t === savedMs) saved = f.trackStates!();
      if (t === restartMs && restart !== 'none') {
        f = createRiverForecaster(gauges);
        if (restart === 'restored') expect(f.restoreTrackStates!(saved, t)).toBe(6);
        // the ingest's warm-up: the day before the restart, from InfluxDB
        for (let w = t - 1440 * MIN_MS; w < t; w += 10 * MIN_MS) feed(f, w);
      }
      last = feed(f, t);
    }
    return last!.points.find((p) => p.horizonMin === 60)?.skill;
  }

  const GAUGES = [{ id: 'up', upstream: [] as string[] }, { id: 'down', upstream: ['up'] }];
  it.each([
    ['its upstream links (the models relearn)', [GAUGES[0], { ...GAUGES[1], upstream: [] }]],
    ['Siaga levels set or taken away (a new forecaster)', [GAUGES[0], { ...GAUGES[1], thresholds: { siaga3: 500, siaga2: 600, siaga1: 700 } }]]
  ])('survives a registry change of %s: what it published stays judged', (_, next) => {
    const up = upstreamWaves(7, 9);
    const f = createRiverForecaster(GAUGES);
    const t = feedRiver(f, up, 9);
    const before = f.latest('down')!.points[1].skill;
    expect(before).toBeDefined();
    f.update!(next);
    const after = f.observe('down', t, downstreamOf(up)(t))!;
    expect(after.confidence).toBeLessThan(0.05); // relearning
    expect(after.points[1].skill).toBeCloseTo(before!, 6);
  });

  it('six hours after a restart the gauge states the record it had, not "not known yet"', () => {
    const never = downstreamSkill('none');
    expect(never).toBeDefined();
    expect(downstreamSkill('cold')).toBeUndefined();
    expect(Math.abs(downstreamSkill('restored')! - never!)).toBeLessThan(0.02);
  });
});

describe('the 30-min record judges the published level, the warning lean included', () => {
  /** One gauge rising through Siaga 3 (160 cm) again and again; its 30-min record at the end, and the skill measured from outside on what it published. */
  function run(warnLean: number) {
    const days = 14;
    const level = upstreamWaves(11, days);
    const f = createRiverForecaster([{ id: 'g', upstream: [], thresholds: { siaga3: 160, siaga2: 200, siaga1: 240 } }], { warnLean });
    const issued = new Map<number, number>();
    const pairs: { forecast: number; now: number; actual: number }[] = [];
    let last: Forecast | null = null;
    for (let t = T0; t < T0 + days * 1440 * MIN_MS; t += 10 * MIN_MS) {
      last = f.observe('g', t, level(t));
      const then = issued.get(t - 30 * MIN_MS);
      if (then !== undefined && t > T0 + 2 * 1440 * MIN_MS) pairs.push({ forecast: then, now: level(t - 30 * MIN_MS), actual: level(t) });
      issued.set(t, last!.points[0].levelCm);
    }
    return { record: last!.points[0].skill!, outside: skillAt(pairs, 5) };
  }

  it('differs with the lean on and off as the skill measured from outside does', () => {
    const [on, off] = [run(0.5), run(0)];
    expect(on.outside).not.toBeCloseTo(off.outside, 3); // the lean did change what was published
    // Before, the record left the lean out: the same with it on and off.
    expect(on.record).not.toBeCloseTo(off.record, 3);
    expect(Math.sign(on.record - off.record)).toBe(Math.sign(on.outside - off.outside));
  });
});
