import { describe, expect, it } from 'vitest';
import type { Alert, AlertRule } from '../core/alert';
import type { Forecast } from '../core/forecast';
import type { LiveReading } from '../core/reading';
import type { Sensor } from '../core/sensor';
import { createLiveReading } from '../core/live-reading';
import { crossingPairText, crossingText, gaugeCrossing, worstExpectedCrossing } from './forecast-tile';

/**
 * A forecast warning that only the band's top supports ("may reach Siaga 2 from ≈ 10:32 WITA"): the
 * forecast has no central crossing, so the tile said nothing while the alert was open.
 */
const NOW = Date.UTC(2026, 11, 5, 2, 26);
const MIN = 60_000;
const gauge = (id: string): Sensor => ({ id, kind: 'flood', name: id, district: 'Sungai Pinang', lat: -0.5, lon: 117.1, intervalS: 600, flood: { siaga3: 200, siaga2: 240, siaga1: 280 } });
const sensors = [gauge('a'), gauge('b')];

/** At 220 cm (Siaga 3), the centre to 232 cm in 2 h (below Siaga 2, 240), the band's top to 240 cm `topInMin` after the reading. */
function bandOnly(id: string, topInMin: number, ts = NOW - MIN): LiveReading {
  const point = (horizonMin: 30 | 60 | 120) => ({ horizonMin, at: ts + horizonMin * MIN, levelCm: 220 + horizonMin / 10, lowCm: 220, highCm: 220 + (20 * horizonMin) / topInMin });
  const forecast: Forecast = { sensorId: id, ts, levelCm: 220, points: [point(30), point(60), point(120)], crossing: null, reasons: [], confidence: 0.6 };
  return { ...createLiveReading(gauge(id), { sensorId: id, kind: 'flood', ts, values: { water_level: 220 } }), forecast };
}

/** The same gauge with a central crossing of Siaga `level` `inMin` from now. */
function expectedIn(id: string, level: 1 | 2 | 3, inMin: number, cm = 220): LiveReading {
  const ts = NOW - MIN;
  const crossing = { level, at: NOW + inMin * MIN, earliest: NOW + inMin * MIN, latest: null };
  const forecast: Forecast = { sensorId: id, ts, levelCm: cm, points: [], crossing, reasons: [], confidence: 0.6 };
  return { ...createLiveReading(gauge(id), { sensorId: id, kind: 'flood', ts, values: { water_level: cm } }), forecast };
}

/** An alert on gauge `id` by `rule`, warning of Siaga `siaga` (alert level 4 − siaga). */
function alert(id: string, rule: AlertRule, siaga: 1 | 2 | 3, state: Alert['state'] = 'raised'): Alert {
  const text = { id: '', en: '' };
  return {
    id: `${id}:${rule}:${NOW}`, sensorId: id, sensorName: id, kind: 'flood', district: 'Sungai Pinang', rule, category: 'emergency', severity: 'warning',
    level: 4 - siaga, title: text, explanation: text, action: text, value: 0, state, raisedAt: NOW - 10 * MIN, updatedAt: NOW - 10 * MIN, comments: []
  };
}

describe('the flood tile shows a warning only the forecast band supports, as the lesser certainty it is', () => {
  it('"mungkin Siaga 2 mulai ± 40 menit lagi" / "may reach Level 2 in ± 40 min" while its forecast warning is open', () => {
    for (const rule of ['rate_of_rise', 'upstream_warning'] as const) {
      const c = worstExpectedCrossing(sensors, new Map([['a', bandOnly('a', 41)]]), NOW, [alert('a', rule, 2)])!;
      expect(c).toMatchObject({ siaga: 2, minutes: 40, certainty: 'possible', earliestMinutes: null });
      expect(c.sensor.id).toBe('a');
      expect(crossingText(c, 'id')).toBe('mungkin Siaga 2 mulai ± 40 menit lagi');
      expect(crossingText(c, 'en')).toBe('may reach Level 2 in ± 40 min');
      expect(crossingPairText(c, 'id')).toBe(crossingText(c, 'id'));
    }
  });

  it('the band alone is not news: nothing without an open forecast warning on that gauge', () => {
    const readings = new Map([['a', bandOnly('a', 41)]]);
    expect(worstExpectedCrossing(sensors, readings, NOW)).toBeNull();
    expect(worstExpectedCrossing(sensors, readings, NOW, [alert('a', 'rate_of_rise', 2, 'resolved')])).toBeNull();
    expect(worstExpectedCrossing(sensors, readings, NOW, [alert('b', 'rate_of_rise', 2)])).toBeNull();
    expect(worstExpectedCrossing(sensors, readings, NOW, [alert('a', 'flood_level', 3)])).toBeNull();
    // a warning held while the band's top stays below too ("may still reach"): no time to say
    expect(worstExpectedCrossing(sensors, new Map([['a', bandOnly('a', 200)]]), NOW, [alert('a', 'rate_of_rise', 2)])).toBeNull();
  });

  it('an expected crossing goes before a possible one of the same level; a worse level goes first whatever its certainty', () => {
    const open = [alert('a', 'rate_of_rise', 2)];
    const sameLevel = worstExpectedCrossing(sensors, new Map([['a', bandOnly('a', 21)], ['b', expectedIn('b', 2, 70)]]), NOW, open)!;
    expect([sameLevel.sensor.id, sameLevel.certainty]).toEqual(['b', 'expected']);
    const worse = worstExpectedCrossing(sensors, new Map([['a', bandOnly('a', 41)], ['b', expectedIn('b', 3, 10, 190)]]), NOW, open)!;
    expect([worse.sensor.id, worse.certainty, worse.siaga]).toEqual(['a', 'possible', 2]);
  });
});

describe("the sensor page's line for one gauge, as the tile says it", () => {
  it('is the possible crossing while that gauge has an open warning, and nothing for another gauge or without one', () => {
    const r = bandOnly('a', 41);
    expect(gaugeCrossing(sensors[0], r, NOW, [alert('a', 'upstream_warning', 2)])).toMatchObject({ siaga: 2, minutes: 40, certainty: 'possible' });
    expect(gaugeCrossing(sensors[0], r, NOW, [alert('b', 'upstream_warning', 2)])).toBeNull();
    expect(gaugeCrossing(sensors[0], r, NOW, [])).toBeNull();
    expect(gaugeCrossing(sensors[1], expectedIn('b', 2, 70), NOW, [])).toMatchObject({ siaga: 2, certainty: 'expected' });
  });
});
