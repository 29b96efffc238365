/**
 * fast-check generators for the "no crash on bad input" properties (tests/unit/fuzz-*.test.ts and
 * bench/fuzz.ts). They aim at the edges the decoders guard: near-miss field names, prototype keys,
 * objects whose toString is not callable, numbers at and past the physical bounds, timestamps
 * around the window, and line-protocol metacharacters in every free text.
 */
import fc from 'fast-check';
import { FIELDS, SENSOR_KINDS, type Sensor, type SensorKind } from '../../src/lib/core/sensor';
import type { Alert, AlertEvent, AlertEventType, AlertRule, AlertSeverity, AlertState } from '../../src/lib/core/alert';
import type { Reading } from '../../src/lib/core/reading';

/** A fixed receiver clock keeps counterexamples reproducible. */
export const NOW_MS = Date.UTC(2026, 10, 28, 12, 0, 0);

export const kindArb: fc.Arbitrary<SensorKind> = fc.constantFrom(...SENSOR_KINDS);
const ALL_FIELDS = SENSOR_KINDS.flatMap((k) => Object.keys(FIELDS[k]));

/** Text with the characters that break line protocol, InfluxQL, HTML and JSON. */
const NASTY = [',', '=', ' ', '"', "'", '\\', '\n', '\r', '\t', '<script>', '</', '&', '\u0000', '\u2028', 'é', '😀', '#', '+', '/'];
export const nastyStringArb: fc.Arbitrary<string> = fc
  .array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 4 }), fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 12 })
  .map((parts) => parts.join(''));

/** A district name the catalog validator accepts: trimmed non-empty, at most 200 characters. */
export const districtArb: fc.Arbitrary<string> = nastyStringArb.filter((s) => s.trim().length > 0 && s.length <= 200);

export const sensorIdArb: fc.Arbitrary<string> = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,63}$/);

/** Keys a payload might carry: real fields, other kinds' fields, near misses, prototype names. */
export const fieldNameArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...ALL_FIELDS),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'WATER_LEVEL', 'pm2.5', ''),
  fc.string({ maxLength: 12 })
);

/** Numbers around every field's bounds plus the non-finite and the absurd. */
export const numberArb: fc.Arbitrary<number> = fc.oneof(
  fc.double(),
  fc.double({ min: -600, max: 12_500, noNaN: true }),
  fc.constantFrom(0, -0, -1, 1e-320, 5e-324, 1e21, -1e21, 1.7976931348623157e308, 12_000, 12_000.0001, 3_000, -500, -500.5, 100_000),
  fc.integer()
);

/** A JSON value that is not what it should be, including objects whose toString is not callable. */
export const oddValueArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constant({ toString: 1, valueOf: 2 }),
  fc.constant({ toString: null }),
  fc.constant([]),
  fc.constant(null),
  fc.constant(true)
);

export const valueArb: fc.Arbitrary<unknown> = fc.oneof({ weight: 4, arbitrary: numberArb }, { weight: 1, arbitrary: oddValueArb });

/** Timestamps: near now, at the window edges, far off, malformed, ISO with and without zone. */
export const tsArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: NOW_MS - 8 * 86_400_000, max: NOW_MS + 600_000 }),
  fc.constantFrom(NOW_MS + 5 * 60_000, NOW_MS + 5 * 60_000 + 1, NOW_MS - 7 * 86_400_000, NOW_MS - 7 * 86_400_000 - 1, 0, -1, 2 ** 53, 1e21),
  fc.double(),
  fc.date({ min: new Date(NOW_MS - 10 * 86_400_000), max: new Date(NOW_MS + 86_400_000), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('2026-11-28T12:00:00', '2026-11-28T12:00:00+99:99', '2026-13-45T99:99:99Z', '2026-11-28T12:00:00.123456789+08:00', 'now', ''),
  oddValueArb,
  fc.constant(undefined)
);

export const pantauJsonArb: fc.Arbitrary<unknown> = fc.record(
  {
    ts: tsArb,
    values: fc.oneof({ weight: 5, arbitrary: fc.dictionary(fieldNameArb, valueArb, { maxKeys: 5 }) }, { weight: 1, arbitrary: oddValueArb }),
    extra: oddValueArb
  },
  { requiredKeys: [] }
);

const senmlUnitArb = fc.oneof(fc.constantFrom('cm', 'mm/h', 'ug/m3', 'km/h', '%', '1/h', 'veh/h', 'Cel', 'm', ''), oddValueArb);
const senmlTimeArb = fc.oneof(
  fc.integer({ min: -700_000, max: 700_000 }),
  fc.double({ min: (NOW_MS - 9 * 86_400_000) / 1000, max: (NOW_MS + 86_400_000) / 1000, noNaN: true }),
  fc.double(),
  oddValueArb
);

export const senmlRecordArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: fc.record(
    {
      bn: fc.oneof(fc.constantFrom('urn:dev:pantau:x:', 'gauge/', ''), fc.string({ maxLength: 8 }), oddValueArb),
      bt: senmlTimeArb,
      bu: senmlUnitArb,
      bv: fc.oneof(numberArb, oddValueArb),
      n: fc.oneof(fieldNameArb, oddValueArb),
      u: senmlUnitArb,
      v: valueArb,
      t: senmlTimeArb,
      vs: fc.string({ maxLength: 8 })
    },
    { requiredKeys: [] }
  ) },
  { weight: 1, arbitrary: oddValueArb }
);

