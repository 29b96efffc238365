import { quoteInfluxIdent, quoteInfluxString } from '../core/line-protocol';
import { MEASUREMENTS } from '../core/influx-config';
import { ISPU_BREAKPOINTS } from '../core/air-index';
import { PantauError } from '../core/errors';
import { FIELDS, SENSOR_ID_PATTERN, SENSOR_KINDS, type Sensor } from '../core/sensor';
import type { Resolution, RetentionConfig } from '../core/retention';
import { chooseResolution, fieldSelect, fromClause, partTimeRange, planRange } from './resolution';

/**
 * InfluxQL text for every read the command center makes. Identifiers and strings go through the
 * core quoting functions, sensor ids are checked against SENSOR_ID_PATTERN, numbers are integers:
 * no request value reaches a query unescaped.
 */
export const HISTORY_MAX_POINTS = 600;
/** Up to a year and a day: long ranges read the rollups (resolution.ts), so they cost what a day of raw does. */
export const HISTORY_HOURS = { min: 1, max: 8784, fallback: 6 } as const;
export const ALERT_REBUILD_DAYS = 7;
export const ALERT_REBUILD_LIMIT = 20_000;
export const HISTORY_ALERTS_LIMIT = 500;
export const LATEST_READINGS_WINDOW_MS = 60 * 60 * 1000;
const HOUR_MS = 3_600_000;

/** An integer in [min, max]; anything unparsable becomes the fallback. */
export function clampInt(value: unknown, min: number, max: number, fallback: number): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n)) return fallback;
  return Math.min(max, Math.max(min, Math.trunc(n)));
}

function assertSensorId(id: string): void {
  if (!SENSOR_ID_PATTERN.test(id)) throw new PantauError('BAD_SENSOR_ID', 'sensor id must match [a-z0-9][a-z0-9_-]{0,63}');
}

function timeRange(startMs: number, endMs: number): string {
  return `time >= ${Math.trunc(startMs)}ms AND time <= ${Math.trunc(endMs)}ms`;
}

export interface HistoryQuery {
  /** One query per part of the range (rollup, then the raw newest bucket): answers concatenate in order. */
  queries: string[];
  startMs: number;
  endMs: number;
  intervalS: number;
  resolution: Resolution;
}

/**
 * Mean per field in time buckets sized so that no field has more than HISTORY_MAX_POINTS points, from
 * raw readings or a rollup as resolution.ts chooses (raw only without a retention config).
 */
export function buildHistoryQuery(sensor: Sensor, hours: number, nowMs: number, retention?: RetentionConfig): HistoryQuery {
  assertSensorId(sensor.id);
  const h = clampInt(hours, HISTORY_HOURS.min, HISTORY_HOURS.max, HISTORY_HOURS.fallback);
  const endMs = Math.trunc(nowMs);
  const startMs = endMs - h * HOUR_MS;
  const choice = chooseResolution({ startMs, endMs, nowMs: endMs, maxPoints: HISTORY_MAX_POINTS, retention });
  const queries = planRange(choice, startMs, endMs, endMs).map((part) => {
    const fields = Object.keys(FIELDS[sensor.kind]).map((f) => fieldSelect('MEAN', f, part.resolution)).join(', ');
    return (
      `SELECT ${fields} FROM ${fromClause(sensor.kind, part.resolution)} ` +
      `WHERE ${quoteInfluxIdent('sensor')} = ${quoteInfluxString(sensor.id)} AND ${partTimeRange(part)} ` +
      `GROUP BY time(${choice.intervalS}s) fill(none)`
    );
  });
  return { queries, startMs, endMs, intervalS: choice.intervalS, resolution: choice.resolution };
}

/**
 * Alert events of one sensor in a range, newest first (the caller folds them to alerts). `from` is
 * alertEventsFrom(…): the events' own retention policy.
 */
export function buildSensorAlertsQuery(sensorId: string, startMs: number, endMs: number, from = quoteInfluxIdent(MEASUREMENTS.alertEvents)): string {
  assertSensorId(sensorId);
  return (
    `SELECT "doc", "event", "by" FROM ${from} ` +
    `WHERE ${quoteInfluxIdent('sensor')} = ${quoteInfluxString(sensorId)} AND ${timeRange(startMs, endMs)} ` +
    `ORDER BY time DESC LIMIT ${HISTORY_ALERTS_LIMIT}`
  );
}

/** Every alert event of the last days, newest first and capped, to rebuild alert state at start. */
export function buildAlertRebuildQuery(nowMs: number, from = quoteInfluxIdent(MEASUREMENTS.alertEvents)): string {
  const startMs = Math.trunc(nowMs) - ALERT_REBUILD_DAYS * 24 * HOUR_MS;
  return (
    `SELECT "doc", "event", "by" FROM ${from} WHERE time >= ${startMs}ms ` +
    `ORDER BY time DESC LIMIT ${ALERT_REBUILD_LIMIT}`
  );
}

/**
 * The mean of each pollutant over the last hour, per air sensor: the hourly ISPU the ingest shows
 * live, so that readings rebuilt at start wear the same category as the ones that follow.
 */
export function buildHourlyAirMeansQuery(nowMs: number): string {
  const startMs = Math.trunc(nowMs) - LATEST_READINGS_WINDOW_MS;
  const means = Object.keys(ISPU_BREAKPOINTS).map((p) => `mean(${quoteInfluxIdent(p)}) AS ${quoteInfluxIdent(p)}`).join(', ');
  return `SELECT ${means} FROM ${quoteInfluxIdent(MEASUREMENTS.air)} WHERE time >= ${startMs}ms GROUP BY ${quoteInfluxIdent('sensor')}`;
}

/** The newest stored point of every sensor in the last hour (one series per sensor). */
export function buildLatestReadingsQuery(nowMs: number): string {
  const startMs = Math.trunc(nowMs) - LATEST_READINGS_WINDOW_MS;
  const from = SENSOR_KINDS.map((k) => quoteInfluxIdent(MEASUREMENTS[k])).join(', ');
  return `SELECT * FROM ${from} WHERE time >= ${startMs}ms GROUP BY ${quoteInfluxIdent('sensor')} ORDER BY time DESC LIMIT 1`;
}
