import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DECODE_LIMITS, decodePayload, type DecodeContext } from './decode';

const FIXTURES = join(__dirname, '../../../tests/fixtures/fiware');
const example = (model: string, file: string): Record<string, unknown> => JSON.parse(readFileSync(join(FIXTURES, model, file), 'utf8'));
const enc = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));
const ctx = (kind: DecodeContext['kind'], now: number): DecodeContext => ({ kind, sensorId: 's1', now, limits: DEFAULT_DECODE_LIMITS });

/** "now" just after each model's example observation, so the time window passes. */
const AIR_NOW = Date.parse('2016-03-15T12:00:00Z');
const TRAFFIC_NOW = Date.parse('2016-12-07T11:20:00Z');
const WATER_NOW = Date.parse('2020-03-17T09:00:00Z');

describe('FIWARE Smart Data Models examples, as shipped', () => {
  it.each([
    // The air examples' dateObserved has no zone ("2016-03-15T11:00:00"): not an instant, as in the other formats.
    ['AirQualityObserved', 'example.json', 'air', AIR_NOW, { ok: false, code: 'bad_time' }],
    ['AirQualityObserved', 'example.jsonld', 'air', AIR_NOW, { ok: false, code: 'bad_time' }],
    ['AirQualityObserved', 'example-normalized.json', 'air', AIR_NOW, { ok: false, code: 'bad_time' }],
    ['AirQualityObserved', 'example-normalized.jsonld', 'air', AIR_NOW, { ok: false, code: 'bad_time' }],
    ['AirQualityObserved', 'example-geojsonfeature.json', 'air', AIR_NOW, { ok: false, code: 'bad_time' }],
    // intensity 197 vehicles in 5 min = 2364 veh/h; occupancy 0.76 = 76 %; time = dateObservedTo.
    ...['example.json', 'example.jsonld', 'example-normalized.json', 'example-normalized.jsonld'].map(
      (f) => ['TrafficFlowObserved', f, 'traffic', TRAFFIC_NOW, { ok: true, readings: [{ ts: Date.parse('2016-12-07T11:15:00Z'), values: { flow: 2364, speed: 52.6, occupancy: 76 } }] }] as const
    ),
    // waterLevel (v2 examples) wins over height; both in metres.
    ['WaterObserved', 'example.json', 'flood', WATER_NOW, { ok: true, readings: [{ ts: Date.parse('2020-03-17T08:45:00.209Z'), values: { water_level: 240 } }] }],
    ['WaterObserved', 'example-normalized.json', 'flood', WATER_NOW, { ok: true, readings: [{ values: { water_level: 240 } }] }],
    ['WaterObserved', 'example.jsonld', 'flood', WATER_NOW, { ok: true, readings: [{ values: { water_level: 352 } }] }],
    ['WaterObserved', 'example-geojsonfeature.json', 'flood', WATER_NOW, { ok: true, readings: [{ values: { water_level: 352 } }] }],
    // This example gives dateObserved as a Relationship with no value: no time.
    ['WaterObserved', 'example-normalized.jsonld', 'flood', WATER_NOW, { ok: false, code: 'bad_time' }]
  ] as const)('%s %s', (model, file, kind, now, expected) => {
    expect(decodePayload(enc(example(model, file)), ctx(kind, now))).toMatchObject(expected);
  });
});

describe('FIWARE examples with a zoned dateObserved', () => {
  const zoned = (file: string) => ({ ...example('AirQualityObserved', file), dateObserved: '2016-03-15T11:00:00Z' });
  const at = Date.parse('2016-03-15T11:00:00Z');
  it('keyValues: co and so2 in the default µg/m³; no, nox, co2 are not Pantau fields', () => {
    expect(decodePayload(enc(zoned('example.json')), ctx('air', AIR_NOW))).toEqual({
      ok: true,
      readings: [{ sensorId: 's1', kind: 'air', ts: at, values: { co: 500, so2: 11 } }]
    });
    expect(decodePayload(enc(zoned('example.jsonld')), ctx('air', AIR_NOW))).toMatchObject({ ok: true, readings: [{ values: { co: 500, no2: 69, so2: 11 } }] });
  });
  it('normalized: co 500 GP is 500 mg/m³ = 500 000 µg/m³, outside the physical range', () => {
    for (const f of ['example-normalized.json', 'example-normalized.jsonld']) {
      expect(decodePayload(enc(zoned(f)), ctx('air', AIR_NOW))).toMatchObject({ ok: false, code: 'out_of_range', field: 'co', value: 500_000 });
    }
  });
});

