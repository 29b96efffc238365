import { reject, type Rejection } from './errors';
import type { Reading } from './reading';
import { checkTimeWindow, checkValue, parseTimestamp, type DecodeContext, type Decoded } from './decode';
import { NGSI_MODELS, kindOfEntityType, type AttributeMap } from './ngsi-models';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Decodes one FIWARE entity of a Smart Data Model (AirQualityObserved, TrafficFlowObserved,
 * WaterObserved): NGSI-v2 normalized (`{value, type, metadata.unitCode.value}`), NGSI-v2 keyValues,
 * NGSI-LD (`{type: "Property", value, unitCode, observedAt}`, compacted) and its GeoJSON feature form.
 * The topic names the sensor; the entity id is not used. Attributes that are not measurements
 * (address, location, refDevice, …) and measurements Pantau does not store are passed over.
 */
export function decodeNgsi(doc: Obj, ctx: DecodeContext): Decoded | Rejection {
  const entity = doc.type === 'Feature' && isObj(doc.properties) ? doc.properties : doc;
  if (typeof entity.type !== 'string') return reject('bad_shape', 'NGSI entity has no type');
  const kind = kindOfEntityType(entity.type);
  if (kind === undefined) return reject('bad_shape', `NGSI entity type "${entity.type.slice(0, 40)}" is not read by Pantau`);
  if (kind !== ctx.kind) return reject('kind_mismatch', `a ${entity.type} entity on a ${ctx.kind} topic`);
  const base = entityTime(entity, ctx.now);
  if (typeof base !== 'number') return base;
  const byTime = new Map<number, Record<string, number>>();
  const seen = new Set<string>();
  for (const [name, map] of NGSI_MODELS[kind].attributes) {
    if (!Object.hasOwn(entity, name) || seen.has(map.field)) continue;
    seen.add(map.field);
    const r = readMeasurement(entity, name, map, base, ctx);
    if ('ok' in r) return r;
    const slot = byTime.get(r.ts) ?? {};
    slot[map.field] = r.value;
    byTime.set(r.ts, slot);
  }
  if (byTime.size === 0) return reject('missing_field', `no ${ctx.kind} measurement in the ${entity.type} entity`);
  const readings: Reading[] = [];
  for (const [ts, values] of byTime) readings.push({ sensorId: ctx.sensorId, kind: ctx.kind, ts, values });
  readings.sort((a, b) => a.ts - b.ts);
  return { ok: true, readings };
}

/** One attribute: its number, unit code and own time, in any of the NGSI spellings. */
function attribute(raw: unknown, name: string): Rejection | { value: unknown; unit: unknown; observedAt: unknown } {
  if (!isObj(raw)) return { value: raw, unit: undefined, observedAt: undefined }; // keyValues
  if (!Object.hasOwn(raw, 'value') || raw.type === 'Relationship' || raw.type === 'GeoProperty') {
    return reject('bad_type', `${name} is not a numeric property`);
  }
  const meta = isObj(raw.metadata) && isObj(raw.metadata.unitCode) ? raw.metadata.unitCode.value : undefined;
  return { value: raw.value, unit: raw.unitCode ?? meta, observedAt: raw.observedAt };
}

function readMeasurement(entity: Obj, name: string, map: AttributeMap, base: number, ctx: DecodeContext): Rejection | { ts: number; value: number } {
  const a = attribute(entity[name], name);
  if ('ok' in a) return a;
  const ts = a.observedAt === undefined ? base : parseTimestamp(a.observedAt, ctx.now);
  if (typeof ts !== 'number') return ts;
  const late = checkTimeWindow(ts, ctx);
  if (late) return late;
  const factor = unitFactor(a.unit, name, map);
  if (typeof factor !== 'number') return factor;
  if (typeof a.value !== 'number') return reject('bad_type', `${name} must be a number`);
  if (!Number.isFinite(a.value)) return reject('not_finite', `${name} is not finite`);
  let value = a.value * factor;
  if (map.perPeriod) {
    const hours = periodHours(entity);
    if (typeof hours !== 'number') return hours;
    value /= hours;
  }
  // A unit conversion leaves float dust (2.4 m × 100 = 240.00000000000003): 12 digits is more than any sensor has.
  if (value !== a.value) value = Number(value.toPrecision(12));
  const bad = checkValue(ctx.kind, map.field, value);
  return bad ?? { ts, value };
}

function unitFactor(unit: unknown, name: string, map: AttributeMap): number | Rejection {
  if (unit === undefined) return map.default;
  if (typeof unit === 'string' && Object.hasOwn(map.units, unit)) return map.units[unit];
  const shown = typeof unit === 'string' ? unit.slice(0, 16) : `(${typeof unit})`;
  return reject('bad_unit', `unitCode "${shown}" is not valid for ${name}`);
}

/** A DateTime attribute as a string: keyValues, `{value}`, or NGSI-LD's `{"@type": "DateTime", "@value"}`. */
function dateText(raw: unknown): unknown {
  const v = isObj(raw) && Object.hasOwn(raw, 'value') ? raw.value : raw;
  return isObj(v) && Object.hasOwn(v, '@value') ? v['@value'] : v;
}

/** One end of dateObserved, which the traffic and air models allow as an ISO 8601 interval `from/to`. */
function intervalEnd(raw: unknown, end: 0 | 1): unknown {
  const text = dateText(raw);
  if (typeof text !== 'string' || !text.includes('/')) return text;
  const parts = text.split('/');
  return parts.length === 2 ? parts[end] : text;
}

/**
 * The reading time: the end of the observation period (dateObservedTo, else dateObserved or its
 * interval's end); the receive time when the entity has neither. A time without a zone is refused
 * (bad_time) as in the other formats: the examples' "2016-03-15T11:00:00" is not an instant.
 */
function entityTime(entity: Obj, now: number): number | Rejection {
  const raw = entity.dateObservedTo !== undefined ? entity.dateObservedTo : entity.dateObserved;
  if (raw === undefined) return now;
  const text = intervalEnd(raw, 1);
  if (text === undefined) return reject('bad_time', 'dateObserved has no value');
  return parseTimestamp(text, now);
}

/** The observation period in hours, from dateObservedFrom/To or an interval dateObserved. */
function periodHours(entity: Obj): number | Rejection {
  const from = entity.dateObservedFrom !== undefined ? dateText(entity.dateObservedFrom) : intervalEnd(entity.dateObserved, 0);
  const to = entity.dateObservedTo !== undefined ? dateText(entity.dateObservedTo) : intervalEnd(entity.dateObserved, 1);
  const noPeriod = reject('bad_unit', 'intensity is a vehicle count per observation period: give dateObservedFrom and dateObservedTo');
  if (from === undefined || to === undefined || from === to) return noPeriod;
  const a = parseTimestamp(from, 0);
  const b = parseTimestamp(to, 0);
  if (typeof a !== 'number') return a;
  if (typeof b !== 'number') return b;
  if (!(b > a)) return noPeriod;
  return (b - a) / 3_600_000;
}
