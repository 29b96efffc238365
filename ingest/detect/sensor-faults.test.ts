import { describe, expect, it } from 'vitest';
import { createRangeFinding, silentDetector, spikeDetector, stuckDetector } from './sensor-faults';
import { AIR, GUNUNG_LINGAI, MIN, ROAD, T0, reading } from './test-support';

describe('sensor_stuck', () => {
  it('fires on the 15th identical PM2.5 reading and clears on a change', () => {
    const d = stuckDetector.create(AIR)!;
    const out = Array.from({ length: 16 }, (_, i) => d.observe(reading(AIR.id, 'air', T0 + i * MIN, { pm25: i === 15 ? 13 : 12.5 }))!);
    expect(out[13].active).toBe(false);
    expect([out[14].active, out[14].category, out[14].value]).toEqual([true, 'maintenance', 12.5]);
    expect(out[14].explanation.en).toContain('15 times');
    expect(out[15].active).toBe(false);
  });

  it('does not call a dry road gauge (0 cm for hours) stuck, but a gauge frozen at 12 cm is', () => {
    const g = stuckDetector.create(GUNUNG_LINGAI)!;
    const dry = Array.from({ length: 200 }, (_, i) => g.observe(reading(GUNUNG_LINGAI.id, 'flood', T0 + i * MIN, { water_level: 0, rainfall: 0 }))!);
    expect(dry.some((f) => f.active)).toBe(false);
    const h = stuckDetector.create(GUNUNG_LINGAI)!;
    const frozen = Array.from({ length: 120 }, (_, i) => h.observe(reading(GUNUNG_LINGAI.id, 'flood', T0 + i * MIN, { water_level: 12 }))!);
    expect([frozen[118].active, frozen[119].active]).toEqual([false, true]);
  });

  it('does not call speed 0 stuck (no vehicles) and ignores fields that rest at 0', () => {
    const d = stuckDetector.create(ROAD)!;
    const out = Array.from({ length: 40 }, (_, i) => d.observe(reading(ROAD.id, 'traffic', T0 + i * MIN, { speed: 0, flow: 0 }))!);
    expect(out.every((f) => !f.active)).toBe(true);
    const g = stuckDetector.create(GUNUNG_LINGAI)!;
    expect(g.observe(reading(GUNUNG_LINGAI.id, 'flood', T0, { rainfall: 0 }))).toBeNull();
  });
});

describe('sensor_spike', () => {
  const run = (values: number[]) => {
    const d = spikeDetector.create(GUNUNG_LINGAI)!;
    return values.map((wl, i) => d.observe(reading(GUNUNG_LINGAI.id, 'flood', T0 + i * MIN, { water_level: wl }))!);
  };

  it('reports a one-reading spike on the next reading, with the neighbours as normal', () => {
    const out = run([100, 100.5, 100.2, 180, 100.4, 100.3]);
    expect(out.map((f) => f.active)).toEqual([false, false, false, false, true, false]);
    expect([out[4].value, out[4].category, out[4].severity]).toEqual([180, 'maintenance', 'info']);
    expect(out[4].normal).toBeCloseTo(100.3, 9);
  });

  it('does not call a lasting step or a small wiggle a spike', () => {
    expect(run([100, 100, 180, 181, 182]).some((f) => f.active)).toBe(false);
    expect(run([100, 100, 120, 100, 100]).some((f) => f.active)).toBe(false); // 20 cm < 30 cm minimum
  });
});

describe('sensor_silent', () => {
  it('fires after 3 × intervalS without a reading, counted from the first tick', () => {
    const d = silentDetector.create(GUNUNG_LINGAI)!; // intervalS 60 → 180 s
    expect(d.tick!(T0)).toBeNull();
    expect(d.tick!(T0 + 180_000)).toBeNull();
    const f = d.tick!(T0 + 180_001)!;
    expect([f.active, f.category, f.value]).toEqual([true, 'maintenance', 3]);
    expect(d.observe(reading(GUNUNG_LINGAI.id, 'flood', T0 + 200_000, { water_level: 1 }))!.active).toBe(false);
    expect(d.tick!(T0 + 300_000)).toBeNull();
  });

  it('counts a reading as alive at the last tick even if the sensor clock is behind', () => {
    const d = silentDetector.create(GUNUNG_LINGAI)!;
    d.tick!(T0 + 10 * MIN);
    d.observe(reading(GUNUNG_LINGAI.id, 'flood', T0, { water_level: 1 })); // clock 10 min behind
    expect(d.tick!(T0 + 12 * MIN)).toBeNull();
  });
});

describe('sensor_range', () => {
  it('is a maintenance finding naming the physical range', () => {
    const f = createRangeFinding(GUNUNG_LINGAI, 'water_level', 9999);
    expect([f.active, f.category, f.rule]).toEqual([true, 'maintenance', 'sensor_range']);
    expect(f.explanation.en).toContain('-500…3000');
  });
});
