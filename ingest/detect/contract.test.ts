/**
 * The contract every registered rule keeps (issue 11: "rules are plugins"): each detector in
 * DETECTORS goes through the same cases, for every kind it watches. A new rule joins by being
 * registered; nothing here names one.
 */
import { describe, it, expect } from 'vitest';
import type { Finding } from '../../src/lib/core/alert';
import type { SensorDetector } from '../../src/lib/core/detector';
import type { Reading } from '../../src/lib/core/reading';
import type { Sensor, SensorKind } from '../../src/lib/core/sensor';
import { DETECTORS } from './index';
import { AIR, BENANGA, GUNUNG_LINGAI, KP3, MIN, ROAD, T0, createNoise } from './test-support';

type Sized = SensorDetector & { stateBytes?(): number };
const ALL: readonly Sensor[] = [BENANGA, GUNUNG_LINGAI, KP3, AIR, ROAD];
/** Per rule and kind, the first fixture sensor the rule applies to (upstream_warning needs a gauge with one upstream). */
const SENSOR = new Map<string, Sensor>();

/** What a rule may be given besides its sensor (context.ts); rules written for create(sensor) ignore it. */
function contextFor(sensor: Sensor) {
  const byId = new Map(ALL.map((s) => [s.id, s]));
  return {
    sensor,
    upstream: ALL.filter((s) => s.downstream?.includes(sensor.id)),
    downstream: (sensor.downstream ?? []).map((id) => byId.get(id)).filter((s): s is Sensor => !!s),
    name: (id: string) => byId.get(id)?.name ?? id,
    intervalMs: () => sensor.intervalS * 1000,
    forecast: () => null,
    level: () => Number.NaN
  };
}

function create(rule: string, kind: SensorKind): Sized | null {
  const d = DETECTORS[rule as keyof typeof DETECTORS]!;
  const make = d.create as (sensor: Sensor, context?: unknown) => Sized | null;
  const key = `${rule}/${kind}`;
  if (!SENSOR.has(key)) {
    for (const s of ALL.filter((x) => x.kind === kind)) {
      if (make.call(d, s, contextFor(s))) {
        SENSOR.set(key, s);
        break;
      }
    }
  }
  const sensor = SENSOR.get(key);
  return sensor ? make.call(d, sensor, contextFor(sensor)) : null;
}

function sensorId(rule: string, kind: SensorKind): string {
  if (!SENSOR.has(`${rule}/${kind}`)) create(rule, kind);
  return SENSOR.get(`${rule}/${kind}`)?.id ?? 'none';
}


/** Ordinary readings of a kind: a mild daily wave with noise, well inside every rule's thresholds. */
function quietValues(kind: SensorKind, ts: number, r: () => number): Record<string, number> {
  const day = Math.sin((2 * Math.PI * (ts % 86_400_000)) / 86_400_000);
  if (kind === 'flood') return { water_level: 150 + 3 * day + 0.3 * r(), rainfall: 0 };
  if (kind === 'air') return { pm25: 20 + 3 * day + r(), pm10: 40 + 5 * day + r() };
  return { speed: 45 + 3 * day + r(), flow: 800 + 100 * day + 10 * r(), occupancy: 10 + r() };
}

function stream(id: string, kind: SensorKind, from: number, count: number, seed = 1): Reading[] {
  const r = createNoise(seed);
  return Array.from({ length: count }, (_, i) => {
    const ts = from + i * MIN;
    return { sensorId: id, kind, ts, values: quietValues(kind, ts, r) };
  });
}

/** The parts of a verdict that matter to the alert policy (texts of active findings are checked apart). */
function verdict(f: Finding | null): string {
  return f ? `${f.rule}:${f.active}:${f.severity}:${f.level}` : 'null';
}

function expectWellFormed(f: Finding | null, rule: string): void {
  if (!f) return;
  expect(f.rule).toBe(rule);
  expect(['info', 'warning', 'critical']).toContain(f.severity);
  if (f.active) {
    expect(f.title.id.length * f.title.en.length).toBeGreaterThan(0);
    expect(f.explanation.id.length * f.explanation.en.length).toBeGreaterThan(0);
  }
}

