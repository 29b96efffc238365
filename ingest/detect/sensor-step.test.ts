import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/lib/core/alert';
import type { Catalog } from '../../src/lib/core/sensor';
import type { RuleSensorDetector } from './context';
import { createDetectionEngine } from './engine';
import { DETECTORS } from './index';
import { stepDetector, STEP_CONFIRM_READINGS, STEP_WATCH_READINGS } from './sensor-step';
import { BENANGA, CATALOG, GUNUNG_LINGAI, MIN, T0, createNoise, reading } from './test-support';

/** A river at about 150 cm (Siaga 3 at 200) moving a little every 10 minutes (whole mm), `n` readings from reading `from`. */
function river(n: number, from = 0, seed = 1): number[] {
  const noise = createNoise(seed);
  return Array.from({ length: n }, (_, i) => Math.round(10 * (150 + 6 * Math.sin((from + i) / 30) + noise())) / 10);
}
const STEP_MS = 10 * MIN;
const at = (i: number) => T0 + i * STEP_MS;

function observeAll(values: number[], rain: (i: number) => number | undefined = () => undefined) {
  const d = stepDetector.create({ ...GUNUNG_LINGAI, intervalS: 600 }) as RuleSensorDetector;
  return values.map((v, i) => {
    const r = rain(i);
    const f = d!.observe(reading(GUNUNG_LINGAI.id, 'flood', at(i), r === undefined ? { water_level: v } : { water_level: v, rainfall: r }))!;
    return { f, shift: d!.datumShift!() };
  });
}

