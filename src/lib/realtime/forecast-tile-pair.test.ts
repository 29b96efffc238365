import { describe, expect, it } from 'vitest';
import type { Forecast } from '../core/forecast';
import type { Sensor } from '../core/sensor';
import { createLiveReading } from '../core/live-reading';
import { crossingPairText, crossingText, worstExpectedCrossing } from './forecast-tile';

const NOW = Date.UTC(2026, 11, 5, 2, 26);
const MIN = 60_000;
const gauge: Sensor = { id: 'gl', kind: 'flood', name: 'Pos TMA Gunung Lingai', district: 'Sungai Pinang', lat: -0.5, lon: 117.1, intervalS: 300, flood: { siaga3: 200, siaga2: 240, siaga1: 280 } };

function expected(inMin: number, earliestInMin: number) {
  const crossing: Forecast['crossing'] = { level: 1, at: NOW + inMin * MIN, earliest: NOW + earliestInMin * MIN, latest: null };
  const forecast: Forecast = { sensorId: gauge.id, ts: NOW - MIN, levelCm: 262, points: [], crossing, reasons: [], confidence: 0.8 };
  const r = { ...createLiveReading(gauge, { sensorId: gauge.id, kind: 'flood', ts: NOW - MIN, values: { water_level: 262 } }), forecast };
  return worstExpectedCrossing([gauge], new Map([[gauge.id, r]]), NOW)!;
}

describe('the wall tile states the pair an alert states: the expected crossing and the earliest', () => {
  it('Siaga 1 ≈ 10:56 WITA (earliest 10:32) at 10:26 reads "in ± 30 min (earliest in 6 min)"', () => {
    const c = expected(30, 6);
    expect(c.earliestMinutes).toBe(6);
    expect(crossingPairText(c, 'id')).toBe('Siaga 1 dalam ± 30 menit (paling cepat 6 menit)');
    expect(crossingPairText(c, 'en')).toMatch(/^(Level|Siaga) 1 in ± 30 min \(earliest in 6 min\)$/);
  });

  it('an earliest that rounds to the expected minutes is not said twice', () => {
    const c = expected(31, 29);
    expect(c.earliestMinutes).toBeNull();
    expect(crossingPairText(c, 'id')).toBe(crossingText(c, 'id'));
  });
});