export const senmlPackArb: fc.Arbitrary<unknown[]> = fc.array(senmlRecordArb, { maxLength: 8 });

const ngsiUnitArb = fc.oneof(fc.constantFrom('GQ', 'GP', 'KMH', 'MTS', 'P1', 'C62', 'MTR', 'CMT', 'MMT', '59', ''), oddValueArb);
const ngsiDateArb = fc.oneof(
  tsArb,
  fc.tuple(tsArb, tsArb).map(([a, b]) => `${typeof a === 'string' ? a : 'x'}/${typeof b === 'string' ? b : 'x'}`),
  tsArb.map((t) => ({ type: 'Property', value: { '@type': 'DateTime', '@value': t } })),
  tsArb.map((t) => ({ type: 'DateTime', value: t }))
);
/** One attribute in each NGSI spelling: keyValues, v2 normalized, NGSI-LD Property or Relationship. */
const ngsiAttributeArb = fc.oneof(
  valueArb,
  fc.record({ type: fc.constantFrom('Number', 'Text'), value: valueArb, metadata: fc.oneof(fc.record({ unitCode: fc.record({ value: ngsiUnitArb }) }), oddValueArb) }, { requiredKeys: ['value'] }),
  fc.record({ type: fc.constantFrom('Property', 'GeoProperty'), value: valueArb, unitCode: ngsiUnitArb, observedAt: tsArb }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('Relationship'), object: oddValueArb })
);
const ngsiNameArb = fc.oneof(
  fc.constantFrom('pm25', 'pm10', 'co', 'CO', 'no2', 'o3', 'so2', 'intensity', 'averageVehicleSpeed', 'occupancy', 'waterLevel', 'height', 'address', 'location'),
  fieldNameArb
);

/** FIWARE NGSI-v2 / NGSI-LD entities of the Smart Data Models Pantau reads, and near misses. */
export const ngsiEntityArb: fc.Arbitrary<unknown> = fc
  .record(
    {
      id: fc.oneof(fc.constantFrom('urn:ngsi-ld:X:1', 'x'), fc.string({ maxLength: 8 })),
      type: fc.oneof(fc.constantFrom('AirQualityObserved', 'TrafficFlowObserved', 'WaterObserved', 'WeatherObserved', 'Feature'), fc.string({ maxLength: 8 })),
      dateObserved: ngsiDateArb,
      dateObservedFrom: ngsiDateArb,
      dateObservedTo: ngsiDateArb,
      attributes: fc.dictionary(ngsiNameArb, ngsiAttributeArb, { maxKeys: 5 }),
      properties: oddValueArb
    },
    { requiredKeys: ['id', 'type', 'attributes'] }
  )
  .map(({ attributes, ...entity }) => ({ ...attributes, ...entity }));

/** Payload bytes: structured JSON, arbitrary JSON, raw bytes. */
export const payloadArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  pantauJsonArb.map(encodeJson),
  senmlPackArb.map(encodeJson),
  ngsiEntityArb.map(encodeJson),
  fc.jsonValue().map(encodeJson),
  fc.uint8Array({ maxLength: 256 })
);

export function encodeJson(doc: unknown): Uint8Array {
  // JSON.stringify drops undefined and turns NaN/Infinity into null; "1e999" stands for them on the wire.
  return new TextEncoder().encode(JSON.stringify(doc) ?? 'null');
}

/** Byte-level mutations of a payload: flip, insert, delete, truncate, splice in JSON tokens. */
export function mutate(bytes: Uint8Array, edits: { at: number; op: number; byte: number }[]): Uint8Array {
  let out = Array.from(bytes);
  const tokens = ['1e999', '-1e999', 'NaN', '"', '{', '}', '[', ']', ',', ':', 'null', '\\u0000', '\u00ff'];
  for (const e of edits) {
    const at = out.length === 0 ? 0 : e.at % (out.length + 1);
    switch (e.op % 5) {
      case 0: if (at < out.length) out[at] = e.byte; break;
      case 1: out.splice(at, 0, e.byte); break;
      case 2: out.splice(at, 1); break;
      case 3: out = out.slice(0, at); break;
      default: out.splice(at, 0, ...new TextEncoder().encode(tokens[e.byte % tokens.length]));
    }
  }
  return Uint8Array.from(out);
}