describe('sensor_step: a datum step', () => {
  it('suspects a step up of 80 cm from its first reading, flags it once it has stayed for a few readings, and then lets the level count as it reads', () => {
    const values = [...river(300), ...river(200, 300).map((v) => v + 80)];
    const out = observeAll(values);
    expect(out[299].shift).toBe(0);
    // the jump itself is read less the jump by the flood rules: suspected from the first reading
    expect(out[300].shift).toBeCloseTo(values[300] - values[299], 5);
    expect(out.slice(300, 300 + STEP_CONFIRM_READINGS).every((o) => !o.f.active)).toBe(true);
    const f = out[300 + STEP_CONFIRM_READINGS].f;
    expect(f.active && f.rule === 'sensor_step' && f.category === 'maintenance').toBe(true);
    expect(f.title.en).toMatch(/^Level step of \+8\d cm at \d\d:\d\d · Gunung Lingai$/);
    expect(f.explanation.en).toContain('datum shift or sensor change suspected');
    expect(out.slice(300, 300 + STEP_CONFIRM_READINGS).every((o) => Math.abs(o.shift - 80) < 4)).toBe(true);
    // a step up is not corrected past the hold: a sluice release that stands looks the same, and must be warned of
    expect(out.slice(300 + STEP_CONFIRM_READINGS).every((o) => o.shift === 0)).toBe(true);
    expect(Math.abs(out.at(-1)!.f.value - 80) < 4 && out.at(-1)!.f.active).toBe(true);
  });

  it('flags a step down the same way, and a step back to the old datum (the logger fixed) undoes it', () => {
    const values = [...river(300), ...river(100, 300).map((v) => v - 120), ...river(100, 400)];
    const out = observeAll(values);
    expect(out[310].f.active).toBe(true);
    expect(out[310].f.title.en).toMatch(/^Level step of −1[12]\d cm/);
    expect(out[310].shift).toBeLessThan(-110);
    expect(out[399].f.active).toBe(true);
    expect(out[410].f.active).toBe(false);
    expect(out[410].shift).toBe(0);
  });

  it('lets a fast rise that goes on rising count at once: the suspicion ends at the next reading', () => {
    // a flash flood: +50 cm in one reading, then +30, +20, +10 cm
    const base = river(300);
    const last = base[299];
    const values = [...base, last + 50, last + 80, last + 100, last + 110, last + 112, last + 113, last + 113.5, last + 113.2];
    const out = observeAll(values);
    expect(out[300].shift).toBeGreaterThan(40);
    expect(out.slice(301).every((o) => o.shift === 0 && !o.f.active)).toBe(true);
  });

  it('withdraws a step taken for a datum step when the water goes on rising out of its usual variation (1 cm per reading)', () => {
    const base = river(300);
    const out = observeAll([...base, ...Array.from({ length: 30 }, (_, k) => base[299] + 60 + k)]);
    // within the usual variation for the first readings: taken for a datum step…
    expect(out[300 + STEP_CONFIRM_READINGS].f.active).toBe(true);
    // …and given back as water within the watch: no datum step left
    const back = out.findIndex((o, i) => i > 300 + STEP_CONFIRM_READINGS && !o.f.active);
    expect(back).toBeGreaterThan(300 + STEP_CONFIRM_READINGS);
    expect(back).toBeLessThanOrEqual(300 + STEP_WATCH_READINGS);
    expect(out.slice(back).every((o) => o.shift === 0 && !o.f.active)).toBe(true);
  });

  it('does not take a spike (back at the next reading) or a stuck value after a jump for a datum step', () => {
    const base = river(300);
    const spike = observeAll([...base, base[299] + 200, ...river(50, 300)]);
    expect(spike[301].shift).toBe(0);
    expect(spike.some((o) => o.f.active)).toBe(false);
    // a frozen jump is a logger's fault (sensor-step-frozen.test.ts), never a datum step: no shift once its hold is over
    const stuck = observeAll([...base, ...Array(50).fill(base[299] + 90)]);
    expect(stuck.at(-1)!.shift).toBe(0);
    expect(stuck.some((o) => o.f.active && o.f.title.en.startsWith('Level step'))).toBe(false);
  });

  it('takes rain on the gauge during the suspicion as water: no datum step', () => {
    const values = [...river(300), ...river(50, 300).map((v) => v + 80)];
    const out = observeAll(values, (i) => (i >= 300 ? 12 : 0));
    expect(out[301].shift).toBe(0);
    expect(out.some((o) => o.f.active)).toBe(false);
  });

  it('learns each gauge its usual step: a 40 cm jump is a step on a quiet gauge, ordinary on one that moves 15 cm a reading', () => {
    const noisy = (n: number, from = 0) => river(n, from).map((v, i) => v + 15 * ((from + i) % 2 === 0 ? 1 : -1));
    expect(observeAll([...river(300), ...river(50, 300).map((v) => v + 40)]).at(-1)!.f.active).toBe(true);
    expect(observeAll([...noisy(300), ...noisy(50, 300).map((v) => v + 40)]).some((o) => o.f.active || o.shift !== 0)).toBe(false);
  });

  it('an acknowledgement keeps a step down corrected, and one after the logger was fixed does not correct it again', () => {
    const d = stepDetector.create({ ...GUNUNG_LINGAI, intervalS: 600 }) as RuleSensorDetector;
    const values = [...river(300), ...river(100, 300).map((v) => v - 120), ...river(30, 400)];
    const upTo = (from: number, to: number) => values.slice(from, to).map((v, i) => d.observe(reading(GUNUNG_LINGAI.id, 'flood', at(from + i), { water_level: v }))!).at(-1)!;
    const f = upTo(0, 311);
    expect(f.active).toBe(true);
    const shift = d.datumShift!();
    expect(shift).toBeLessThan(-110);
    // acknowledged: seen, not "the new datum is right" (the alert says the correction holds until it is resolved)
    const alert = { id: 'a', sensorId: GUNUNG_LINGAI.id, rule: 'sensor_step', category: 'maintenance', severity: 'warning', level: 1, value: f.value, raisedAt: at(303), state: 'acknowledged' } as never;
    d.resume!(alert);
    expect(d.datumShift!()).toBe(shift);
    // the logger fixed (back to the old datum): no correction; the alert is still open for its quiet period, and a
    // person acknowledging (or commenting on) it then brought the -120 cm back: a gauge reading right read 120 cm high
    expect(upTo(311, 410).active).toBe(false);
    expect(d.datumShift!()).toBe(0);
    d.resume!(alert);
    expect(d.datumShift!()).toBe(0);
    expect(upTo(410, 420).active).toBe(false);
  });

  it('gives the shift back after a restart from its open alert, and drops it when a person resolves the alert', () => {
    const d = stepDetector.create({ ...GUNUNG_LINGAI, intervalS: 600 }) as RuleSensorDetector;
    const alert = { id: 'a', sensorId: GUNUNG_LINGAI.id, rule: 'sensor_step', category: 'maintenance', severity: 'warning', level: 1, value: -80, raisedAt: at(5), state: 'raised' } as never;
    d.resume!(alert);
    expect(d.datumShift!()).toBe(-80);
    expect(d.observe(reading(GUNUNG_LINGAI.id, 'flood', at(6), { water_level: 70 }))!.active).toBe(true);
    d.resume!({ ...(alert as object), state: 'resolved' } as never);
    expect(d.datumShift!()).toBe(0);
    expect(d.observe(reading(GUNUNG_LINGAI.id, 'flood', at(7), { water_level: 70 }))!.active).toBe(false);
  });
});

