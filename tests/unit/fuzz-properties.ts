/**
 * The "no crash on bad input" properties, shared by the fast unit run (tests/unit/fuzz-*.test.ts,
 * a few thousand cases) and the long run (bench/fuzz.ts, 100k+ per property). Each property throws
 * on a violation; fast-check shrinks the input to a small counterexample.
 */
import fc from 'fast-check';
import { decodePayload, DEFAULT_DECODE_LIMITS, type DecodeContext } from '../../src/lib/core/decode';
import { REJECT_CODES, type Rejection } from '../../src/lib/core/errors';
import { FIELDS, SENSOR_ID_PATTERN, indexSensors, isSensorKind, type SensorKind } from '../../src/lib/core/sensor';
import type { Reading } from '../../src/lib/core/reading';
import { parseSensorTopic, sensorTopic } from '../../src/lib/core/topic';
import { createMessageDecoder } from '../../ingest/decode-message';
import { formatAlertEvent, formatReading } from '../../ingest/durable/influx-sink';
import {
  NOW_MS, TEST_SENSORS, alertEventArb, districtArb, editsArb, encodeJson, kindArb, mutate, ngsiEntityArb, pantauJsonArb, payloadArb,
  readingArb, senmlPackArb, sensorIdArb, topicArb
} from './fuzz-arbitraries';
import { parseLine } from './fuzz-line-parser';

const LIMITS = DEFAULT_DECODE_LIMITS;
const MAX_DETAIL_CHARS = 300;

function fail(what: string, subject: unknown): never {
  throw new Error(`${what}: ${JSON.stringify(subject, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))}`);
}

/** What every accepted reading must be, whatever the payload was. */
export function assertValidReading(r: Reading, kind: SensorKind, sensorId: string): void {
  if (r.kind !== kind || r.sensorId !== sensorId || !SENSOR_ID_PATTERN.test(r.sensorId)) fail('reading names the wrong sensor', r);
  if (!Number.isInteger(r.ts) || r.ts > NOW_MS + LIMITS.maxFutureMs || r.ts < NOW_MS - LIMITS.maxPastMs) fail('ts outside the window', r);
  const keys = Object.keys(r.values);
  if (keys.length === 0) fail('reading without values', r);
  const spec = FIELDS[kind] as Record<string, { min: number; max: number }>;
  for (const k of keys) {
    if (!Object.hasOwn(spec, k)) fail(`field ${k} is not a ${kind} field`, r);
    const v = r.values[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < spec[k].min || v > spec[k].max) fail(`${k} out of range`, r);
  }
}

export function assertValidRejection(r: Rejection): void {
  if (r.ok !== false || !Object.hasOwn(REJECT_CODES, r.code)) fail('unknown rejection code', r);
  if (typeof r.detail !== 'string' || r.detail.length > MAX_DETAIL_CHARS) fail('detail missing or unbounded', r);
}

function decodeAndCheck(payload: Uint8Array, kind: SensorKind): void {
  const ctx: DecodeContext = { kind, sensorId: 'fz-1', now: NOW_MS, limits: LIMITS };
  const result = decodePayload(payload, ctx);
  if (result.ok) for (const r of result.readings) assertValidReading(r, kind, 'fz-1');
  else assertValidRejection(result);
}

/**
 * What InfluxDB can store of a tag value (core escapeTag): line breaks become spaces, and a
 * backslash run before , = space or the end becomes slashes. Everything else is kept exactly.
 */
export function storableTag(s: string): string {
  return s.replace(/[\r\n]/g, ' ').replace(/\\+(?=[,= ]|$)/g, (run) => '/'.repeat(run.length));
}

/** The line of a reading parses back to exactly the reading, with the district tag intact. */
export function assertReadingLine(r: Reading, district: string): void {
  const line = formatReading(r, district);
  const p = parseLine(line);
  const expected = {
    measurement: r.kind,
    tags: { district: storableTag(district), sensor: r.sensorId },
    fields: r.values,
    ts: r.ts
  };
  if (JSON.stringify(p) !== JSON.stringify(expected)) fail(`line ${JSON.stringify(line)} parses to something else`, { p, expected });
}

