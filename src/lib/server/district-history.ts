import { PantauError } from '../core/errors';
import { quoteInfluxIdent, quoteInfluxString } from '../core/line-protocol';
import type { Resolution, RetentionConfig } from '../core/retention';
import { FIELDS, type SensorKind } from '../core/sensor';
import { seriesRows, type InfluxClient } from './influx';
import { clampInt, HISTORY_HOURS, HISTORY_MAX_POINTS } from './influx-queries';
import { queryParts } from './query-parts';
import { chooseResolution, fieldSelect, fromClause, partTimeRange, planRange } from './resolution';

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
    return (
      `SELECT ${fields} FROM ${fromClause(kind, part.resolution)} ` +
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
