import { reject, type Rejection } from './errors';
import type { Reading } from './reading';
import { FIELDS, type SensorKind } from './sensor';
import { decodeSenml } from './decode-senml';
import { decodeNgsi } from './decode-ngsi';
import { groupNumbers, isCalendarTime } from './calendar';

/** Limits a decoder enforces; the process config supplies them. */
export interface DecodeLimits {
  maxPayloadBytes: number;
  /** A reading more than this far ahead of the receiver's clock is refused. */
  maxFutureMs: number;
  /** A reading older than this is refused. */
  maxPastMs: number;
}

export const DEFAULT_DECODE_LIMITS: DecodeLimits = Object.freeze({
  maxPayloadBytes: 64 * 1024,
  maxFutureMs: 5 * 60_000,
  maxPastMs: 7 * 24 * 3_600_000
});

export interface Decoded {
  ok: true;
  readings: Reading[];
}

export interface DecodeContext {
  kind: SensorKind;
  sensorId: string;
  now: number;
  limits: DecodeLimits;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Turns a payload into readings, or one reason why not. Three formats, told apart by shape here
 * and nowhere else: a JSON array is a SenML pack; an object with a string `type` and `id` (and no
 * `values`) is a FIWARE NGSI-v2 or NGSI-LD entity; any other object is Pantau JSON
 * (`{"ts": …, "values": {…}}`).
 */
export function decodePayload(payload: Uint8Array, ctx: DecodeContext): Decoded | Rejection {
  if (payload.byteLength > ctx.limits.maxPayloadBytes) {
    return reject('too_large', `payload is ${payload.byteLength} bytes; the limit is ${ctx.limits.maxPayloadBytes}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(utf8.decode(payload));
  } catch {
    return reject('not_json');
  }
  if (Array.isArray(doc)) return decodeSenml(doc, ctx);
  if (doc === null || typeof doc !== 'object') return reject('bad_shape');
  const obj = doc as Record<string, unknown>;
  if (isNgsiEntity(obj)) return decodeNgsi(obj, ctx);
  return decodePantauJson(obj, ctx);
}

/** NGSI-v2 and NGSI-LD entities always carry `id` and `type`; Pantau JSON never does. */
function isNgsiEntity(doc: Record<string, unknown>): boolean {
  return typeof doc.type === 'string' && typeof doc.id === 'string' && !Object.hasOwn(doc, 'values');
}

/** Parses a timestamp: epoch milliseconds, or an ISO 8601 string with a zone. */
export function parseTimestamp(ts: unknown, now: number): number | Rejection {
  if (ts === undefined) return now;
  if (typeof ts === 'number') {
    if (!Number.isFinite(ts) || !Number.isInteger(ts)) return reject('bad_time', 'ts must be integer epoch milliseconds');
    return ts;
  }
  const iso = typeof ts === 'string' && ts.length <= 40 ? ISO_TIME.exec(ts) : null;
  // groups: year, month, day, hour, minute, [second], zone hours, zone minutes
  if (iso && isCalendarTime(groupNumbers(iso, [1, 2, 3, 4, 5, 6, 7, 8]))) {
    const ms = Date.parse(ts as string);
    if (Number.isFinite(ms)) return ms;
  }
  return reject('bad_time', 'ts must be epoch ms or ISO 8601 with a zone');
}

const ISO_TIME = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d)(?:\.\d{1,9})?)?(?:Z|[+-](\d\d):?(\d\d))$/;

export function checkTimeWindow(ts: number, ctx: DecodeContext): Rejection | null {
  if (ts > ctx.now + ctx.limits.maxFutureMs) return reject('time_out_of_window', 'timestamp is in the future');
  if (ts < ctx.now - ctx.limits.maxPastMs) return reject('time_out_of_window', 'timestamp is too old');
  return null;
}

/** Validates one field value of a kind; returns a rejection or null. */
export function checkValue(kind: SensorKind, field: string, value: unknown): Rejection | null {
  const spec = (FIELDS[kind] as Record<string, { min: number; max: number } | undefined>)[field];
  if (!Object.hasOwn(FIELDS[kind], field) || !spec) return reject('unknown_field', `"${field.slice(0, 40)}" is not a ${kind} field`);
  if (typeof value !== 'number') return reject('bad_type', `${field} must be a number`);
  if (!Number.isFinite(value)) return reject('not_finite', `${field} is not finite`);
  if (value < spec.min || value > spec.max) {
    return { ...reject('out_of_range', `${field}=${value} outside [${spec.min}, ${spec.max}]`), field, value };
  }
  return null;
}

function decodePantauJson(doc: Record<string, unknown>, ctx: DecodeContext): Decoded | Rejection {
  const ts = parseTimestamp(doc.ts, ctx.now);
  if (typeof ts !== 'number') return ts;
  const late = checkTimeWindow(ts, ctx);
  if (late) return late;
  const raw = doc.values;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return reject('missing_field', 'values must be an object of numbers');
  const values: Record<string, number> = {};
  let count = 0;
  for (const field of Object.keys(raw)) {
    const value = (raw as Record<string, unknown>)[field];
    const bad = checkValue(ctx.kind, field, value);
    if (bad) return bad;
    values[field] = value as number;
    count++;
  }
  if (count === 0) return reject('missing_field');
  return { ok: true, readings: [{ sensorId: ctx.sensorId, kind: ctx.kind, ts, values }] };
}
