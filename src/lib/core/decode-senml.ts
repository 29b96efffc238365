import { reject, type Rejection } from './errors';
import type { Reading } from './reading';
import { FIELDS } from './sensor';
import { checkTimeWindow, checkValue, type DecodeContext, type Decoded } from './decode';

/** RFC 8428 §4.5.3: times below 2**28 are relative to now, in seconds. */
const RELATIVE_TIME_LIMIT_S = 2 ** 28;
const MAX_RECORDS = 1_000;

interface Base {
  bn: string;
  /** bn is empty or ends in ':' or '/': then a plain n (no separator) is the field itself. */
  bnEndsField: boolean;
  bt: number;
  bu: string | undefined;
  bv: number;
}

/**
 * Decodes a SenML pack (RFC 8428, JSON). The field is the part of the resolved name after its last
 * ':' or '/', so `urn:dev:mac:0024befffe804ff1:pm25` and `pm25` both name pm25. Records of fields
 * the kind does not report (a node's temperature channel, say) are passed over; records of known
 * fields must be valid. Records at the same resolved time form one reading.
 */
export function decodeSenml(pack: unknown[], ctx: DecodeContext): Decoded | Rejection {
  if (pack.length === 0) return reject('missing_field', 'empty SenML pack');
  if (pack.length > MAX_RECORDS) return reject('too_large', `SenML pack has more than ${MAX_RECORDS} records`);
  const base: Base = { bn: '', bnEndsField: true, bt: 0, bu: undefined, bv: 0 };
  const byTime = new Map<number, Record<string, number>>();
  for (const rec of pack) {
    if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) return reject('bad_shape', 'SenML record must be an object');
    const r = rec as Record<string, unknown>;
    const bad = updateBase(base, r);
    if (bad) return bad;
    // Type first: String() of a parsed object whose "toString" is not callable throws.
    if (typeof r.n !== 'undefined' && typeof r.n !== 'string') return reject('bad_shape', 'SenML n must be a string');
    const field = fieldOf(base, r.n ?? '');
    if (!Object.hasOwn(FIELDS[ctx.kind], field)) continue;
    const result = readRecord(r, base, field, ctx);
    if ('ok' in result) return result;
    const slot = byTime.get(result.ts) ?? {};
    slot[field] = result.value;
    byTime.set(result.ts, slot);
  }
  if (byTime.size === 0) return reject('missing_field', `no ${ctx.kind} field in the SenML pack`);
  const readings: Reading[] = [];
  for (const [ts, values] of byTime) readings.push({ sensorId: ctx.sensorId, kind: ctx.kind, ts, values });
  readings.sort((a, b) => a.ts - b.ts);
  return { ok: true, readings };
}

/** The part of the resolved name (bn + n) after its last ':' or '/'. */
function fieldOf(base: Base, n: string): string {
  // The common case (bn "urn:…:" and n "pm25") without building the name.
  if (base.bnEndsField && n !== '' && n.indexOf(':') < 0 && n.indexOf('/') < 0) return n;
  const name = base.bn + n;
  return name.slice(Math.max(name.lastIndexOf(':'), name.lastIndexOf('/')) + 1);
}

function updateBase(base: Base, r: Record<string, unknown>): Rejection | null {
  if (r.bn !== undefined) {
    if (typeof r.bn !== 'string' || r.bn.length > 200) return reject('bad_shape', 'SenML bn must be a short string');
    base.bn = r.bn;
    const last = r.bn.at(-1);
    base.bnEndsField = last === undefined || last === ':' || last === '/';
  }
  if (r.bt !== undefined) {
    if (typeof r.bt !== 'number' || !Number.isFinite(r.bt)) return reject('bad_time', 'SenML bt must be a finite number');
    base.bt = r.bt;
  }
  if (r.bu !== undefined) {
    if (typeof r.bu !== 'string') return reject('bad_unit', 'SenML bu must be a string');
    base.bu = r.bu;
  }
  if (r.bv !== undefined) {
    if (typeof r.bv !== 'number' || !Number.isFinite(r.bv)) return reject('bad_type', 'SenML bv must be a finite number');
    base.bv = r.bv;
  }
  return null;
}

function readRecord(r: Record<string, unknown>, base: Base, field: string, ctx: DecodeContext): Rejection | { ts: number; value: number } {
  const t = r.t === undefined ? 0 : r.t;
  if (typeof t !== 'number' || !Number.isFinite(t)) return reject('bad_time', 'SenML t must be a finite number');
  const seconds = base.bt + t;
  const ts = Math.round(seconds < RELATIVE_TIME_LIMIT_S ? ctx.now + seconds * 1000 : seconds * 1000);
  const late = checkTimeWindow(ts, ctx);
  if (late) return late;
  const unit = r.u === undefined ? base.bu : r.u;
  const spec = (FIELDS[ctx.kind] as Record<string, { senmlUnits: readonly string[] }>)[field];
  if (unit !== undefined && (typeof unit !== 'string' || !spec.senmlUnits.includes(unit))) {
    const shown = typeof unit === 'string' ? unit.slice(0, 16) : `(${typeof unit})`;
    return reject('bad_unit', `unit "${shown}" is not valid for ${field}`);
  }
  if (r.v === undefined) return reject('bad_type', `${field} has no numeric v`);
  if (typeof r.v !== 'number') return reject('bad_type', `${field} must be a number`);
  const value = base.bv + r.v;
  const bad = checkValue(ctx.kind, field, value);
  if (bad) return bad;
  return { ts, value };
}