describe('FIWARE entities from Samarinda', () => {
  const NOW = Date.UTC(2026, 10, 28, 5, 0, 0);
  const ld = (over: Record<string, unknown> = {}) => ({
    id: 'urn:ngsi-ld:AirQualityObserved:aq-1',
    type: 'AirQualityObserved',
    dateObserved: { type: 'Property', value: { '@type': 'DateTime', '@value': '2026-11-28T12:55:00+08:00' } },
    pm25: { type: 'Property', value: 38.2, unitCode: 'GQ' },
    pm10: { type: 'Property', value: 0.061, unitCode: 'GP', observedAt: '2026-11-28T04:50:00Z' },
    location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [117.15, -0.5] } },
    refDevice: { type: 'Relationship', object: 'urn:ngsi-ld:Device:aq-1' },
    '@context': ['https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld'],
    ...over
  });
  const v2 = (over: Record<string, unknown> = {}) => ({
    id: 'TrafficFlowObserved-smd-01',
    type: 'TrafficFlowObserved',
    dateObserved: { type: 'DateTime', value: '2026-11-28T04:55:00Z/2026-11-28T05:00:00Z' },
    intensity: { type: 'Number', value: 150 },
    averageVehicleSpeed: { type: 'Number', value: 34, metadata: { unitCode: { value: 'KMH' } } },
    address: { type: 'StructuredValue', value: { addressLocality: 'Samarinda' } },
    ...over
  });
  const air = ctx('air', NOW);
  const traffic = ctx('traffic', NOW);

  it('NGSI-LD: per-property observedAt makes its own reading; units converted', () => {
    expect(decodePayload(enc(ld()), air)).toEqual({
      ok: true,
      readings: [
        { sensorId: 's1', kind: 'air', ts: Date.parse('2026-11-28T04:50:00Z'), values: { pm10: 61 } },
        { sensorId: 's1', kind: 'air', ts: Date.parse('2026-11-28T04:55:00Z'), values: { pm25: 38.2 } }
      ]
    });
  });
  it('NGSI-v2: an interval dateObserved gives the time (its end) and the period of intensity', () => {
    expect(decodePayload(enc(v2()), traffic)).toEqual({ ok: true, readings: [{ sensorId: 's1', kind: 'traffic', ts: NOW, values: { flow: 1800, speed: 34 } }] });
  });
  it('an entity without dateObserved is read at the receive time', () => {
    expect(decodePayload(enc({ id: 'x', type: 'WaterObserved', height: 1.25 }), ctx('flood', NOW))).toEqual({
      ok: true,
      readings: [{ sensorId: 's1', kind: 'flood', ts: NOW, values: { water_level: 125 } }]
    });
  });
  it.each([
    ['another kind’s entity', 'kind_mismatch', ld(), traffic],
    ['an entity type Pantau does not read', 'bad_shape', ld({ type: 'WeatherObserved' }), air],
    ['ppm, which needs a molar mass', 'bad_unit', ld({ pm25: { type: 'Property', value: 1, unitCode: '59' } }), air],
    ['a unitCode that is not a string', 'bad_unit', ld({ pm25: { type: 'Property', value: 1, unitCode: 7 } }), air],
    ['a speed in miles per hour', 'bad_unit', v2({ averageVehicleSpeed: { value: 20, metadata: { unitCode: { value: 'HM' } } } }), traffic],
    ['intensity without an observation period', 'bad_unit', v2({ dateObserved: '2026-11-28T05:00:00Z' }), traffic],
    ['a string value', 'bad_type', ld({ pm25: { type: 'Property', value: '38' } }), air],
    ['a measurement given as a Relationship', 'bad_type', ld({ pm25: { type: 'Relationship', object: 'urn:x' } }), air],
    ['a keyValues measurement that is an object', 'bad_type', v2({ intensity: { count: 3 } }), traffic],
    ['a value outside the physical range', 'out_of_range', ld({ pm25: { type: 'Property', value: 5000 } }), air],
    ['an occupancy fraction above 1', 'out_of_range', v2({ occupancy: 1.5 }), traffic],
    ['no measurement at all', 'missing_field', { id: 'urn:ngsi-ld:AirQualityObserved:a', type: 'AirQualityObserved', temperature: 30 }, air],
    ['a zone-less dateObserved', 'bad_time', ld({ dateObserved: '2026-11-28T12:55:00' }), air],
    ['a bad observedAt', 'bad_time', ld({ pm25: { type: 'Property', value: 1, observedAt: 'soon' } }), air],
    ['an old observation', 'time_out_of_window', ld({ dateObserved: '2026-10-01T00:00:00Z' }), air],
    ['a future observation', 'time_out_of_window', v2({ dateObserved: '2026-11-28T06:00:00Z/2026-11-28T07:00:00Z' }), traffic]
  ])('refuses %s as %s', (_name, code, entity, c) => {
    expect(decodePayload(enc(entity), c)).toMatchObject({ ok: false, code });
  });
  it('refuses 1e999 (Infinity after JSON.parse) as not finite', () => {
    const raw = '{"id":"a","type":"WaterObserved","dateObserved":"2026-11-28T05:00:00Z","height":{"type":"Number","value":1e999}}';
    expect(decodePayload(enc(raw), ctx('flood', NOW))).toMatchObject({ ok: false, code: 'not_finite' });
  });
  it('Pantau JSON is still Pantau JSON', () => {
    expect(decodePayload(enc({ values: { pm25: 3 } }), air)).toMatchObject({ ok: true, readings: [{ values: { pm25: 3 } }] });
  });
});
