import { quoteInfluxIdent, quoteInfluxString } from '../../core/line-protocol';
import { rollupField, type Resolution, type RetentionConfig } from '../../core/retention';
import { FIELDS, SENSOR_ID_PATTERN, type Sensor } from '../../core/sensor';
import { parseWitaTime } from '../../core/wita-time';
import { chooseResolution, fromClause, partTimeRange, planRange, type RangePart } from '../resolution';

/**
 * GET /api/open/readings: which readings a partner asked for, checked and bounded, and the InfluxQL
 * that reads them. Sensor ids match SENSOR_ID_PATTERN and exist in the catalog, times are whole
 * milliseconds, identifiers and strings go through the core quoting functions: no request text
 * reaches a query unescaped. Pure, so the bounds are unit-tested.
 */
export const OPEN_MAX_ROWS = 10_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Raw: a week (10 080 readings of a sensor reporting each minute, about the row cap). Hourly: a leap year. */
export const OPEN_MAX_RANGE_MS: Readonly<Record<OpenResolution, number>> = { raw: 7 * DAY_MS, '1h': 366 * DAY_MS };
export const OPEN_DEFAULT_RANGE_MS = DAY_MS;

export type OpenResolution = 'raw' | '1h';
export type OpenFormat = 'csv' | 'json';

export interface OpenRequest {
  sensor: Sensor;
  fromMs: number;
  toMs: number;
  format: OpenFormat;
  resolution: OpenResolution;
}

export type Parsed = { ok: true; request: OpenRequest } | { ok: false; status: 400 | 404; code: string; error: string };

const bad = (code: string, error: string): Parsed => ({ ok: false, status: 400, code, error });

/**
 * An ISO 8601 date or date-time or epoch milliseconds; a date alone or a time without a zone is WITA,
 * and an impossible calendar time (30 February, 24:00) is refused rather than rolled into another day.
 */
export const parseTime = parseWitaTime;

function parseRange(params: URLSearchParams, resolution: OpenResolution, nowMs: number): { fromMs: number; toMs: number } | Parsed {
  const toRaw = params.get('to');
  const fromRaw = params.get('from');
  const toMs = toRaw ? parseTime(toRaw.slice(0, 40)) : nowMs;
  if (toMs === null) return bad('BAD_TO', 'to must be an ISO 8601 time or epoch milliseconds');
  const fromMs = fromRaw ? parseTime(fromRaw.slice(0, 40)) : toMs - OPEN_DEFAULT_RANGE_MS;
  if (fromMs === null) return bad('BAD_FROM', 'from must be an ISO 8601 time or epoch milliseconds');
  if (fromMs >= toMs) return bad('BAD_RANGE', 'from must be before to');
  const max = OPEN_MAX_RANGE_MS[resolution];
  if (toMs - fromMs > max) return bad('RANGE_TOO_LONG', `at most ${max / DAY_MS} days per request at resolution ${resolution}`);
  // Hourly rows are whole hours: the range is widened to the hours it touches.
  if (resolution === '1h') return { fromMs: Math.floor(fromMs / HOUR_MS) * HOUR_MS, toMs: Math.ceil(toMs / HOUR_MS) * HOUR_MS };
  return { fromMs, toMs };
}

export function parseOpenRequest(params: URLSearchParams, sensors: ReadonlyMap<string, Sensor>, nowMs: number): Parsed {
  const id = params.get('sensor') ?? '';
  if (!SENSOR_ID_PATTERN.test(id)) return bad('BAD_SENSOR_ID', 'sensor must be a sensor id ([a-z0-9][a-z0-9_-]{0,63})');
  const format = params.get('format') ?? 'json';
  if (format !== 'csv' && format !== 'json') return bad('BAD_FORMAT', 'format must be csv or json');
  const resolution = params.get('resolution') ?? 'raw';
  if (resolution !== 'raw' && resolution !== '1h') return bad('BAD_RESOLUTION', 'resolution must be raw or 1h');
  const sensor = sensors.get(id);
  if (!sensor) return { ok: false, status: 404, code: 'UNKNOWN_SENSOR', error: `no sensor ${id}` };
  const range = parseRange(params, resolution, nowMs);
  if ('ok' in range) return range;
  return { ok: true, request: { sensor, format, resolution, ...range } };
}

