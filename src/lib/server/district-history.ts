import { PantauError } from '../core/errors';
import { quoteInfluxIdent, quoteInfluxString } from '../core/line-protocol';
import { rollupSpec, type Resolution, type RetentionConfig } from '../core/retention';
import { rollupMeasurement } from '../core/rollup-statements';
import { FIELDS, isSensorKind, type Sensor, type SensorKind } from '../core/sensor';
import type { ApiResult } from './api';
import { seriesRows, type InfluxClient } from './influx';
import { clampInt, HISTORY_HOURS, HISTORY_MAX_POINTS } from './influx-queries';
import { queryParts } from './query-parts';
import { chooseResolution, fieldSelect, fromClause, partTimeRange, planRange } from './resolution';
import { storeUnavailable } from './store-unavailable';

const HOUR_MS = 3_600_000;

/** A district's chart: every field of one sensor kind averaged over the district's sensors per bucket. */
export interface DistrictHistory {
  district: string;
  kind: SensorKind;
  hours: number;
  intervalS: number;
  resolution: Resolution;
  /** Field name → [bucket start ms, mean over the district's sensors], oldest first. */
  fields: Record<string, [number, number][]>;
}

export interface DistrictHistoryQuery {
  queries: string[];
  intervalS: number;
  resolution: Resolution;
  startMs: number;
  endMs: number;
}

export function buildDistrictHistoryQuery(kind: SensorKind, district: string, hours: number, nowMs: number, retention?: RetentionConfig): DistrictHistoryQuery {
  // District names come from the catalog; the check keeps request text out of a query's size.
  if (district.length === 0 || district.length > 64) throw new PantauError('BAD_DISTRICT', 'district must be 1–64 characters');
  const h = clampInt(hours, HISTORY_HOURS.min, HISTORY_HOURS.max, HISTORY_HOURS.fallback);
  const endMs = Math.trunc(nowMs);
  const startMs = endMs - h * HOUR_MS;
  const choice = chooseResolution({ startMs, endMs, nowMs: endMs, maxPoints: HISTORY_MAX_POINTS, retention });
  const queries = planRange(choice, startMs, endMs, endMs).map((part) => {
    const fields = Object.keys(FIELDS[kind]).map((f) => fieldSelect('MEAN', f, part.resolution)).join(', ');
    // The 1-hour rollup has a series per district: one series to read instead of every sensor's.
    const from = part.resolution === '1h' ? `${quoteInfluxIdent(rollupSpec('1h').rp)}.${quoteInfluxIdent(rollupMeasurement(kind, true))}` : fromClause(kind, part.resolution);
    return (
      `SELECT ${fields} FROM ${from} ` +
      `WHERE ${quoteInfluxIdent('district')} = ${quoteInfluxString(district)} AND ${partTimeRange(part)} ` +
      `GROUP BY time(${choice.intervalS}s) fill(none)`
    );
  });
  return { queries, intervalS: choice.intervalS, resolution: choice.resolution, startMs, endMs };
}

export async function readDistrictHistory(client: InfluxClient, kind: SensorKind, district: string, hours: number, nowMs: number): Promise<DistrictHistory> {
  const dq = buildDistrictHistoryQuery(kind, district, hours, nowMs, client.retention);
  const fields: Record<string, [number, number][]> = {};
  for (const name of Object.keys(FIELDS[kind])) fields[name] = [];
  for (const s of await queryParts(client, dq.queries)) {
    for (const row of seriesRows(s)) {
      for (const name of Object.keys(fields)) {
        const v = row[name];
        if (typeof v === 'number' && Number.isFinite(v)) fields[name].push([Number(row.time), v]);
      }
    }
  }
  const hoursOut = Math.round((dq.endMs - dq.startMs) / HOUR_MS);
  return { district, kind, hours: hoursOut, intervalS: dq.intervalS, resolution: dq.resolution, fields };
}

/**
 * `GET /api/districts/<name>/history?kind=&hours=`: 404 for a district without sensors of that kind in
 * the catalog, 400 for a bad kind or hours, 503 while InfluxDB cannot answer.
 */
export async function getDistrictHistory(
  influx: InfluxClient,
  sensors: ReadonlyMap<string, Sensor>,
  district: string,
  kindParam: string | null,
  hoursParam: string | null,
  nowMs: number
): Promise<ApiResult<DistrictHistory>> {
  const fail = (status: 400 | 404 | 503, code: string, error: string) => ({ status, body: { error, code } }) as const;
  if (!isSensorKind(kindParam ?? '')) return fail(400, 'BAD_KIND', 'kind must be traffic, flood or air');
  const kind = kindParam as SensorKind;
  if (hoursParam !== null && !/^\d{1,6}$/.test(hoursParam)) return fail(400, 'BAD_HOURS', `hours must be a whole number (1–${HISTORY_HOURS.max})`);
  if (![...sensors.values()].some((s) => s.district === district && s.kind === kind)) return fail(404, 'UNKNOWN_DISTRICT', `no ${kind} sensors in ${district}`);
  try {
    return { status: 200, body: await readDistrictHistory(influx, kind, district, Number(hoursParam ?? HISTORY_HOURS.fallback), nowMs) };
  } catch (err) {
    const unavailable = storeUnavailable(err, 'district history');
    if (unavailable) return unavailable;
    throw err;
  }
}
