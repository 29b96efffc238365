import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/lib/core/random';
import type { Gauge } from '../rivers/data';
import type { Alert, AlertEvent } from '../../src/lib/core/alert';
import { FAULT_KINDS, NEGATIVE_SENTINEL_CM, faultStart, faultStartInFlood, floodReadings, highSentinelCm, injectFault } from './inject';
import { clearedInFlood, floodDrops, truthAfter } from './measure';

const STEP = 600_000;
const DAY = 86_400_000;
const gauge: Gauge = {
  id: 'g', name: 'g', order: 0, warnCm: 200, lat: 0, lon: 0,
  ts: Float64Array.from({ length: 20 * 144 }, (_, i) => i * STEP),
  level: Float64Array.from({ length: 20 * 144 }, (_, i) => Math.round(1000 + 300 * Math.sin(i / 50)) / 10)
};

describe('bench:rivers-faults injection', () => {
  it('is the same for the same seed, and leaves the clean gauge alone', () => {
    const before = Float64Array.from(gauge.level);
    for (const kind of FAULT_KINDS) {
      const [a, b] = [createRandom(7), createRandom(7)];
      const x = injectFault(gauge, kind, faultStart(gauge, a), a);
      const y = injectFault(gauge, kind, faultStart(gauge, b), b);
      expect(x).toEqual(y);
    }
    expect(gauge.level).toEqual(before);
  });

  it('does what each label says inside its window, and nothing outside it', () => {
    const start = 5 * DAY;
    const at = (g: Gauge, t: number) => g.level[g.ts.indexOf(t)];
    const stuck = injectFault(gauge, 'stuck-6h', start, createRandom(1));
    expect(new Set(stuck.gauge.level.filter((_, i) => stuck.gauge.ts[i] >= start && stuck.gauge.ts[i] < stuck.label.endMs)).size).toBe(1);
    expect(at(stuck.gauge, stuck.label.endMs)).toBe(at(gauge, stuck.label.endMs));
    const neg = injectFault(gauge, 'negative-forever', start, createRandom(1));
    expect(neg.label.endMs).toBe(Infinity);
    expect(at(neg.gauge, 10 * DAY)).toBe(NEGATIVE_SENTINEL_CM);
    const up = injectFault(gauge, 'offset-up', start, createRandom(1));
    expect(up.label.truthShiftCm).toBeGreaterThanOrEqual(50);
    expect(at(up.gauge, 10 * DAY) - at(gauge, 10 * DAY)).toBeCloseTo(up.label.truthShiftCm);
    const high = injectFault(gauge, 'sentinel-high-1h', start, createRandom(1));
    expect(at(high.gauge, start)).toBe(999);
    expect(at(high.gauge, start + 50 * 60_000)).toBe(999);
    expect(at(high.gauge, start + 60 * 60_000)).toBe(at(gauge, start + 60 * 60_000));
    expect(at(injectFault(gauge, 'sentinel-high-forever', start, createRandom(1)).gauge, 10 * DAY)).toBe(999);
    expect(highSentinelCm({ ...gauge, warnCm: 1503 })).toBe(2999);
    const gap = injectFault(gauge, 'gap-2d', start, createRandom(1));
    expect(gauge.ts.length - gap.gauge.ts.length).toBe(2 * 144);
    const hourly = injectFault(gauge, 'interval-60min', start, createRandom(1));
    expect(hourly.gauge.ts[hourly.gauge.ts.length - 1] - hourly.gauge.ts[hourly.gauge.ts.length - 2]).toBe(3_600_000);
  });

  it("scores a datum step's readings after the step as the truth, shifted; a stuck gauge's only after it recovers", () => {
    const up = injectFault(gauge, 'offset-down', 5 * DAY, createRandom(3));
    const t = truthAfter(gauge, up.gauge, up.label);
    expect(t.ts[0]).toBe((5 * DAY) / 1000);
    expect(t.level[0]).toBeCloseTo(gauge.level[gauge.ts.indexOf(5 * DAY)] + up.label.truthShiftCm);
    const stuck = injectFault(gauge, 'stuck-3d', 5 * DAY, createRandom(3));
    expect(truthAfter(gauge, stuck.gauge, stuck.label).ts[0]).toBe(8 * 86_400);
    expect(truthAfter(gauge, injectFault(gauge, 'negative-forever', 5 * DAY, createRandom(3)).gauge, { ...stuck.label, endMs: Infinity }).ts.length).toBe(0);
  });
});

describe('bench:rivers-faults --at flood', () => {
  it('starts a fault at a reading where the gauge stands at or above warn_cm, 3 days in at the earliest; none on a gauge that never does', () => {
    // the gauge swings 70–130 cm: above 120 now and then
    const g = { ...gauge, warnCm: 120 };
    const rand = createRandom(5);
    const starts = Array.from({ length: 50 }, () => faultStartInFlood(g, rand)!);
    for (const t of starts) {
      expect(g.level[g.ts.indexOf(t)]).toBeGreaterThanOrEqual(120);
      expect(t).toBeGreaterThanOrEqual(3 * DAY);
    }
    expect(new Set(starts).size).toBeGreaterThan(10);
    expect(floodReadings(g).length).toBeGreaterThan(100);
    expect(floodReadings(g).every((t) => g.level[g.ts.indexOf(t)] >= 120)).toBe(true);
    expect(faultStartInFlood({ ...gauge, warnCm: 500 }, rand)).toBeNull();
    expect(faultStartInFlood({ ...gauge, warnCm: null }, rand)).toBeNull();
  });

  it('counts a flood_level alert resolved or lowered while the clean gauge stood above Siaga 3 and worse than it said', () => {
    // the clean gauge: 250 cm (Siaga 2: warn 200, +40) from day 5 to day 6, 100 cm otherwise
    const flat: Gauge = { ...gauge, level: Float64Array.from(gauge.ts, (t) => (t >= 5 * DAY && t < 6 * DAY ? 250 : 100)) };
    const alert = { id: 'g:flood_level:1', sensorId: 'g', rule: 'flood_level', level: 2 } as Alert;
    const ev = (type: AlertEvent['type'], at: number, level: number): AlertEvent => ({ type, at, by: 'pantau', alert: { ...alert, level } });
    const d = floodDrops();
    d.take([ev('raised', 5 * DAY, 2), ev('updated', 5 * DAY + STEP, 1), ev('updated', 5 * DAY + 2 * STEP, 2), ev('resolved', 5 * DAY + 3 * STEP, 2), ev('resolved', 7 * DAY, 1)]);
    d.take([{ ...ev('resolved', 5 * DAY + 4 * STEP, 2), alert: { ...alert, id: 'other', mergedInto: 'g:flood_level:1' } }]);
    expect(d.drops.map((x) => x.level)).toEqual([1, 0, 0]);
    const label = { kind: 'zero-2h' as const, gaugeId: 'g', startMs: 5 * DAY, endMs: 5 * DAY + 2 * 3_600_000, truthShiftCm: 0 };
    // lowered to Siaga 3 at Siaga 2, resolved at Siaga 2; the resolve on day 7 came with the water below the line
    expect(clearedInFlood(label, flat, d.drops)).toBe(2);
    expect(clearedInFlood({ ...label, startMs: 5 * DAY + 3 * STEP }, flat, d.drops)).toBe(1);
    expect(clearedInFlood(label, { ...flat, id: 'h' }, d.drops)).toBe(0);
  });
});
