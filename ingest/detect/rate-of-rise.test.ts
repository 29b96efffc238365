import { describe, expect, it } from 'vitest';
import type { DetectorContext } from './context';
import { createRateOfRiseDetector, rateOfRiseDetector, robustSlope } from './rate-of-rise';
import { GUNUNG_LINGAI, HOUR, MIN, T0, reading } from './test-support';

/** Readings every `stepMin` minutes from `from` cm rising `cmPerH`, for `hours`. */
function series(from: number, cmPerH: number, hours: number, stepMin = 5) {
  const out: { ts: number; wl: number }[] = [];
  for (let m = 0; m <= hours * 60; m += stepMin) out.push({ ts: T0 + m * MIN, wl: from + (cmPerH * m) / 60 });
  return out;
}

function run(points: { ts: number; wl: number }[], detector = rateOfRiseDetector) {
  const d = detector.create(GUNUNG_LINGAI)!;
  return points.map((p) => d.observe(reading(GUNUNG_LINGAI.id, 'flood', p.ts, { water_level: p.wl })));
}

describe('robustSlope', () => {
  it('is the exact slope of a line and ignores one outlier', () => {
    const ts = [0, 1, 2, 3, 4, 5, 6];
    expect(robustSlope(ts, [1, 3, 5, 7, 9, 11, 13], 7)).toBe(2);
    expect(robustSlope(ts, [1, 3, 5, 7, 9, 500, 13], 7)).toBe(2);
    expect(robustSlope([0], [1], 1)).toBeNull();
  });
});

describe('rate_of_rise', () => {
  it('200 → 214 cm in 2 h is 7 cm/h, Siaga 2 (218 cm) in 4/7 h ≈ 34 min', () => {
    const last = run(series(200, 7, 2)).at(-1)!;
    expect(last.active).toBe(true);
    expect(last.value).toBe(7);
    expect(last.level).toBe(2);
    expect(last.severity).toBe('warning');
    expect(last.title).toEqual({
      id: 'Gunung Lingai naik 7 cm/jam: Siaga 2 dalam ±34 menit',
      en: 'Gunung Lingai rising 7 cm/h: Level 2 in about 34 min'
    });
    // Window: the last 30 min at 5-min steps = 7 points.
    expect(last.explanation.en).toContain('7 points, last 30 min');
  });

  it('writes a rate with a decimal comma in Indonesian, a point in English', () => {
    const last = run(series(200, 7.5, 2)).at(-1)!; // 215 cm, Siaga 2 at 218
    expect(last.active).toBe(true);
    expect(last.title.id).toMatch(/^Gunung Lingai naik 7,5 cm\/jam: Siaga 2 dalam/);
    expect(last.title.en).toMatch(/^Gunung Lingai rising 7\.5 cm\/h: Level 2 in/);
    expect(last.explanation.id).toContain('Air naik 7,5 cm/jam');
  });

  it('is critical when Siaga 1 is next', () => {
    const last = run(series(225, 10, 1)).at(-1)!; // 235 cm, Siaga 1 at 240: 30 min
    expect([last.active, last.level, last.severity]).toEqual([true, 3, 'critical']);
    expect(last.title.en).toBe('Gunung Lingai rising 10 cm/h: Level 1 in about 30 min');
  });

  it('stays quiet below the rate, or when the next level is more than an hour away', () => {
    expect(run(series(200, 4, 2)).at(-1)!.active).toBe(false);
    // 150 → 164 cm at 7 cm/h: Siaga 3 (200) is 36/7 h ≈ 5.1 h away.
    expect(run(series(150, 7, 2)).at(-1)!.active).toBe(false);
    // 205 → 213 cm at 4 cm/h: Siaga 2 in 75 min; counts only with the rate lowered to 3 cm/h and a 2 h horizon.
    expect(run(series(205, 4, 2)).at(-1)!.active).toBe(false);
    expect(run(series(205, 4, 2), createRateOfRiseDetector({ minRateCmPerH: 3 })).at(-1)!.active).toBe(false);
    expect(run(series(205, 4, 2), createRateOfRiseDetector({ minRateCmPerH: 3, horizonMin: 120 })).at(-1)!.title.en).toBe(
      'Gunung Lingai rising 4 cm/h: Level 2 in about 75 min'
    );
  });

  it('needs 4 points over 10 min before it says anything', () => {
    const out = run(series(210, 30, 0.25, 5)); // 0, 5, 10, 15 min: 210 … 217.5 cm, Siaga 2 at 218
    expect(out.map((f) => f!.active)).toEqual([false, false, false, true]);
  });

  it('slow path: quiet until the water is halfway from its normal to the threshold (a shower stops short)', () => {
    // Gunung Lingai-like gauge at its normal 170 cm, then +40 cm/h every minute (a strong shower's
    // rise). Siaga 3 is 200: the slow path needs risen ≥ remaining, i.e. 185 cm (22.5 min in).
    const pts = [...Array.from({ length: 30 }, (_, i) => ({ ts: T0 + i * MIN, wl: 170 })), ...series(170, 40, 0.5, 1).map((p) => ({ ts: p.ts + 30 * MIN, wl: p.wl }))];
    const out = run(pts, createRateOfRiseDetector({ fastRateCmPerH: 1000 }));
    const firstActive = out.findIndex((f) => f!.active);
    // 30 flat readings, then 170 + 40·m/60 at minute m: m = 23 is the first at ≥ 185 cm (185.3).
    expect(firstActive).toBe(30 + 23);
    // The same rise stopping at 182 cm (+12 cm, a shower) never fires.
    const shower = pts.map((p) => ({ ts: p.ts, wl: Math.min(p.wl, 182) }));
    expect(run(shower, createRateOfRiseDetector({ fastRateCmPerH: 1000 })).some((f) => f!.active)).toBe(false);
  });

  it('fast path: 60 cm/h over the last 5 readings fires at once, without the halfway test', () => {
    // Benanga-like (Siaga 3 at 50 cm) at 22 cm, rising 1 cm a minute.
    const benanga = { ...GUNUNG_LINGAI, flood: { siaga3: 50, siaga2: 55, siaga1: 105 } };
    const d = rateOfRiseDetector.create(benanga)!;
    const out = [22, 22, 22, 23, 24, 25, 26].map((wl, i) => d.observe(reading(benanga.id, 'flood', T0 + i * MIN, { water_level: wl }))!);
    // Least squares over the last 5 min (t = i − 5 … i). At i = 5 (22, 22, 22, 23, 24, 25): Σ(t−t̄)(v−v̄) = 11,
    // Σ(t−t̄)² = 17.5 → 0.629 cm/min = 37.7 cm/h, quiet. At i = 6 (22, 22, 23, 24, 25, 26): 15 / 17.5 → 51.4 cm/h ≥ 50,
    // and the robust slope (pairs 3 min apart: 2/3, 3/3, 3/3 cm/min → 60 cm/h) is ≥ 25.
    expect(out.map((f) => f.active)).toEqual([false, false, false, false, false, false, true]);
    expect([out[6].level, out[6].value]).toEqual([1, 51.4]);
    const next = d.observe(reading(benanga.id, 'flood', T0 + 7 * MIN, { water_level: 27 }))!; // 22 … 27: 1 cm/min
    expect([next.active, next.level, next.value]).toEqual([true, 1, 60]);
    expect(next.title.en).toBe('Gunung Lingai rising 60 cm/h: Level 3 in about 23 min');
    expect(next.explanation.en).toContain('6 points, last 5 min');
    // A one-reading spike (45 cm, below Siaga 3) in the fast window: least squares says ≈ 386 cm/h, but it moves one pair slope only (robust 0): no fast rise.
    const g = rateOfRiseDetector.create(benanga)!;
    const spiky = [0, 0, 0, 0, 0, 0, 45, 0].map((wl, i) => g.observe(reading(benanga.id, 'flood', T0 + i * MIN, { water_level: wl }))!);
    expect(spiky.some((f) => f.active)).toBe(false);
    // A shower's 40 cm/h is below the fast rate: quiet.
    const e = rateOfRiseDetector.create(benanga)!;
    const slow = [22, 22.7, 23.3, 24, 24.7, 25.3, 26].map((wl, i) => e.observe(reading(benanga.id, 'flood', T0 + i * MIN, { water_level: wl }))!);
    expect(slow.some((f) => f.active)).toBe(false);
  });

  it('shrugs off a single spike in the window', () => {
    const pts = series(200, 7, 2);
    pts[pts.length - 2] = { ...pts[pts.length - 2], wl: 400 };
    expect(run(pts).at(-1)!.value).toBe(7);
  });

  it('ignores readings out of time order', () => {
    const d = rateOfRiseDetector.create(GUNUNG_LINGAI)!;
    d.observe(reading(GUNUNG_LINGAI.id, 'flood', T0 + HOUR, { water_level: 200 }));
    expect(d.observe(reading(GUNUNG_LINGAI.id, 'flood', T0, { water_level: 300 }))).toBeNull();
  });
});

