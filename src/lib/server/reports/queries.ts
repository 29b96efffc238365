import { MEASUREMENTS } from '../../core/influx-config';
import { quoteInfluxIdent } from '../../core/line-protocol';
import { ROLLUP_AGGREGATES, rollupField } from '../../core/retention';
import { FIELDS, type SensorKind } from '../../core/sensor';
import type { HourlyAggregate } from '../../reports/types';
import { seriesRows, type InfluxSeries } from '../influx';
import { fromClause } from '../resolution';

/**
 * InfluxQL of the reports: alert events of a range, and per sensor and hour the readings counted,
 * mean and max of every field. Hours the 1-hour rollup has filled are read from it; the newest
 * hours (its continuous query has not run over them yet) from raw readings with the same column
 * names (`count_water_level`, …). Identifiers through quoteInfluxIdent, times as integers.
 */
export const HOUR_MS = 3_600_000;
/** The rollup's continuous query recomputes the last 2 hours every hour: younger hours are read raw. */
export const ROLLUP_LAG_MS = 2 * HOUR_MS;
/** Alert events per report at most (a fortnight of a busy city fits many times over). */
export const REPORT_EVENTS_LIMIT = 200_000;
/** One query per day of a kind: answers stay small whatever InfluxDB's row limit. */
export const SLICE_MS = 24 * HOUR_MS;

const range = (a: number, b: number) => `time >= ${Math.trunc(a)}ms AND time < ${Math.trunc(b)}ms`;

export function buildReportEventsQuery(from: string, startMs: number, endMs: number): string {
  return `SELECT "doc", "event", "by" FROM ${from} WHERE ${range(startMs, endMs)} ORDER BY time ASC LIMIT ${REPORT_EVENTS_LIMIT}`;
}

/** Hourly aggregates of one kind over [startMs, endMs): from the rollup, or computed from raw readings. */
export function buildHourlyQuery(kind: SensorKind, startMs: number, endMs: number, fromRollup: boolean): string {
  const sensor = quoteInfluxIdent('sensor');
  if (fromRollup) return `SELECT * FROM ${fromClause(kind, '1h')} WHERE ${range(startMs, endMs)} GROUP BY ${sensor}`;
  const fields = Object.keys(FIELDS[kind]).flatMap((f) =>
    (['count', 'mean', 'max'] as const).map((a) => `${a.toUpperCase()}(${quoteInfluxIdent(f)}) AS ${quoteInfluxIdent(rollupField(a, f))}`)
  );
  return `SELECT ${fields.join(', ')} FROM ${quoteInfluxIdent(MEASUREMENTS[kind])} WHERE ${range(startMs, endMs)} GROUP BY time(1h), ${sensor} fill(none)`;
}

/** The queries for [startMs, endMs) of one kind, sliced by day, rollup before `nowMs − ROLLUP_LAG_MS` when rollups are on. */
export function planHourlyQueries(kind: SensorKind, startMs: number, endMs: number, nowMs: number, rollups: boolean): string[] {
  const split = rollups ? Math.max(startMs, Math.min(endMs, Math.floor((nowMs - ROLLUP_LAG_MS) / HOUR_MS) * HOUR_MS)) : startMs;
  const out: string[] = [];
  for (let a = startMs; a < split; a += SLICE_MS) out.push(buildHourlyQuery(kind, a, Math.min(split, a + SLICE_MS), true));
  for (let a = split; a < endMs; a += SLICE_MS) out.push(buildHourlyQuery(kind, a, Math.min(endMs, a + SLICE_MS), false));
  return out;
}

/** Rows of either form into HourlyAggregate; hours without a count are left out. */
export function parseHourlySeries(kind: SensorKind, series: readonly InfluxSeries[]): HourlyAggregate[] {
  const out: HourlyAggregate[] = [];
  const fields = Object.keys(FIELDS[kind]);
  for (const s of series) {
    const sensorId = s.tags?.sensor;
    if (!sensorId) continue;
    for (const row of seriesRows(s)) {
      const agg: HourlyAggregate = { sensorId, hour: Number(row.time), count: 0, mean: {}, max: {} };
      for (const f of fields) {
        const c = row[rollupField('count', f)];
        if (typeof c === 'number') agg.count = Math.max(agg.count, c);
        for (const a of ROLLUP_AGGREGATES) {
          const v = row[rollupField(a, f)];
          if (typeof v !== 'number' || !Number.isFinite(v)) continue;
          if (a === 'mean') agg.mean[f] = v;
          if (a === 'max') agg.max[f] = v;
        }
      }
      if (agg.count > 0) out.push(agg);
    }
  }
  return out;
}
