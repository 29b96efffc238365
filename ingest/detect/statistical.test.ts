import { describe, it, expect } from 'vitest';
import type { Reading } from '../../src/lib/core/reading';
import type { Sensor } from '../../src/lib/core/sensor';
import { STATISTICAL_FIELDS, STATISTICAL_THRESHOLD, STATISTICAL_WARNING_THRESHOLD, createAnomalyScorer, createStatisticalDetector, rarityText, statisticalDetector } from './statistical';
import type { SizedSensorDetector } from './finding';
import { createNoise } from './test-support';

const MIN_MS = 60_000;
const STEP_MS = 5 * MIN_MS;
const T0 = Date.UTC(2026, 0, 5); // a Monday, 00:00 UTC


/** A daily wave (peak at 12:00 UTC) with noise, one reading every 5 min. */
function dailyValue(ts: number, noise: () => number): number {
  const hour = (ts % 86_400_000) / 3_600_000;
  return 100 + 40 * Math.sin(((hour - 6) / 24) * 2 * Math.PI) + 2 * noise();
}

function feed(scorer: ReturnType<typeof createAnomalyScorer>, n: number, noise = createNoise(42)): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const ts = T0 + i * STEP_MS;
    out.push(scorer.score(ts, dailyValue(ts, noise)));
  }
  return out;
}

describe('createAnomalyScorer', () => {
  it('scores in [0, 1] and 0 during warm-up', () => {
    const scores = feed(createAnomalyScorer(), 3000);
    expect(scores.slice(0, 150).every((s) => s === 0)).toBe(true);
    expect(scores.every((s) => s >= 0 && s <= 1)).toBe(true);
  });

  it('scores a spike far above every normal reading', () => {
    const scorer = createAnomalyScorer();
    const normal = feed(scorer, 14 * 288); // two weeks
    const ts = T0 + 14 * 288 * STEP_MS;
    const spike = scorer.score(ts, 400);
    expect(spike).toBeGreaterThan(STATISTICAL_THRESHOLD);
    expect(spike).toBeGreaterThan(Math.max(...normal.slice(7 * 288)));
  });

  it('knows the time of day: a midday level held at 03:00 is anomalous, at 12:00 it is not', () => {
    // The raw score averages 3 readings (a lone glitch counts less than a sustained change),
    // so the level is held for three readings.
    const run = (hour: number) => {
      const scorer = createAnomalyScorer();
      feed(scorer, 14 * 288);
      const ts = T0 + 14 * 86_400_000 + hour * 3_600_000;
      const normal = scorer.normal(ts);
      const scores = [0, 1, 2].map((i) => scorer.score(ts + i * STEP_MS, 140));
      return { score: Math.max(...scores), normal };
    };
    const night = run(3);
    const noon = run(12);
    // slot means of 100 + 40 sin(2π(h − 6)/24) over the hour: ≈ 76 at 03:00, ≈ 140 at 12:00
    expect(night.normal).toBeGreaterThan(70);
    expect(night.normal).toBeLessThan(82);
    expect(noon.normal).toBeGreaterThan(130);
    expect(night.score).toBeGreaterThan(STATISTICAL_THRESHOLD);
    expect(noon.score).toBeLessThan(STATISTICAL_THRESHOLD);
  });

  it('ranks the first reading of a burst above the ones that follow', () => {
    const scorer = createAnomalyScorer();
    feed(scorer, 14 * 288);
    const start = T0 + 14 * 288 * STEP_MS;
    const burst = [0, 1, 2, 3, 4, 5].map((i) => scorer.score(start + i * STEP_MS, 400));
    expect(burst[0]).toBeGreaterThan(STATISTICAL_THRESHOLD);
    expect(Math.max(...burst.slice(3))).toBeLessThan(burst[0]);
  });

  it('does not take a jump across a long data gap as a step', () => {
    const scorer = createAnomalyScorer();
    feed(scorer, 14 * 288);
    // six hours of silence, then an ordinary reading for that hour
    const ts = T0 + 14 * 288 * STEP_MS + 6 * 3_600_000;
    expect(scorer.score(ts, dailyValue(ts, createNoise(7)))).toBeLessThan(STATISTICAL_THRESHOLD);
  });

  it('ignores NaN, infinite and out-of-order readings without being poisoned by them', () => {
    const scorer = createAnomalyScorer();
    feed(scorer, 3000);
    const ts = T0 + 3000 * STEP_MS;
    expect(scorer.score(ts, Number.NaN)).toBe(0);
    expect(scorer.score(ts, Number.POSITIVE_INFINITY)).toBe(0);
    expect(scorer.score(T0, 400)).toBe(0); // older than the last reading
    const next = scorer.score(ts, dailyValue(ts, createNoise(3)));
    expect(Number.isFinite(next)).toBe(true);
    expect(next).toBeLessThan(STATISTICAL_THRESHOLD);
  });

  it('keeps its state under 4 KB (the issue’s bound per series) and the same size whatever it sees', () => {
    const scorer = createAnomalyScorer();
    const before = scorer.stateBytes();
    const noise = createNoise(9);
    for (let i = 0; i < 50_000; i++) scorer.score(T0 + i * STEP_MS, 1e6 * noise());
    expect(before).toBeLessThanOrEqual(4096);
    expect(scorer.stateBytes()).toBe(before);
  });

  it('stays quiet on a flat line', () => {
    const scorer = createAnomalyScorer();
    const scores = Array.from({ length: 2000 }, (_, i) => scorer.score(T0 + i * STEP_MS, 42));
    expect(Math.max(...scores)).toBeLessThan(STATISTICAL_THRESHOLD);
  });
});

