import { describe, it, expect } from 'vitest';
import { generateBatches, syntheticCity } from './data';

const HOUR = 3_600_000;

describe('bench:history data', () => {
  it('writes each reading once and rolls every hour up per sensor and per district, as the continuous queries do', () => {
    const sensors = syntheticCity(20);
    const batches = [...generateBatches({ sensors, startMs: 0, endMs: 2 * HOUR, intervalMin: 30, batchLines: 1000 })];
    const lines = (target: string) => batches.filter((b) => b.target === target).flatMap((b) => b.lines);
    expect(lines('raw')).toHaveLength(20 * 4);
    expect(lines('1m')).toHaveLength(20 * 4);
    const raw = lines('raw').filter((l) => l.includes('sensor=fl-00003 '));
    const levels = raw.map((l) => Number(/water_level=([-\d.]+)/.exec(l)![1]));
    const hour0 = lines('1h').find((l) => l.startsWith('flood,') && l.includes('sensor=fl-00003 ') && l.endsWith(' 0'))!;
    expect(hour0).toContain(`mean_water_level=${(levels[0] + levels[1]) / 2},`);
    expect(hour0).toContain('count_water_level=2i');
    // Flood sensors 3 and 13 share District 04: their district row counts both sensors' readings.
    const district = lines('1h').find((l) => l.startsWith('flood_district,district=District\\ 04 ') && l.endsWith(' 0'))!;
    expect(district).toContain('count_water_level=4i');
    // 20 sensors and 10 kind-district pairs (a sensor's kind and district both follow its index).
    expect(lines('1h').filter((l) => l.endsWith(` ${HOUR}`))).toHaveLength(20 + 10);
  });

  it('reads sparsely before the dense days, except the dense sensor, and counts what it writes', () => {
    const sensors = syntheticCity(20);
    const o = { sensors, startMs: 0, endMs: 10 * HOUR, intervalMin: 30, batchLines: 1000, denseFromMs: 6 * HOUR, sparseIntervalMin: 180, denseSensor: 'fl-00003' };
    const raw = [...generateBatches(o)].filter((b) => b.target === 'raw').flatMap((b) => b.lines);
    const at = (id: string) => raw.filter((l) => l.includes(`sensor=${id} `)).map((l) => Number(l.split(' ').pop()) / HOUR);
    expect(at('tr-00000')).toEqual([0, 3, 6, 6.5, 7, 7.5, 8, 8.5, 9, 9.5]);
    expect(at('fl-00003')).toHaveLength(20);
    expect(raw).toHaveLength(19 * 10 + 20);
  });
});

