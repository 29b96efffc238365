import { describe, it, expect } from 'vitest';
import { formatReadingLabel } from './reading-label';
import type { Sensor } from '../core/sensor';
import type { LiveReading } from '../core/reading';

const base = { district: 'd', lat: 0, lon: 0, intervalS: 60, name: 'n' };
const gauge: Sensor = { ...base, id: 'g', kind: 'flood', flood: { siaga3: 150, siaga2: 200, siaga1: 250 } };
const air: Sensor = { ...base, id: 'a', kind: 'air' };
const road: Sensor = { ...base, id: 't', kind: 'traffic' };
function r(sensor: Sensor, values: Record<string, number>, severity = 0, label = 'feed'): LiveReading {
  return { sensorId: sensor.id, kind: sensor.kind, district: 'd', ts: 0, severity, label, values };
}

describe('formatReadingLabel', () => {
  it('names the Siaga level and water level in each language', () => {
    expect(formatReadingLabel(gauge, r(gauge, { water_level: 215 }), 'id')).toBe('Siaga 2 · Siaga · 215 cm');
    expect(formatReadingLabel(gauge, r(gauge, { water_level: 215 }), 'en')).toBe('Level 2 · Standby · 215 cm');
  });

  it('gives the ISPU and its category, and traffic levels by severity', () => {
    expect(formatReadingLabel(air, r(air, { pm25: 60 }), 'en')).toMatch(/^ISPU \d+ Unhealthy$/);
    expect(formatReadingLabel(road, r(road, {}, 3), 'id')).toBe('Macet');
    expect(formatReadingLabel(road, r(road, {}, 3), 'en')).toBe('Jammed');
  });

  it("falls back to the feed's label when the table cannot apply", () => {
    expect(formatReadingLabel({ ...gauge, flood: undefined }, r(gauge, { water_level: 215 }), 'en')).toBe('feed');
    expect(formatReadingLabel(air, r(air, {}), 'en')).toBe('feed');
  });
});
