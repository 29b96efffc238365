import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/lib/core/sensor';
import { createRiverForecaster, forecastGaugesFromCatalog, upstreamOf, type ForecastGauge } from './index';
import { feedRiver, MIN_MS, seeded, skillAt, T0, upstreamWaves } from './test-support';

const THRESHOLDS = { siaga3: 250, siaga2: 290, siaga1: 330 };

/**
 * Runs a two-gauge river where the downstream gauge is the upstream one `lagMin` later (plus a
 * little noise), every `stepMin`, and returns the downstream gauge's 60-min skill over the last
 * `scoreDays` days on moving water.
 */
function runRiver(lagMin: number, gauges: ForecastGauge[], days = 14, scoreDays = 4, stepMin = 10): number {
  const up = upstreamWaves(7, days);
  const rnd = seeded(3);
  const f = createRiverForecaster(gauges);
  const down = (t: number) => 0.8 * up(t - lagMin * MIN_MS) + 20;
  const issued = new Map<number, number>();
  const pairs: { forecast: number; now: number; actual: number }[] = [];
  for (let t = T0; t < T0 + days * 1440 * MIN_MS; t += stepMin * MIN_MS) {
    f.observe('up', t, up(t) + (rnd() - 0.5));
    const level = down(t) + (rnd() - 0.5);
    const fc = f.observe('down', t, level);
    const then = issued.get(t - 60 * MIN_MS);
    if (then !== undefined && t > T0 + (days - scoreDays) * 1440 * MIN_MS) pairs.push({ forecast: then, now: down(t - 60 * MIN_MS), actual: down(t) });
    if (fc) issued.set(t, fc.points[1].levelCm);
  }
  return skillAt(pairs, 5);
}

describe('river forecaster on synthetic rivers with known travel times', () => {
  const linked: ForecastGauge[] = [
    { id: 'up', upstream: [] },
    { id: 'down', upstream: ['up'], thresholds: THRESHOLDS }
  ];
  const alone: ForecastGauge[] = [
    { id: 'up', upstream: [] },
    { id: 'down', upstream: [] }
  ];

  it('learns a 90-minute travel time: the 60-min forecast is nearly right where the gauge alone cannot be', () => {
    const withUpstream = runRiver(90, linked);
    const withoutUpstream = runRiver(90, alone);
    expect(withUpstream).toBeGreaterThan(0.8);
    expect(withUpstream).toBeGreaterThan(withoutUpstream + 0.2);
  });

  it('learns a different travel time (150 min) just as well, with nothing fixed in advance', () => {
    expect(runRiver(150, linked)).toBeGreaterThan(0.8);
  });

  it('states the travel times it learned (longer lag, longer learned time)', () => {
    const learned = [90, 150].map((lag) => {
      const up = upstreamWaves(7, 14);
      const f = createRiverForecaster(linked);
      for (let t = T0; t < T0 + 14 * 1440 * MIN_MS; t += 10 * MIN_MS) {
        f.observe('up', t, up(t));
        f.observe('down', t, 0.8 * up(t - lag * MIN_MS) + 20);
      }
      return f.travelTimes?.('down')[0].minutes ?? null;
    });
    expect(Math.abs((learned[0] ?? 0) - 90)).toBeLessThanOrEqual(40);
    expect(Math.abs((learned[1] ?? 0) - 150)).toBeLessThanOrEqual(40);
    expect(learned[1]).toBeGreaterThan(learned[0] ?? Infinity);
  });

  it('explains a forecast rise with numbers: the upstream rise, the rain, the own trend', () => {
    const up = upstreamWaves(7, 10);
    const f = createRiverForecaster(linked);
    let t = feedRiver(f, up, 10);
    // a sharp upstream rise of 60 cm over the last hour, with 40 mm/h of rain at the gauge
    for (let i = 1; i <= 6; i++, t += 10 * MIN_MS) {
      f.observe('up', t, up(t) + 10 * i);
      f.observe('down', t, 0.8 * up(t - 90 * MIN_MS) + 20 + 2 * i, 40);
    }
    const reasons = f.latest('down')!.reasons;
    const upstream = reasons.find((r) => r.kind === 'upstream');
    expect(upstream?.sensorId).toBe('up');
    expect(upstream!.amount).toBeGreaterThan(30);
    expect(upstream!.minutes).toBeGreaterThanOrEqual(30);
    expect(reasons.find((r) => r.kind === 'rain')?.amount).toBe(40);
  });

  it('beats persistence at 1-minute, 30-minute and hourly reporting intervals', () => {
    expect(runRiver(90, linked, 8, 3, 1)).toBeGreaterThan(0.5);
    expect(runRiver(90, linked, 14, 4, 30)).toBeGreaterThan(0.5);
    expect(runRiver(90, linked, 14, 4, 60)).toBeGreaterThan(0.5);
  });
});