export function assertAlertLine(e: Parameters<typeof formatAlertEvent>[0]): void {
  const line = formatAlertEvent(e);
  const p = parseLine(line);
  const a = e.alert;
  const oneLine = (s: string) => s.replace(/[\r\n]/g, ' ');
  const tags: Record<string, string> = {};
  const raw = { district: a.district, event: e.type, kind: a.kind, rule: a.rule, sensor: a.sensorId, severity: a.severity };
  for (const [k, v] of Object.entries(raw)) if (v !== '') tags[k] = storableTag(v);
  const fields: Record<string, string | number> = { alert_id: a.id, state: a.state };
  if (Number.isFinite(a.value)) fields.value = a.value;
  Object.assign(fields, { by: oneLine(e.by), doc: JSON.stringify(a) });
  const expected = { measurement: 'alert_events', tags, fields, ts: e.at };
  if (JSON.stringify(p) !== JSON.stringify(expected)) fail(`alert line ${JSON.stringify(line)} parses to something else`, { p, expected });
  if (JSON.stringify(JSON.parse(String(p.fields.doc))) !== JSON.stringify(a)) fail('doc does not parse back to the alert', a);
}

const sensors = indexSensors({ city: 'T', districts: [], sensors: TEST_SENSORS });

/** Each property by name; `fc.assert(PROPERTIES[name](), { numRuns })` runs it. */
const DEFINITIONS = {
  'decode: arbitrary bytes': () => fc.property(fc.uint8Array({ maxLength: 512 }), kindArb, (b, k) => decodeAndCheck(b, k)),
  'decode: arbitrary JSON values': () => fc.property(fc.jsonValue(), kindArb, (v, k) => decodeAndCheck(encodeJson(v), k)),
  'decode: Pantau JSON shapes': () => fc.property(pantauJsonArb, kindArb, (d, k) => decodeAndCheck(encodeJson(d), k)),
  'decode: SenML packs': () => fc.property(senmlPackArb, kindArb, (d, k) => decodeAndCheck(encodeJson(d), k)),
  'decode: NGSI entities': () => fc.property(ngsiEntityArb, kindArb, (d, k) => decodeAndCheck(encodeJson(d), k)),
  'decode: mutated payloads': () =>
    fc.property(fc.oneof(pantauJsonArb, senmlPackArb, ngsiEntityArb), editsArb, kindArb, (d, edits, k) => decodeAndCheck(mutate(encodeJson(d), edits), k)),
  'topic: parse': () =>
    fc.property(fc.oneof(topicArb, fc.record({ k: kindArb, id: sensorIdArb }).map((t) => sensorTopic(t.k, t.id))), (topic) => {
      const t = parseSensorTopic(topic);
      if (!t.ok) return assertValidRejection(t);
      if (!isSensorKind(t.kind) || !SENSOR_ID_PATTERN.test(t.sensorId)) fail('accepted a bad topic', { topic, t });
      if (sensorTopic(t.kind, t.sensorId) !== topic) fail('topic does not round-trip', { topic, t });
    }),
  'message decoder: topic + payload': () =>
    fc.property(fc.array(fc.tuple(topicArb, payloadArb), { minLength: 1, maxLength: 5 }), (messages) => {
      const decode = createMessageDecoder({ sensors, limits: LIMITS, maxRatePerS: 1000 });
      for (const [topic, payload] of messages) {
        const r = decode(topic, payload, NOW_MS);
        if (!r.ok) {
          assertValidRejection(r);
          continue;
        }
        const sensor = sensors.get(r.sensor.id);
        if (sensor !== r.sensor || topic !== sensorTopic(sensor.kind, sensor.id)) fail('accepted for the wrong sensor', { topic, r });
        for (const reading of r.readings) {
          assertValidReading(reading, sensor.kind, sensor.id);
          assertReadingLine(reading, sensor.district);
        }
      }
    }),
  'line protocol: readings': () => fc.property(readingArb, districtArb, (r, d) => assertReadingLine(r, d)),
  'line protocol: alert events': () => fc.property(alertEventArb, (e) => assertAlertLine(e))
};

export type PropertyName = keyof typeof DEFINITIONS;
// One synchronous property type for all, so callers need no per-property overloads.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const PROPERTIES: Record<PropertyName, () => fc.IProperty<any>> = DEFINITIONS;
