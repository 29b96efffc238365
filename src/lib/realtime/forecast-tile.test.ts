import { describe, expect, it } from 'vitest';
import type { Forecast } from '../core/forecast';
import type { LiveReading } from '../core/reading';
import type { Sensor } from '../core/sensor';
import { crossingText, roundMinutes, worstExpectedCrossing } from './forecast-tile';
import { createLiveReading } from '../core/live-reading';

const NOW = Date.UTC(2026, 11, 5, 6, 0);
const MIN = 60_000;
const gauge = (id: string): Sensor => ({ id, kind: 'flood', name: id, district: 'Sungai Pinang', lat: -0.5, lon: 117.1, intervalS: 600, flood: { siaga3: 200, siaga2: 240, siaga1: 280 } });
const sensors = [gauge('a'), gauge('b'), gauge('c')];

function reading(id: string, cm: number, crossing: Forecast['crossing'], ts = NOW - MIN): LiveReading {
  const forecast: Forecast = { sensorId: id, ts, levelCm: cm, points: [], crossing, reasons: [], confidence: 0.5 };
  return { ...createLiveReading(gauge(id), { sensorId: id, kind: 'flood', ts, values: { water_level: cm } }), forecast };
}
const crossing = (level: 1 | 2 | 3, inMin: number) => ({ level, at: NOW + inMin * MIN, earliest: NOW + (inMin - 10) * MIN, latest: null });

describe('the flood tile forecast', () => {
  it('picks the most severe expected level, then the soonest, and says it in both languages', () => {
    const readings = new Map([
      ['a', reading('a', 190, crossing(3, 20))],
      ['b', reading('b', 215, crossing(2, 41))],
      ['c', reading('c', 225, crossing(2, 70))]
    ]);
    const c = worstExpectedCrossing(sensors, readings, NOW)!;
    expect(c).toMatchObject({ siaga: 2, minutes: 40 });
    expect(c.sensor.id).toBe('b');
    expect(crossingText(c, 'id')).toBe('Siaga 2 dalam ± 40 menit');
    expect(crossingText(c, 'en')).toBe('Level 2 in ± 40 min');
  });

  it('leaves out stale gauges, gauges already at that level and gauges with no crossing', () => {
    const readings = new Map([
      ['a', reading('a', 250, crossing(2, 20))], // already Siaga 2
      ['b', reading('b', 215, crossing(1, 30), NOW - 5 * 3_600_000)], // stale
      ['c', reading('c', 150, null)]
    ]);
    expect(worstExpectedCrossing(sensors, readings, NOW)).toBeNull();
  });

  it('rounds minutes to 5 and to the minute below 10, never to 0', () => {
    expect([roundMinutes(-MIN), roundMinutes(20_000), roundMinutes(7.4 * MIN), roundMinutes(12.4 * MIN), roundMinutes(118 * MIN)]).toEqual([1, 1, 7, 10, 120]);
  });
});
