import { describe, expect, it } from 'vitest';
import type { Sensor } from '../core/sensor';
import { findEpisodes, floodInsight } from './floods';
import type { Bucket } from './types';

const T0 = Date.parse('2026-11-30T00:00:00+08:00');
const M10 = 600_000;
const gauge = (id: string, district: string): Sensor => ({
  id, kind: 'flood', name: `Pos ${id}`, district, lat: 0, lon: 0, intervalS: 300, flood: { siaga3: 100, siaga2: 150, siaga1: 200 }
});
/** 10-minute buckets of the highest water level, from T0. */
const series = (levels: (number | null)[]): Bucket[] =>
  levels.flatMap((l, i) => (l === null ? [] : [{ ts: T0 + i * M10, values: { water_level: l } }]));

describe('flood episodes', () => {
  it('finds runs at or above a threshold, and a missing bucket ends one', () => {
    const b = series([90, 100, 120, 95, 110, null, 130, 80]);
    const e = findEpisodes(b, 100, M10, M10);
    expect(e).toEqual([
      { startMs: T0 + M10, endMs: T0 + 3 * M10, peakCm: 120 },
      { startMs: T0 + 4 * M10, endMs: T0 + 5 * M10, peakCm: 110 },
      { startMs: T0 + 6 * M10, endMs: T0 + 7 * M10, peakCm: 130 }
    ]);
  });

  it('counts each Siaga level on its own per gauge and sums per district', () => {
    // a: 30 min ≥ 100 (peak 160: 20 min ≥ 150), then a second 10-min episode at 105. b: 10 min at 210.
    const buckets = new Map([
      ['a', series([50, 120, 160, 155, 90, 105, 60])],
      ['b', series([100, 210, 99])],
      ['c', series([10, 20])]
    ]);
    const r = floodInsight([gauge('a', 'Sungai Pinang'), gauge('b', 'Sungai Pinang'), gauge('c', 'Samarinda Ilir')], buckets, M10, { from: T0, to: T0 + 3_600_000 });
    const a = r.gauges.find((g) => g.sensor === 'a')!;
    expect(a.levels.map((l) => [l.siaga, l.episodes, Math.round(l.hours * 60), l.maxDepthCm])).toEqual([
      [3, 2, 40, 60],
      [2, 1, 20, 10],
      [1, 0, 0, null]
    ]);
    const b = r.gauges.find((g) => g.sensor === 'b')!;
    expect(b.levels.map((l) => [l.episodes, Math.round(l.hours * 60), l.maxDepthCm])).toEqual([
      [1, 20, 110],
      [1, 10, 60],
      [1, 10, 10]
    ]);
    const sp = r.districts.find((d) => d.district === 'Sungai Pinang')!;
    expect(sp.gauges).toBe(2);
    expect(sp.levels.map((l) => [l.episodes, Math.round(l.hours * 60), l.maxDepthCm])).toEqual([
      [3, 60, 110],
      [2, 30, 60],
      [1, 10, 10]
    ]);
    expect(r.districts.map((d) => d.district)).toEqual(['Sungai Pinang', 'Samarinda Ilir']);
    expect(r.gauges[0].sensor).toBe('a');
    expect(r.bucketS).toBe(600);
  });
});
