import { describe, it, expect } from 'vitest';
import { FIELDS, type Sensor } from '../../src/lib/core/sensor';
import samarinda from '../../src/lib/catalog/samarinda.json';
import { DAY_MS, HOUR_MS, MINUTE_MS, witaHour, witaTime } from '../clock';
import { generate } from './index';
import { trafficDemand } from './traffic';

const sensors = samarinda.sensors as Sensor[];
const T0 = witaTime(2026, 1, 5, 0); // a Monday, 00:00 WITA
const byId = (id: string) => sensors.find((s) => s.id === id)!;

function series(sensor: Sensor, seed: number, n = 50): Record<string, number>[] {
  return Array.from({ length: n }, (_, i) => generate(sensor, T0 + i * 5_000, seed));
}

describe('generators', () => {
  it('compute WITA hours from epoch ms without the system time zone', () => {
    expect(witaHour(Date.UTC(2026, 0, 5, 0, 0))).toBe(8);
    expect(witaHour(witaTime(2026, 1, 5, 23, 30))).toBe(23.5);
  });

  it('give identical series for the same seed and different ones for another seed', () => {
    for (const id of ['traffic-lembuswana-n', 'flood-kp3', 'air-palaran-1']) {
      expect(series(byId(id), 42)).toEqual(series(byId(id), 42));
      expect(series(byId(id), 42)).not.toEqual(series(byId(id), 43));
    }
  });

  it('stay within the physical range of every field over a simulated week', () => {
    for (const sensor of sensors) {
      const spec = FIELDS[sensor.kind] as Record<string, { min: number; max: number }>;
      for (let t = T0; t < T0 + 7 * DAY_MS; t += 20 * MINUTE_MS) {
        const values = generate(sensor, t, 7);
        expect(Object.keys(values).sort()).toEqual(Object.keys(spec).sort());
        for (const [field, v] of Object.entries(values)) {
          if (!(Number.isFinite(v) && v >= spec[field].min && v <= spec[field].max)) {
            throw new Error(`${sensor.id} ${field}=${v} at ${new Date(t).toISOString()}`);
          }
        }
      }
    }
  });

  it('show the daily traffic cycle: 08:00 WITA busier than 03:00 WITA', () => {
    expect(trafficDemand(8)).toBeGreaterThan(3 * trafficDemand(3));
    const s = byId('traffic-agus-salim-n');
    for (let day = 0; day < 5; day++) {
      const at = (h: number) => generate(s, T0 + day * DAY_MS + h * HOUR_MS, 1);
      expect(at(8).flow).toBeGreaterThan(at(3).flow);
      expect(at(17).speed).toBeLessThan(at(3).speed);
    }
  });

  it('make particles worse at night than in the afternoon and ozone peak after noon', () => {
    const s = byId('air-samarinda-kota-1');
    const mean = (h: number, field: string) => {
      let sum = 0;
      for (let day = 0; day < 7; day++) sum += generate(s, T0 + day * DAY_MS + h * HOUR_MS, 3)[field];
      return sum / 7;
    };
    expect(mean(5, 'pm25')).toBeGreaterThan(mean(16, 'pm25'));
    expect(mean(13.5, 'o3')).toBeGreaterThan(mean(2, 'o3'));
  });

  it('let the tide move the KP3 gauge by tens of centimetres over a day', () => {
    const levels = Array.from({ length: 48 }, (_, i) => generate(byId('flood-kp3'), T0 + i * 30 * MINUTE_MS, 5).water_level);
    expect(Math.max(...levels) - Math.min(...levels)).toBeGreaterThan(30);
  });

  it('keep rainfall mostly at zero with some showers over a week', () => {
    const s = byId('flood-benanga');
    const rain = Array.from({ length: 7 * 24 * 4 }, (_, i) => generate(s, T0 + i * 15 * MINUTE_MS, 11).rainfall);
    const wet = rain.filter((r) => r > 0).length;
    expect(wet).toBeGreaterThan(0);
    expect(wet / rain.length).toBeLessThan(0.3);
  });
});