describe('sensor_step in the engine: the flood rules read the level less the step', () => {
  const catalog: Catalog = { ...CATALOG, sensors: CATALOG.sensors.map((s) => (s.kind === 'flood' ? { ...s, intervalS: 600 } : s)) };

  function run(values: number[]): AlertEvent[] {
    const engine = createDetectionEngine({ catalog });
    const events: AlertEvent[] = [];
    values.forEach((v, i) => {
      events.push(...engine.tick(at(i)));
      events.push(...engine.observe(reading(GUNUNG_LINGAI.id, 'flood', at(i), { water_level: v })));
      // the upstream gauge stands still well below its Siaga 3: no water is coming
      events.push(...engine.observe(reading(BENANGA.id, 'flood', at(i), { water_level: 100 })));
    });
    return events.filter((e) => e.type === 'raised' && e.alert.sensorId === GUNUNG_LINGAI.id);
  }

  it('a step from 150 cm to above Siaga 3 (200) raises no flood emergency during the hold, the maintenance alert, and flood_level after it', () => {
    const raised = run([...river(300), ...river(300, 300).map((v) => v + 80)]);
    const emergencies = raised.filter((e) => e.alert.category === 'emergency');
    expect(raised.map((e) => e.alert.rule)).toContain('sensor_step');
    expect(emergencies.every((e) => e.alert.raisedAt >= at(300 + STEP_CONFIRM_READINGS))).toBe(true);
    expect(emergencies.map((e) => e.alert.rule)).toContain('flood_level');
  });

  it('a step down of 100 cm stays corrected: a flood rising after it is warned of on the old datum', () => {
    const base = river(300);
    const low = river(50, 300).map((v) => v - 100);
    const rise = Array.from({ length: 30 }, (_, k) => low[49] + 4 * k);
    const raised = run([...base, ...low, ...rise]);
    expect(raised.map((e) => e.alert.rule)).toContain('sensor_step');
    // raw at most ~170 cm: only the corrected level (+100) crosses Siaga 3
    expect(raised.some((e) => e.alert.rule === 'flood_level')).toBe(true);
  });

  it('a flash flood that jumps 55 cm into Siaga 3 and goes on rising 5 cm a reading raises flood_level at the same reading as without the rule', () => {
    const base = river(300);
    const flood = [...base, ...Array.from({ length: 12 }, (_, k) => 205 + 5 * k)];
    const withStep = run(flood).find((e) => e.alert.rule === 'flood_level');
    const detectors = Object.fromEntries(Object.entries(DETECTORS).filter(([rule]) => rule !== 'sensor_step'));
    const engine = createDetectionEngine({ catalog, detectors });
    let without: number | undefined;
    flood.forEach((v, i) => {
      engine.tick(at(i));
      for (const e of engine.observe(reading(GUNUNG_LINGAI.id, 'flood', at(i), { water_level: v }))) if (e.type === 'raised' && e.alert.rule === 'flood_level') without ??= e.alert.raisedAt;
      engine.observe(reading(BENANGA.id, 'flood', at(i), { water_level: 100 }));
    });
    expect(withStep).toBeDefined();
    expect(without).toBeDefined();
    expect(withStep!.alert.level).toBe(1);
    expect(withStep!.alert.raisedAt).toBe(without);
  });
});
