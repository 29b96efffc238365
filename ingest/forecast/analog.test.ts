import { describe, expect, it } from 'vitest';
import { AnalogMemory } from './analog';
import { createRiverForecaster } from './index';
import { Rls } from './rls';
import { MIN_MS, seeded, skillAt, T0, upstreamWaves } from './test-support';

/**
 * A gauge whose response is nonlinear in its level: below the bank (150 cm) an upstream rise
 * arrives almost whole, above it the water spreads over the floodplain and the gauge rises a
 * fifth as much. One linear model of [1, rise, level] cannot be both.
 */
function overbank(rise: number, level: number): number {
  return level < 150 ? 0.9 * rise : 0.2 * rise;
}

describe('analog expert memory', () => {
  it('learns a response that is nonlinear in the level, where a linear model cannot', () => {
    const rnd = seeded(11);
    const memory = new AnalogMemory(2, 256, 1, 8);
    const linear = new Rls(3, 0.999);
    const draw = () => [40 * rnd() - 10, 100 + 100 * rnd()] as const;
    for (let i = 0; i < 3000; i++) {
      const [rise, level] = draw();
      const y = overbank(rise, level) + 0.3 * (rnd() - 0.5);
      memory.insert([rise, level], [y]);
      linear.update(Float64Array.of(1, rise, level), y);
    }
    const out = new Float64Array(1);
    let [errAnalog, errLinear] = [0, 0];
    for (let i = 0; i < 500; i++) {
      const [rise, level] = draw();
      const truth = overbank(rise, level);
      expect(memory.predict([rise, level], 8, out)).toBe(true);
      errAnalog += Math.abs(out[0] - truth);
      errLinear += Math.abs(linear.predict(Float64Array.of(1, rise, level)) - truth);
    }
    expect(errAnalog).toBeLessThan(0.5 * errLinear);
  });

  it('stays bounded and keeps a rare situation through weeks of quiet water', () => {
    const rnd = seeded(5);
    const memory = new AnalogMemory(3, 64, 2, 4);
    const bytes = memory.bytes;
    // a flood seen once: a few situations far from the quiet ones, with large outcomes
    for (let i = 0; i < 6; i++) memory.insert([30 + i, 25 + i, 180], [40 + i, 60 + i]);
    for (let i = 0; i < 20_000; i++) memory.insert([rnd() - 0.5, rnd() - 0.5, 100 + rnd()], [rnd() - 0.5, rnd() - 0.5]);
    expect(memory.count).toBe(64);
    expect(memory.bytes).toBe(bytes);
    const out = new Float64Array(2);
    expect(memory.predict([32, 27, 180], 4, out)).toBe(true);
    expect(out[0]).toBeGreaterThan(35);
    expect(out[1]).toBeGreaterThan(55);
    // and quiet water is still forecast as quiet
    expect(memory.predict([0, 0, 100.5], 4, out)).toBe(true);
    expect(Math.abs(out[0])).toBeLessThan(1);
  });

  it('gives no forecast before it holds k situations', () => {
    const memory = new AnalogMemory(1, 16, 1, 4);
    const out = Float64Array.of(7);
    for (let i = 0; i < 3; i++) memory.insert([i], [i]);
    expect(memory.predict([1], 4, out)).toBe(false);
    expect(out[0]).toBe(7);
    memory.insert([3], [3]);
    expect(memory.predict([1], 4, out)).toBe(true);
  });

  it('runs inside the forecaster when switched on: bounded state, and the river is still forecast well', () => {
    const up = upstreamWaves(7, 12);
    const rnd = seeded(3);
    const f = createRiverForecaster([{ id: 'up', upstream: [] }, { id: 'down', upstream: ['up'] }], { analogMemory: 64 });
    const issued = new Map<number, number>();
    const pairs: { forecast: number; now: number; actual: number }[] = [];
    let after2 = 0;
    const down = (t: number) => 0.8 * up(t - 90 * MIN_MS) + 20;
    for (let i = 0, t = T0; i < 12 * 144; i++, t += 10 * MIN_MS) {
      f.observe('up', t, up(t) + (rnd() - 0.5));
      const fc = f.observe('down', t, down(t) + (rnd() - 0.5));
      if (i === 288) after2 = f.stateBytes();
      const then = issued.get(t - 60 * MIN_MS);
      if (then !== undefined && i > 8 * 144) pairs.push({ forecast: then, now: down(t - 60 * MIN_MS), actual: down(t) });
      if (fc) issued.set(t, fc.points[1].levelCm);
    }
    expect(f.stateBytes()).toBe(after2);
    expect(skillAt(pairs, 5)).toBeGreaterThan(0.8);
  });
});