const gauge: Sensor = {
  id: 'flood-karang-mumus-1',
  kind: 'flood',
  name: 'Karang Mumus Segiri',
  district: 'Samarinda Ulu',
  lat: -0.49,
  lon: 117.15,
  intervalS: 300
};

function reading(ts: number, values: Record<string, number>): Reading {
  return { sensorId: gauge.id, kind: 'flood', ts, values };
}

describe('statisticalDetector', () => {
  it('is the statistical rule for every kind', () => {
    expect(statisticalDetector.rule).toBe('statistical');
    expect([...statisticalDetector.kinds].sort()).toEqual(['air', 'flood', 'traffic']);
  });

  it('is quiet on normal readings and raises a bilingual warning with value, usual range and rarity on a surge', () => {
    const d = statisticalDetector.create(gauge)!;
    const noise = createNoise(11);
    let lastTs = T0;
    for (let i = 0; i < 14 * 288; i++) {
      lastTs = T0 + i * STEP_MS;
      const f = d.observe(reading(lastTs, { water_level: 150 + 3 * noise(), rainfall: 0 }));
      if (i === 14 * 288 - 1) expect(f?.active).toBe(false);
    }
    const f = d.observe(reading(lastTs + STEP_MS, { water_level: 320, rainfall: 0 }));
    expect(f).not.toBeNull();
    expect(f!.active).toBe(true);
    expect(f!.rule).toBe('statistical');
    expect(f!.category).toBe('emergency');
    // 320 cm against 150 ± 3 for two weeks: far past the warning level, so it may page
    expect(f!.severity).toBe('warning');
    expect(f!.value).toBe(320);
    expect(f!.normal).toBeGreaterThan(140);
    expect(f!.normal).toBeLessThan(160);
    expect(f!.explanation.id).toContain('320 cm');
    expect(f!.explanation.id).toMatch(/biasanya pada jam ini 1\d\d–1\d\d cm/);
    expect(f!.explanation.id).toMatch(/sekali dalam|setahun/);
    expect(f!.explanation.en).toContain('320 cm');
    expect(f!.explanation.en).toMatch(/usual for this hour 1\d\d–1\d\d cm/);
    expect(f!.explanation.en).toMatch(/once in|once a year/);
  });

  it('keeps a new level active past its first reading (the scorer marks the rest of a burst down), not for ever', () => {
    const d = statisticalDetector.create(gauge)!;
    const noise = createNoise(12);
    let ts = T0;
    for (let i = 0; i < 14 * 288; i++) d.observe(reading((ts = T0 + i * STEP_MS), { water_level: 150 + 3 * noise() }));
    const held = [1, 2, 3].map((k) => d.observe(reading(ts + k * STEP_MS, { water_level: 320 }))!.active);
    expect(held).toEqual([true, true, true]);
    // A level that holds stops being news within the hour: the level rules (flood_level) own it then.
    const later = Array.from({ length: 12 }, (_, k) => d.observe(reading(ts + (4 + k) * STEP_MS, { water_level: 320 }))!.active);
    expect(later.at(-1)).toBe(false);
  });

  it('gives info, not warning, between the reporting and the warning threshold', () => {
    const d = createStatisticalDetector({ threshold: 0.01, warningThreshold: 0.999 }).create(gauge)!;
    const noise = createNoise(13);
    let ts = T0;
    for (let i = 0; i < 3 * 288; i++) d.observe(reading((ts = T0 + i * STEP_MS), { water_level: 150 + 3 * noise() }));
    const f = d.observe(reading(ts + STEP_MS, { water_level: 200 }))!;
    expect(f.active).toBe(true);
    expect(f.severity).toBe('info');
    expect(STATISTICAL_WARNING_THRESHOLD).toBeGreaterThan(STATISTICAL_THRESHOLD);
  });


  it('after a week of probation, the pattern channel flags a change of shape inside the usual range, as info', () => {
    const run = (pattern: boolean) => {
      // Without its change-point opinion the scorer sees nothing here (with it, it flags the
      // first trough out of phase, 124 cm against 156–200, 4 h in): what the channel adds.
      const d = createStatisticalDetector({ pattern, scorer: { changePointHypotheses: 0 } }).create(gauge)!;
      const noise = createNoise(3);
      const found: { i: number; severity: string; en: string }[] = [];
      for (let i = 0; i < 288 * 21; i++) {
        // a daily tide for 16 days, then the same range four times a day
        const period = i < 288 * 16 ? 288 : 72;
        const f = d.observe(reading(T0 + i * STEP_MS, { water_level: 150 + 30 * Math.sin((2 * Math.PI * i) / period) + noise() }));
        if (f?.active) found.push({ i, severity: f.severity, en: f.explanation.en });
      }
      return found.filter((f) => f.i >= 288 * 16);
    };
    expect(run(false)).toEqual([]);
    const found = run(true);
    expect(found.length).toBeGreaterThanOrEqual(3); // held for a block, so the 5-min policy can raise it
    expect(found[0].i).toBeLessThan(288 * 16 + 96);
    expect(found[0].severity).toBe('info');
    expect(found[0].en).toMatch(/shape of the last \d+ h is unlike any pattern learnt from this sensor \(pattern model\)/);
  });

  it('keeps state only for the kind’s own fields, and bounded', () => {
    const d = createStatisticalDetector().create(gauge) as SizedSensorDetector;
    for (let i = 0; i < 100; i++) {
      d.observe(reading(T0 + i * STEP_MS, { water_level: 100, rainfall: 1, [`bogus_${i}`]: 5 }));
    }
    const bytes = d.stateBytes();
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThanOrEqual(4096); // one watched field (water level), within the 4 KB per series
    expect(d.observe(reading(T0 + 200 * STEP_MS, { bogus: 1 }))).toBeNull();
  });
});