describe('forecaster robustness', () => {
  it('starts cautious: near persistence until outcomes judge its experts, then follows a rise within hours, not after a day', () => {
    const f = createRiverForecaster([{ id: 'g', upstream: [] }]);
    const rise = (i: number) => f.observe('g', T0 + i * 10 * MIN_MS, 100 + 3 * i)!;
    let fc = rise(0);
    for (let i = 1; i < 3; i++) fc = rise(i);
    // 20 minutes in: hardly any outcome known yet
    expect(Math.abs(fc.points[1].levelCm - 106)).toBeLessThan(3);
    expect(fc.points[1].highCm - fc.points[1].lowCm).toBeGreaterThan(2);
    for (let i = 3; i < 24; i++) fc = rise(i);
    // four hours of a steady 18 cm/h: the straight lines have proved themselves; the regressions,
    // a few dozen updates old, are still shrunk (confidence reports them), the rise is followed
    expect(fc.points[1].levelCm - 169).toBeGreaterThan(9);
    expect(fc.points[1].levelCm - 169).toBeLessThan(20);
    expect(fc.confidence).toBeLessThan(0.2);
  });

  it('a gauge still for weeks is no young gauge: its first rise is forecast as a known gauge forecasts it', () => {
    // no moving water, so outcomes never judged its experts (no evidence); its regressions have learned (trust)
    const f = createRiverForecaster([{ id: 'g', upstream: [], thresholds: { siaga3: 150, siaga2: 200, siaga1: 250 } }]);
    let t = T0;
    for (; t < T0 + 14 * 86_400_000; t += 10 * MIN_MS) f.observe('g', t, 100);
    const rise0 = t;
    let fc = null;
    for (; t <= rise0 + 120 * MIN_MS; t += 10 * MIN_MS) fc = f.observe('g', t, 100 + Math.round((18 * (t - rise0)) / (60 * MIN_MS)));
    expect(fc!.confidence).toBeGreaterThan(0.9);
    expect(fc!.points[1].levelCm - fc!.levelCm).toBeGreaterThan(12);
    expect(fc!.crossing).not.toBeNull();
  });

  it('stays finite after readings near the float limit (no reading poisons the gauge for good)', () => {
    const f = createRiverForecaster([{ id: 'g', upstream: [] }]);
    let t = T0;
    for (let i = 0; i < 400; i++) f.observe('g', (t += 10 * MIN_MS), 100 + Math.sin(i / 5) * 20);
    for (const v of [1.7e308, 1.7e308, -1.7e308, -1.7e308]) f.observe('g', (t += 10 * MIN_MS), v);
    let fc = null;
    for (let i = 0; i < 300; i++) fc = f.observe('g', (t += 10 * MIN_MS), 100 + Math.sin(i / 5) * 20);
    for (const p of fc!.points) for (const v of [p.levelCm, p.lowCm, p.highCm]) expect(Number.isFinite(v)).toBe(true);
    expect(Math.abs(fc!.points[1].levelCm - fc!.levelCm)).toBeLessThan(40);
  });

  it('does not believe a single wild reading (flat at 12.3 cm, one reading of −262 cm)', () => {
    const f = createRiverForecaster([{ id: 'g', upstream: [], thresholds: { siaga3: 20, siaga2: 40, siaga1: 60 } }]);
    const rnd = seeded(1);
    let t = T0;
    for (let i = 0; i < 2000; i++, t += 10 * MIN_MS) f.observe('g', t, 12.3 + 0.2 * (rnd() - 0.5));
    const glitch = f.observe('g', t, -262);
    const after = f.observe('g', t + 10 * MIN_MS, 12.3);
    for (const fc of [glitch, after]) {
      for (const p of fc!.points) expect(Math.abs(p.levelCm - 12.3)).toBeLessThan(1);
      expect(fc!.crossing).toBeNull();
    }
  });

  it('believes a real sudden rise one reading later (the next reading confirms it)', () => {
    const f = createRiverForecaster([{ id: 'g', upstream: [] }]);
    let t = T0;
    for (let i = 0; i < 500; i++, t += 10 * MIN_MS) f.observe('g', t, 50);
    f.observe('g', t, 150);
    const confirmed = f.observe('g', t + 10 * MIN_MS, 155);
    expect(confirmed!.levelCm).toBe(155);
    expect(confirmed!.ts).toBe(t + 10 * MIN_MS);
  });

  it.each([15, 30, 60])('follows a steady steep rise at %i-min readings: the course is not a glitch', (stepMin) => {
    const f = createRiverForecaster([{ id: 'g', upstream: [] }]);
    const rnd = seeded(2);
    let t = T0;
    for (let i = 0; i < 300; i++, t += stepMin * MIN_MS) f.observe('g', t, 80 + 0.5 * (rnd() - 0.5));
    // 2 cm per minute: 30–120 cm a reading, far beyond the quiet gauge's learned step variation
    let fc = null;
    for (let i = 1; i <= 6; i++, t += stepMin * MIN_MS) fc = f.observe('g', t, 80 + 2 * stepMin * i);
    // believed at most one reading late (a flat gauge's first jump is held), then every reading
    expect(fc!.levelCm).toBe(80 + 2 * stepMin * 6);
    expect(fc!.ts).toBe(t - stepMin * MIN_MS);
  });

  it('still drops a spike in the middle of a steady rise', () => {
    const f = createRiverForecaster([{ id: 'g', upstream: [] }]);
    let t = T0;
    let level = 100;
    for (let i = 0; i < 600; i++, t += 10 * MIN_MS) f.observe('g', t, (level += i % 2 ? 0.4 : 0.2));
    const before = f.observe('g', t, (level += 0.3));
    const spike = f.observe('g', t + 10 * MIN_MS, level - 250);
    const after = f.observe('g', t + 20 * MIN_MS, level + 0.6);
    expect(spike!.ts).toBe(before!.ts);
    expect(after!.levelCm).toBeCloseTo(level + 0.6, 6);
    for (const p of after!.points) expect(p.levelCm).toBeGreaterThan(level - 5);
  });

  it('does not believe a wild reading after a long silence in a rise (the course is not carried on for hours)', () => {
    const f = createRiverForecaster([{ id: 'g', upstream: [] }]);
    const rnd = seeded(4);
    let t = T0;
    let level = 100;
    for (let i = 0; i < 300; i++, t += 10 * MIN_MS) f.observe('g', t, level + 0.5 * (rnd() - 0.5));
    // two hours of a 1 cm/min rise, then 12 hours silent
    for (let i = 0; i < 12; i++, t += 10 * MIN_MS) f.observe('g', t, (level += 10));
    t += 12 * 60 * MIN_MS;
    const wild = f.observe('g', t, level + 500);
    const after = f.observe('g', t + 10 * MIN_MS, level + 20);
    expect(wild!.levelCm).toBe(level);
    expect(after!.levelCm).toBe(level + 20);
    for (const p of after!.points) expect(p.levelCm).toBeLessThan(level + 200);
  });

  it('does not take a wild reading delivered twice (a broker redelivery) as its own confirmation', () => {
    const f = createRiverForecaster([{ id: 'g', upstream: [] }]);
    const rnd = seeded(1);
    let t = T0;
    for (let i = 0; i < 2000; i++, t += 10 * MIN_MS) f.observe('g', t, 12.3 + 0.2 * (rnd() - 0.5));
    const glitch = f.observe('g', t, -262);
    const again = f.observe('g', t, -262);
    const after = f.observe('g', t + 10 * MIN_MS, 12.3);
    expect(again!.ts).toBe(glitch!.ts);
    expect(again!.ts).toBeLessThan(t);
    expect(after!.ts).toBe(t + 10 * MIN_MS);
    for (const p of after!.points) expect(Math.abs(p.levelCm - 12.3)).toBeLessThan(1);
  });

  it('survives gaps and irregular intervals with finite forecasts, and keeps forecasting after a 6-hour silence', () => {
    const up = upstreamWaves(11, 6);
    const rnd = seeded(5);
    const f = createRiverForecaster([{ id: 'g', upstream: [] }]);
    let t = T0;
    let last = null;
    while (t < T0 + 6 * 1440 * MIN_MS) {
      last = f.observe('g', t, up(t));
      for (const p of last!.points) expect(Number.isFinite(p.levelCm) && p.lowCm <= p.levelCm && p.levelCm <= p.highCm).toBe(true);
      const r = rnd();
      t += (r < 0.01 ? 6 * 60 : r < 0.05 ? 120 : 1 + 19 * rnd()) * MIN_MS;
    }
    expect(last!.ts).toBeGreaterThan(T0 + 5 * 1440 * MIN_MS);
  });

  it('keeps bounded state: the same bytes after 2 days as after 20', () => {
    const up = upstreamWaves(2, 20);
    const f = createRiverForecaster([
      { id: 'a', upstream: [] },
      { id: 'b', upstream: ['a'] }
    ]);
    let after2 = 0;
    for (let t = T0, i = 0; t < T0 + 20 * 1440 * MIN_MS; t += 10 * MIN_MS, i++) {
      f.observe('a', t, up(t));
      f.observe('b', t, up(t - 60 * MIN_MS));
      if (i === 288) after2 = f.stateBytes();
    }
    expect(f.stateBytes()).toBe(after2);
    expect(f.stateBytes() / 2).toBeLessThan(32_000);
  });

  it('answers null for an unknown gauge and ignores a reading older than the last', () => {
    const f = createRiverForecaster([{ id: 'g', upstream: [] }]);
    expect(f.observe('nope', T0, 1)).toBeNull();
    const a = f.observe('g', T0 + MIN_MS, 10);
    expect(f.observe('g', T0, 500)).toBe(a);
    expect(f.latest('g')).toBe(a);
  });
});

describe('forecast gauges from the catalog', () => {
  it('reads upstream from the downstream links and thresholds from the flood profile', () => {
    const sensor = (id: string, downstream?: string[]) => ({
      id, kind: 'flood' as const, name: id, district: 'x', lat: 0, lon: 0, intervalS: 60, flood: THRESHOLDS, downstream
    });
    const catalog: Catalog = { city: 'c', districts: [], sensors: [sensor('benanga', ['lingai']), sensor('lingai', ['kp3']), sensor('kp3')] };
    const gauges = forecastGaugesFromCatalog(catalog);
    expect(gauges.map((g) => [g.id, g.upstream])).toEqual([['benanga', []], ['lingai', ['benanga']], ['kp3', ['lingai']]]);
    expect(gauges[2].thresholds).toEqual(THRESHOLDS);
    const direct = new Map(gauges.map((g) => [g.id, g.upstream]));
    expect(upstreamOf('kp3', direct, 3)).toEqual(['lingai', 'benanga']);
    expect(upstreamOf('kp3', direct, 1)).toEqual(['lingai']);
  });
});