/** Column names of a request's rows after `time`: fields, or per field its hourly mean, min, max and count. */
export function openColumns(req: Pick<OpenRequest, 'sensor' | 'resolution'>): string[] {
  const fields = Object.keys(FIELDS[req.sensor.kind]);
  if (req.resolution === 'raw') return fields;
  return fields.flatMap((f) => ['mean', 'min', 'max', 'count'].map((a) => `${f}_${a}`));
}

/** Hourly aggregates of a field from raw readings or from the 1-hour rollup (whose columns are `mean_<field>` …). */
function hourlySelect(field: string, resolution: Resolution): string {
  const alias = (a: string) => quoteInfluxIdent(`${field}_${a}`);
  if (resolution === 'raw') {
    const f = quoteInfluxIdent(field);
    return `MEAN(${f}) AS ${alias('mean')}, MIN(${f}) AS ${alias('min')}, MAX(${f}) AS ${alias('max')}, COUNT(${f}) AS ${alias('count')}`;
  }
  const r = (a: 'mean' | 'min' | 'max' | 'count') => quoteInfluxIdent(rollupField(a, field));
  // Minimum of minima, maximum of maxima, sum of counts; the mean of means weighs each rollup interval alike.
  return `MEAN(${r('mean')}) AS ${alias('mean')}, MIN(${r('min')}) AS ${alias('min')}, MAX(${r('max')}) AS ${alias('max')}, SUM(${r('count')}) AS ${alias('count')}`;
}

function where(sensor: Sensor, part: RangePart): string {
  return `WHERE ${quoteInfluxIdent('sensor')} = ${quoteInfluxString(sensor.id)} AND ${partTimeRange(part)}`;
}

/**
 * The statements for a request, in time order. Raw: one, capped at OPEN_MAX_ROWS + 1 rows (one more
 * tells the caller it was cut). Hourly: the 1-hour rollup where it is complete and raw readings for
 * the newest hour (resolution.ts plans both), or raw readings in hourly buckets with rollups off.
 */
export function buildOpenQueries(req: OpenRequest, nowMs: number, retention?: RetentionConfig): string[] {
  if (!SENSOR_ID_PATTERN.test(req.sensor.id)) throw new Error('sensor id checked by parseOpenRequest');
  const fields = Object.keys(FIELDS[req.sensor.kind]);
  // The end is exclusive: a reading at `to` belongs to the next request's range.
  const endMs = Math.trunc(req.toMs) - 1;
  const startMs = Math.trunc(req.fromMs);
  if (req.resolution === 'raw') {
    const part: RangePart = { resolution: 'raw', startMs, endMs, includeEnd: true };
    const select = fields.map((f) => quoteInfluxIdent(f)).join(', ');
    return [`SELECT ${select} FROM ${fromClause(req.sensor.kind, 'raw')} ${where(req.sensor, part)} ORDER BY time ASC LIMIT ${OPEN_MAX_ROWS + 1}`];
  }
  const choice = chooseResolution({ startMs, endMs, nowMs, maxPoints: OPEN_MAX_ROWS, minIntervalS: 3600, retention });
  return planRange({ ...choice, intervalS: 3600 }, startMs, endMs, nowMs).map(
    (part) =>
      `SELECT ${fields.map((f) => hourlySelect(f, part.resolution)).join(', ')} FROM ${fromClause(req.sensor.kind, part.resolution)} ` +
      `${where(req.sensor, part)} GROUP BY time(1h) fill(none)`
  );
}