describe('rarityText', () => {
  it('turns a surprise in nats and the reading interval into how often such a value comes', () => {
    // e^ln(4033) readings × 5 min ≈ 14 days
    expect(rarityText(Math.log(4033), STEP_MS)).toEqual({ id: 'kira-kira sekali dalam 2 minggu', en: 'about once in 2 weeks' });
    // 10-min gauge: e^ln(432) × 10 min = 3 days
    expect(rarityText(Math.log(432), 2 * STEP_MS)).toEqual({ id: 'kira-kira sekali dalam 3 hari', en: 'about once in 3 days' });
    expect(rarityText(30, STEP_MS).en).toBe('rarer than once a year');
    expect(rarityText(2, STEP_MS).en).toBe('several times a week');
  });
});

describe('statistical fields', () => {
  it('watches traffic speed and flow, PM2.5 and PM10, water level', () => {
    expect(STATISTICAL_FIELDS).toEqual({ flood: ['water_level'], air: ['pm25', 'pm10'], traffic: ['speed', 'flow'] });
  });

  it('watches only the kind’s primary field by default, so rainfall alone makes no verdict', () => {
    const d = statisticalDetector.create(gauge)!;
    expect(STATISTICAL_FIELDS.flood).toEqual(['water_level']);
    expect(d.observe(reading(T0, { rainfall: 40 }))).toBeNull();
    expect(d.observe(reading(T0 + STEP_MS, { water_level: 150, rainfall: 40 }))).not.toBeNull();
  });

  it('returns the one shared quiet finding for ordinary readings (no allocation per reading)', () => {
    const d = statisticalDetector.create(gauge)!;
    const quiet = new Set<unknown>();
    for (let i = 0; i < 400; i++) {
      const f = d.observe(reading(T0 + i * STEP_MS, { water_level: 150 + (i % 3) }));
      if (f && !f.active) quiet.add(f);
    }
    expect(quiet.size).toBe(1);
  });

  it('refuses a field the kind does not have', () => {
    expect(() => createStatisticalDetector({ fields: { flood: ['pm25'], air: [], traffic: [] } })).toThrow(/no field pm25/);
  });
});
