import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/lib/core/alert';
import type { RuleSensorDetector } from './context';
import { createDetectionEngine } from './engine';
import { spikeDetector, stuckDetector } from './sensor-faults';
import { CATALOG, GUNUNG_LINGAI, MIN, T0, createNoise, reading } from './test-support';

/** A river at about 150 cm moving a little every minute (whole mm), for `n` readings from minute `from`. */
function river(n: number, from = 0, seed = 1): number[] {
  const noise = createNoise(seed);
  return Array.from({ length: n }, (_, i) => Math.round(10 * (150 + 10 * Math.sin((from + i) / 40) + noise())) / 10);
}

/** A road hollow's water draining as a linear reservoir (τ 0.8 h) from `depthCm`, in whole cm, one reading a minute. */
function draining(depthCm: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.round(depthCm * Math.exp(-i / 48)));
}

function observeAll(d: ReturnType<typeof stuckDetector.create>, values: number[]) {
  return values.map((v, i) => d!.observe(reading(GUNUNG_LINGAI.id, 'flood', T0 + i * MIN, { water_level: v }))!);
}

describe('sensor_stuck: a dropout to 0', () => {
  it('flags a river gauge that falls from 150 cm to exactly 0, from the first 0 until it reads again', () => {
    const values = [...river(300), ...Array(120).fill(0), ...river(60, 420)];
    const out = observeAll(stuckDetector.create(GUNUNG_LINGAI), values);
    expect(out[299].active).toBe(false);
    expect(out.slice(300, 420).every((f) => f.active && f.rule === 'sensor_stuck' && f.category === 'maintenance' && f.value === 0)).toBe(true);
    expect(out.slice(420).some((f) => f.active)).toBe(false);
    const f = out[301];
    expect(f.title.en).toBe(`Dropout to 0 · ${GUNUNG_LINGAI.name} water_level = 0`);
    expect(f.title.id).toBe(`Nilai hilang (0) · ${GUNUNG_LINGAI.name} water_level = 0`);
    expect(f.explanation.en).toMatch(/went from 1\d\d(\.\d)? to exactly 0 in one reading/);
    expect(f.explanation.en).toContain('2 readings at 0');
    expect(f.explanation.id).toContain('berpindah dari');
    expect(f.normal).toBe(values[299]);
  });

  it('flags a gauge whose datum lies above the bed (it reads −244 cm) jumping to exactly 0', () => {
    const out = observeAll(stuckDetector.create(GUNUNG_LINGAI), [...river(300).map((v) => v - 400), ...Array(12).fill(0), -245]);
    expect(out.slice(300, 312).every((f) => f.active)).toBe(true);
    expect(out[312].active).toBe(false);
  });

  it('does not flag a road gauge whose water drains away to 0 and stays dry, after shallow or deep water', () => {
    for (const depth of [8, 25, 60, 120]) {
      const values = [...Array(200).fill(0), ...draining(depth, 400), ...Array(300).fill(0), ...draining(depth, 400)];
      const out = observeAll(stuckDetector.create(GUNUNG_LINGAI), values);
      expect(out.some((f) => f.active), `${depth} cm`).toBe(false);
    }
  });

  it('does not flag a dry road gauge coming back to its 0 after a one-reading spike up', () => {
    const out = observeAll(stuckDetector.create(GUNUNG_LINGAI), [...draining(40, 300), ...Array(100).fill(0), 250, ...Array(100).fill(0)]);
    expect(out.some((f) => f.active)).toBe(false);
  });

  it('does not flag a fall to 0 the gauge makes in ordinary steps (each step within its usual variation)', () => {
    // a gauge 35 cm deep that empties in 6 readings: its steps are 6 cm, its usual step a few cm
    const values = [...river(300).map((v) => v - 120), 29, 23, 17, 11, 5, 0, ...Array(100).fill(0)];
    const out = observeAll(stuckDetector.create(GUNUNG_LINGAI), values);
    expect(out.some((f) => f.active)).toBe(false);
  });

  it('takes up a dropout alert open before a restart: the zeros that come are still flagged', () => {
    const out = observeAll(stuckDetector.create(GUNUNG_LINGAI), [...river(300), ...Array(10).fill(0)]);
    const d = stuckDetector.create(GUNUNG_LINGAI) as RuleSensorDetector;
    d.resume!({ rule: 'sensor_stuck', value: 0, normal: out[305].normal, status: 'open' } as never);
    const f = d.observe(reading(GUNUNG_LINGAI.id, 'flood', T0 + 400 * MIN, { water_level: 0 }))!;
    expect([f.active, f.value, f.normal]).toEqual([true, 0, out[305].normal]);
  });
});

describe('sensor_spike after a dropout to 0', () => {
  it('does not learn the fall to 0 and the return as the usual step: a 45 cm spike just after is still one', () => {
    const values = [...river(300), ...Array(30).fill(0), ...river(10, 330)];
    const d = spikeDetector.create(GUNUNG_LINGAI)!;
    values.forEach((v, i) => d.observe(reading(GUNUNG_LINGAI.id, 'flood', T0 + i * MIN, { water_level: v })));
    const n = values.length;
    const last = values[n - 1];
    d.observe(reading(GUNUNG_LINGAI.id, 'flood', T0 + n * MIN, { water_level: last + 45 }));
    const f = d.observe(reading(GUNUNG_LINGAI.id, 'flood', T0 + (n + 1) * MIN, { water_level: last }))!;
    expect([f.active, f.rule]).toEqual([true, 'sensor_spike']);
  });
});

describe('the engine during a dropout to 0', () => {
  it('raises the stuck rule at the second 0 and feeds the forecaster none of the zeros after it', () => {
    const e = createDetectionEngine({ catalog: CATALOG });
    const values = [...river(300), ...Array(120).fill(0)];
    const raised: AlertEvent[] = [];
    values.forEach((v, i) => {
      for (const ev of e.observe(reading(GUNUNG_LINGAI.id, 'flood', T0 + i * MIN, { water_level: v }))) if (ev.type === 'raised') raised.push(ev);
    });
    // the alert comes with the second 0 (a lone 0 is the spike rule's)
    expect(raised.map((ev) => [ev.alert.rule, ev.alert.category, ev.at])).toEqual([['sensor_stuck', 'maintenance', T0 + 301 * MIN]]);
    // the first 0 reaches the forecaster (its glitch filter holds it), none after: its last reading is not a later 0
    expect(e.forecast(GUNUNG_LINGAI.id)!.ts).toBeLessThanOrEqual(T0 + 300 * MIN);
    const back = T0 + values.length * MIN;
    e.observe(reading(GUNUNG_LINGAI.id, 'flood', back, { water_level: 150 }));
    expect(e.forecast(GUNUNG_LINGAI.id)?.ts).toBe(back);
  });
});