export const editsArb = fc.array(fc.record({ at: fc.nat(), op: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 6 });

/** A valid reading of any kind: the input side of the line-protocol round trip. */
export const readingArb: fc.Arbitrary<Reading> = kindArb.chain((kind) =>
  fc.record({
    sensorId: sensorIdArb,
    kind: fc.constant(kind),
    ts: fc.integer({ min: NOW_MS - 7 * 86_400_000, max: NOW_MS + 300_000 }),
    values: fc
      .record(
        Object.fromEntries(Object.entries(FIELDS[kind]).map(([f, spec]) => [f, fc.double({ min: spec.min, max: spec.max, noNaN: true })])),
        { requiredKeys: [] }
      )
      .filter((v) => Object.keys(v).length > 0) as fc.Arbitrary<Record<string, number>>
  })
);

const textArb = fc.record({ id: nastyStringArb, en: nastyStringArb });

export const alertEventArb: fc.Arbitrary<AlertEvent> = fc
  .record({
    sensorId: sensorIdArb,
    sensorName: nastyStringArb,
    kind: kindArb,
    district: nastyStringArb,
    rule: fc.constantFrom<AlertRule>('flood_level', 'rate_of_rise', 'air_quality', 'congestion', 'statistical', 'sensor_silent'),
    severity: fc.constantFrom<AlertSeverity>('info', 'warning', 'critical'),
    state: fc.constantFrom<AlertState>('raised', 'acknowledged', 'resolved'),
    title: textArb,
    explanation: textArb,
    action: textArb,
    value: fc.double(),
    at: fc.integer({ min: 0, max: 4_102_444_800_000 }),
    by: nastyStringArb,
    type: fc.constantFrom<AlertEventType>('raised', 'updated', 'escalated', 'acknowledged', 'assigned', 'commented', 'resolved'),
    comments: fc.array(fc.record({ by: nastyStringArb, at: fc.nat(), text: nastyStringArb }), { maxLength: 3 })
  })
  .map((r) => {
    const alert: Alert = {
      id: `${r.sensorId}:${r.rule}:${r.at}`, sensorId: r.sensorId, sensorName: r.sensorName, kind: r.kind, district: r.district,
      rule: r.rule, category: 'emergency', severity: r.severity, level: 1, title: r.title, explanation: r.explanation,
      action: r.action, value: r.value, state: r.state, raisedAt: r.at, updatedAt: r.at, comments: r.comments
    };
    return { type: r.type, at: r.at, by: r.by, alert };
  });

/** Catalog sensors for the whole-path property: one or two per kind, with hostile districts and names. */
export const TEST_SENSORS: Sensor[] = [
  { id: 'fl-1', kind: 'flood', name: 'Gauge <script>alert(1)</script>', district: 'Sungai, Pinang=1 "x"', lat: 0, lon: 0, intervalS: 60 },
  { id: 'fl-2', kind: 'flood', name: 'Gauge 2', district: 'Samarinda Ulu', lat: 0, lon: 0, intervalS: 60 },
  { id: 'tr-1', kind: 'traffic', name: 'Jl. A', district: 'Samarinda Kota', lat: 0, lon: 0, intervalS: 60 },
  { id: 'air-1', kind: 'air', name: 'Air 1', district: 'Palaran\\', lat: 0, lon: 0, intervalS: 60 }
];

/** Topics: every catalog sensor under every kind, random ids, and arbitrary strings. */
export const topicArb: fc.Arbitrary<string> = fc.oneof(
  fc.record({ kind: kindArb, id: fc.constantFrom(...TEST_SENSORS.map((s) => s.id)) }).map((t) => `pantau/v1/sensors/${t.kind}/${t.id}`),
  fc.record({ kind: fc.oneof(kindArb, fc.string({ maxLength: 8 })), id: fc.oneof(sensorIdArb, nastyStringArb) }).map((t) => `pantau/v1/sensors/${t.kind}/${t.id}`),
  fc.record({ pre: fc.constantFrom('pantau/v1/sensors/', 'pantau/v1/sensors', 'pantau/v2/sensors/', '', '/'), rest: fc.string({ maxLength: 80 }) }).map((t) => t.pre + t.rest),
  fc.string({ unit: 'binary', maxLength: 260 })
);