const CASES = Object.entries(DETECTORS).flatMap(([rule, d]) => d!.kinds.map((kind) => [rule, kind] as const));

describe.each(CASES)('detector contract: %s on %s', (rule, kind) => {
  const DAY = 24 * 60;

  it('builds for its kind and says how much state it holds', () => {
    const det = create(rule, kind);
    expect(det).not.toBeNull();
    expect(typeof det!.stateBytes).toBe('function');
    expect(det!.stateBytes!()).toBeGreaterThan(0);
  });

  it('gives well-formed verdicts on a quiet day, in time order', () => {
    const det = create(rule, kind)!;
    for (const r of stream(sensorId(rule, kind), kind, T0, DAY)) expectWellFormed(det.observe(r), rule);
  });

  it('is not thrown by a reading older than the last one: within the hour, verdicts are as if it never came', () => {
    const readings = stream(sensorId(rule, kind), kind, T0, DAY);
    const plain = create(rule, kind)!;
    const disturbed = create(rule, kind)!;
    const half = DAY / 2;
    for (let i = 0; i < half; i++) {
      plain.observe(readings[i]);
      disturbed.observe(readings[i]);
    }
    // an hour-old reading with an absurd value arrives late
    const late = { ...readings[half - 60], values: Object.fromEntries(Object.keys(readings[0].values).map((k) => [k, 5 * (readings[0].values[k] + 1)])) };
    expectWellFormed(disturbed.observe(late), rule);
    // A rule may judge the late reading itself (a spike is a spike); its memory of it must fade within 60 readings.
    for (let i = half; i < DAY; i++) {
      const a = verdict(disturbed.observe(readings[i]));
      const b = verdict(plain.observe(readings[i]));
      if (i >= half + 60) expect(a).toBe(b);
    }
  });

  it('takes a six-hour gap without throwing and without a finding when the value is unchanged across it', () => {
    const det = create(rule, kind)!;
    const before = stream(sensorId(rule, kind), kind, T0, DAY / 2);
    for (const r of before) det.observe(r);
    const last = before.at(-1)!;
    const after = { ...last, ts: last.ts + 6 * 60 * MIN };
    const f = det.observe(after);
    expectWellFormed(f, rule);
    expect(f?.active ?? false).toBe(false);
  });

  it('keeps its state bounded: the same size after 100 readings and after 30 days of them', () => {
    const det = create(rule, kind)!;
    const r = createNoise(5);
    const id = sensorId(rule, kind);
    let size100 = 0;
    for (let i = 0; i < 30 * DAY; i++) {
      const ts = T0 + i * MIN;
      // wild values too (inside the sensor's range): nothing a sensor sends may grow the state
      const values = i % 97 === 0 ? Object.fromEntries(Object.entries(quietValues(kind, ts, r)).map(([k, v]) => [k, v * (1 + Math.abs(r()))])) : quietValues(kind, ts, r);
      det.observe({ sensorId: id, kind, ts, values });
      if (i === 99) size100 = det.stateBytes!();
    }
    expect(det.stateBytes!()).toBe(size100);
  });

  it('starts afresh: a new detector gives the verdicts a first one gave, whatever others saw', () => {
    const readings = stream(sensorId(rule, kind), kind, T0, 300, 9);
    const firstRun = (() => {
      const a = create(rule, kind)!;
      return readings.map((r) => verdict(a.observe(r)));
    })();
    const seasoned = create(rule, kind)!;
    for (const r of stream(sensorId(rule, kind), kind, T0, 2 * DAY, 3)) seasoned.observe(r);
    const fresh = create(rule, kind)!;
    expect(readings.map((r) => verdict(fresh.observe(r)))).toEqual(firstRun);
  });


  it('allocates no verdict per quiet reading: every quiet verdict is the same object (or null)', () => {
    const det = create(rule, kind)!;
    const quiet = new Set<Finding>();
    for (const r of stream(sensorId(rule, kind), kind, T0, 2 * DAY, 4)) {
      const f = det.observe(r);
      if (f && !f.active) quiet.add(f);
    }
    expect(quiet.size).toBeLessThanOrEqual(1);
  });
});
