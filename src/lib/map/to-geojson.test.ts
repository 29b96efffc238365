import { describe, it, expect } from 'vitest';
import { toSensorGeoJson, toAirHeatGeoJson, sensorProps, KIND_RADIUS_PX } from './to-geojson';
import { SEVERITY_COLORS, STALE_COLOR } from '../format/severity';
import type { Sensor } from '../core/sensor';
import type { LiveReading } from '../core/reading';
import { createLiveReading } from '../core/live-reading';
import { createReadingState } from '../core/reading-state';

const NOW = Date.UTC(2026, 10, 28, 6, 0, 0);
const gauge: Sensor = {
  id: 'flood-karang-mumus-1', kind: 'flood', name: 'Karang Mumus', district: 'Samarinda Ulu',
  lat: -0.49, lon: 117.15, intervalS: 60, flood: { siaga3: 150, siaga2: 200, siaga1: 250 }
};
const road: Sensor = {
  id: 'traffic-slamet-riyadi', kind: 'traffic', name: 'Jl. Slamet Riyadi', district: 'Samarinda Kota',
  lat: -0.5, lon: 117.14, intervalS: 30
};
/** A gauge reading whose state says `severity` and Siaga 2 at 215 cm (severity may disagree: the map must follow it). */
function reading(sensor: Sensor, severity: number, ts: number): LiveReading {
  const state = createReadingState(gauge, { sensorId: sensor.id, kind: 'flood', ts, values: { water_level: 215 } });
  return { sensorId: sensor.id, kind: sensor.kind, district: sensor.district, ts, severity, state, values: { water_level: 215 } };
}

describe('toSensorGeoJson', () => {
  it('makes one point per sensor at lon/lat, coloured by the reading severity', () => {
    const fc = toSensorGeoJson([gauge, road], new Map([[gauge.id, reading(gauge, 2, NOW - 10_000)]]), NOW);
    expect(fc.features).toHaveLength(2);
    const [g, r] = fc.features;
    expect(g.geometry.coordinates).toEqual([117.15, -0.49]);
    // Only what the style draws: a new reading with the same state must not change the point.
    expect(g.properties).toEqual({ id: gauge.id, shown: 2, radius: KIND_RADIUS_PX.flood });
    expect(r.properties).toEqual({ id: road.id, shown: -1, radius: KIND_RADIUS_PX.traffic });
    expect(r.properties.radius).toBeLessThan(g.properties.radius);
  });

  it('gives lists and the popup the full state of a sensor', () => {
    const p = sensorProps(gauge, reading(gauge, 2, NOW - 10_000), NOW);
    expect(p).toMatchObject({ id: gauge.id, severity: 2, shown: 2, stale: false, label: 'Siaga 2 · Siaga · 215 cm', color: SEVERITY_COLORS[2] });
    expect(JSON.parse(p.values)).toEqual({ water_level: 215 });
    expect(sensorProps(road, undefined, NOW)).toMatchObject({ severity: -1, shown: -1, stale: true, color: STALE_COLOR, ts: 0 });
  });

  it('greys out a reading older than three intervals and never shows it as live', () => {
    const old = reading(gauge, 3, NOW - 4 * 60_000);
    expect(toSensorGeoJson([gauge], new Map([[gauge.id, old]]), NOW).features[0].properties.shown).toBe(-1);
    expect(sensorProps(gauge, old, NOW)).toMatchObject({ severity: 3, shown: -1, stale: true, color: STALE_COLOR });
  });

  it('leaves out sensors without finite coordinates and keeps ids stable', () => {
    const broken = { ...road, lat: Number.NaN };
    const fc = toSensorGeoJson([broken, gauge], new Map(), NOW);
    expect(fc.features.map((f) => f.properties.id)).toEqual([gauge.id]);
    expect(fc.features[0].id).toBe(1);
  });

  it('puts only air sensors on the heatmap, with their ISPU, under the same ids', () => {
    const air: Sensor = { id: 'air-1', kind: 'air', name: 'Udara', district: 'Samarinda Ulu', lat: -0.48, lon: 117.16, intervalS: 60 };
    // The hourly index (the state) weighs, not this reading's own (PM2.5 80 µg/m³ would be ISPU 126).
    const r = createLiveReading(air, { sensorId: air.id, kind: 'air', ts: NOW - 1000, values: { pm25: 80 } }, { value: 64, pollutant: 'pm25' });
    const fc = toAirHeatGeoJson([gauge, air, road], new Map([[air.id, r]]), NOW);
    expect(fc.features.map((f) => f.id)).toEqual([1]);
    expect(fc.features[0].properties.ispu).toBe(60);
  });
});