describe('rate_of_rise on a level sensor_step reads away', () => {
  it('says the level it judges is not the level the gauge reads, in both languages, as flood_level does', () => {
    // a step down of 80 cm read away: the gauge reads 120 → 134 cm, rate_of_rise judges 200 → 214 cm (Siaga 2 at 218)
    let shift = 0;
    const ctx = { sensor: GUNUNG_LINGAI, upstream: [], downstream: [], forecast: () => null, datumShift: () => shift } as Partial<DetectorContext> as DetectorContext;
    const d = rateOfRiseDetector.create(GUNUNG_LINGAI, ctx)!;
    const points = series(200, 7, 2);
    const plain = points.map((p) => d.observe(reading(GUNUNG_LINGAI.id, 'flood', p.ts, { water_level: p.wl })))!.at(-1)!;
    expect(plain.active).toBe(true);
    expect(plain.explanation.en).not.toContain('reads');
    shift = -80;
    const d2 = rateOfRiseDetector.create(GUNUNG_LINGAI, ctx)!;
    const read = points.map((p) => d2.observe(reading(GUNUNG_LINGAI.id, 'flood', p.ts, { water_level: p.wl + shift })))!.at(-1)!;
    expect(read.active && read.level === 2).toBe(true);
    expect(read.explanation.en).toContain('214 cm now, Level 2 threshold 218 cm. The gauge reads 134 cm; Pantau counts +80 cm for a suspected level step');
    expect(read.explanation.id).toContain('Pos membaca 134 cm; Pantau menghitung +80 cm');
  });
});
