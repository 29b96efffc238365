import { describe, expect, it } from 'vitest';
import type { Sensor } from '../core/sensor';
import { congestionInsight, weekCells } from './congestion';
import type { Bucket } from './types';

const MON = Date.parse('2026-11-30T00:00:00+08:00');
const H = 3_600_000;
const W = 7 * 24 * H;
const road = (id: string): Sensor => ({ id, kind: 'traffic', name: `Simpang ${id}`, district: 'Samarinda Ulu', lat: 0, lon: 0, intervalS: 60, traffic: { freeFlowKmh: 50, capacityVehH: 2000 } });
// Speed 5 km/h against 50 free flow (ratio 0.1 < 0.2): Macet. Speed 45 (0.9) and light flow: Lancar.
const jam = (ts: number): Bucket => ({ ts, values: { speed: 5, flow: 1900, occupancy: 40 } });
const free = (ts: number): Bucket => ({ ts, values: { speed: 45, flow: 300, occupancy: 5 } });

describe('congestion hotspots by hour of week', () => {
  it('counts Macet hours per weekday and hour (WITA) across weeks', () => {
    // Monday 17:00 jammed in weeks 1 and 2, free in week 3; Tuesday 08:00 free once.
    const buckets = [jam(MON + 17 * H), jam(MON + W + 17 * H), free(MON + 2 * W + 17 * H), free(MON + 24 * H + 8 * H)];
    const cells = weekCells(buckets, road('a'));
    expect(cells.hours[17]).toBe(3);
    expect(cells.macet[17]).toBe(2);
    expect(cells.speedRatio[17]).toBeCloseTo((0.1 + 0.1 + 0.9) / 3, 10);
    expect(cells.hours[24 + 8]).toBe(1);
    expect(cells.macet[24 + 8]).toBe(0);
    expect(cells.hours.reduce((a, b) => a + b, 0)).toBe(4);
    expect(cells.speedRatio[0]).toBeNull();
  });

  it('ranks the approach jammed more often first and numbers ranks from 1', () => {
    const buckets = new Map([
      ['a', [jam(MON), free(MON + H), free(MON + 2 * H), free(MON + 3 * H)]], // 1 of 4 hours
      ['b', [jam(MON), jam(MON + H), free(MON + 2 * H), free(MON + 3 * H)]], // 2 of 4
      ['c', []]
    ]);
    const r = congestionInsight([road('a'), road('b'), road('c')], buckets, { from: MON, to: MON + W });
    expect(r.junctions.map((j) => [j.sensor, j.rank, j.macetShare])).toEqual([
      ['b', 1, 0.5],
      ['a', 2, 0.25],
      ['c', 3, 0]
    ]);
    expect(r.junctions[0].meanSpeedRatio).toBeCloseTo((0.1 + 0.1 + 0.9 + 0.9) / 4, 10);
  });
});
