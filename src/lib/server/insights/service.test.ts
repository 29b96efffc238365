import { describe, expect, it } from 'vitest';
import type { Sensor } from '../../core/sensor';
import { overBudget } from './service';

const DAY = 86_400_000;
const city = (traffic: number, flood: number): ReadonlyMap<string, Sensor> => {
  const sensors: Sensor[] = [];
  for (let i = 0; i < traffic; i++) sensors.push({ id: `t${i}`, kind: 'traffic', name: '', district: '', lat: 0, lon: 0, intervalS: 60 });
  for (let i = 0; i < flood; i++) sensors.push({ id: `f${i}`, kind: 'flood', name: '', district: '', lat: 0, lon: 0, intervalS: 60 });
  return new Map(sensors.map((s) => [s.id, s]));
};

describe('the sensors × hours budget of a view', () => {
  it('refuses an hourly range past 250,000 sensor-hours and says how many days fit', () => {
    const sensors = city(200, 100);
    expect(overBudget('congestion', sensors, { fromMs: 0, toMs: 28 * DAY })).toBeNull(); // 134,400
    expect(overBudget('congestion', sensors, { fromMs: 0, toMs: 92 * DAY })).toEqual({
      ok: false, code: 'RANGE_TOO_LONG', error: 'at most 52 days for congestion over 200 sensors'
    });
    expect(overBudget('uptime', sensors, { fromMs: 0, toMs: 35 * DAY })).toMatchObject({ error: 'at most 34 days for uptime over 300 sensors' });
  });

  it('lets the flood view through: it widens its buckets instead', () => {
    expect(overBudget('floods', city(0, 5000), { fromMs: 0, toMs: 92 * DAY })).toBeNull();
  });
});
