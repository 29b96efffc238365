import { describe, expect, it } from 'vitest';
import type { Sensor } from '../core/sensor';
import { sensorUptime, uptimeInsight } from './uptime';

const D1 = Date.parse('2026-11-30T00:00:00+08:00');
const H = 3_600_000;
const sensor = (id: string, intervalS: number): Sensor => ({ id, kind: 'flood', name: id, district: 'Loa Janan Ilir', lat: 0, lon: 0, intervalS });

describe('sensor uptime', () => {
  it('compares readings received per WITA day with those the interval promises', () => {
    // Every 5 min: 288 a day. Day 1: 24 hours of 12 readings; day 2: 6 hours of 12, then silence.
    const buckets = [
      ...Array.from({ length: 24 }, (_, i) => ({ ts: D1 + i * H, values: { water_level_count: 12 } })),
      ...Array.from({ length: 6 }, (_, i) => ({ ts: D1 + (24 + i) * H, values: { water_level_count: 12 } }))
    ];
    const u = sensorUptime(sensor('g', 300), buckets, { from: D1, to: D1 + 48 * H });
    expect(u.days).toEqual([
      { date: '2026-11-30', expected: 288, received: 288, share: 1 },
      { date: '2026-12-01', expected: 288, received: 72, share: 0.25 }
    ]);
    expect(u.share).toBe(360 / 576);
  });

  it('expects only the part of a day inside the range, and caps a day at its expected count', () => {
    const u = sensorUptime(sensor('g', 600), [{ ts: D1, values: { water_level_count: 40 } }], { from: D1, to: D1 + 6 * H });
    expect(u.days).toEqual([{ date: '2026-11-30', expected: 36, received: 40, share: 1 }]);
    expect(u.received).toBe(36);
  });

  it('lists the least available sensor first, a silent one at 0', () => {
    const buckets = new Map([['up', [{ ts: D1, values: { water_level_count: 6 } }]]]);
    const r = uptimeInsight([sensor('up', 600), sensor('silent', 600)], buckets, { from: D1, to: D1 + H });
    expect(r.sensors.map((s) => [s.sensor, s.share])).toEqual([
      ['silent', 0],
      ['up', 1]
    ]);
    expect(r.dates).toEqual(['2026-11-30']);
  });
});
