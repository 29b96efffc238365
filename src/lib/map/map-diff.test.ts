import { describe, it, expect } from 'vitest';
import { computeHeat, computeShown, diffValues } from './map-diff';
import type { Sensor } from '../core/sensor';
import type { LiveReading } from '../core/reading';
import { createLiveReading } from '../core/live-reading';

const NOW = Date.UTC(2026, 10, 28, 6, 0, 0);
const gauge: Sensor = { id: 'flood-1', kind: 'flood', name: 'Gauge', district: 'Ulu', lat: -0.49, lon: 117.15, intervalS: 60, flood: { siaga3: 150, siaga2: 200, siaga1: 250 } };
const air: Sensor = { id: 'air-1', kind: 'air', name: 'Air', district: 'Ulu', lat: -0.48, lon: 117.16, intervalS: 60 };
const nowhere: Sensor = { ...air, id: 'air-2', lat: Number.NaN };
const sensors = [gauge, air, nowhere];

/** A reading and the state it puts the sensor in; `severity` is what that state must rank as (checked). */
function reading(s: Sensor, severity: number, values: Record<string, number>, ts = NOW - 1000): LiveReading {
  const live = createLiveReading(s, { sensorId: s.id, kind: s.kind, ts, values });
  expect(live.severity).toBe(severity);
  return live;
}

describe('map diffs', () => {
  const before = new Map([
    [gauge.id, reading(gauge, 1, { water_level: 160 })],
    [air.id, reading(air, 0, { pm25: 10 })]
  ]);

  it('sends nothing when new readings leave every drawn state alone', () => {
    const after = new Map(before);
    after.set(gauge.id, reading(gauge, 1, { water_level: 161 }, NOW));
    expect(diffValues(computeShown(sensors, before, NOW), computeShown(sensors, after, NOW), 'shown')).toEqual([]);
  });

  it('sends only the points whose state changed, by catalog index, and none for sensors off the map', () => {
    const after = new Map(before);
    after.set(gauge.id, reading(gauge, 3, { water_level: 260 }, NOW));
    after.set(nowhere.id, reading(nowhere, 4, { pm25: 300 }, NOW));
    const shown = computeShown(sensors, after, NOW);
    expect(diffValues(computeShown(sensors, before, NOW), shown, 'shown')).toEqual([{ id: 0, addOrUpdateProperties: [{ key: 'shown', value: 3 }] }]);
  });

  it('greys a point out when its reading turns stale, with no new reading at all', () => {
    const later = NOW + 10 * 60_000;
    const diff = diffValues(computeShown(sensors, before, NOW), computeShown(sensors, before, later), 'shown');
    expect(diff.map((d) => d.addOrUpdateProperties[0].value)).toEqual([-1, -1]);
  });

  it('weighs only air sensors on the heatmap, by rounded ISPU, zero when stale', () => {
    const heat = computeHeat(sensors, before, NOW);
    expect(Number.isNaN(heat[0])).toBe(true);
    expect(heat[1]).toBeGreaterThan(0);
    expect(heat[1] % 10).toBe(0);
    const smog = new Map(before).set(air.id, reading(air, 3, { pm25: 200 }, NOW));
    expect(computeHeat(sensors, smog, NOW)[1]).toBeGreaterThan(heat[1]);
    expect(computeHeat(sensors, before, NOW + 10 * 60_000)[1]).toBe(0);
  });
});
