import { isAlertEventType, type AlertEvent } from '../core/alert';
import type { SensorHistory } from '../core/history';
import { ISPU_BREAKPOINTS, ispu, type IspuPollutant } from '../core/air-index';
import type { LiveReading } from '../core/reading';
import type { AirIndex } from '../core/reading-state';
import { FIELDS, isSensorKind, type Sensor } from '../core/sensor';
import { foldAlertEvents } from '../core/alert-lifecycle';
import { isAlert, newestPerAlert } from './alert-store';
import { createLiveReading } from '../core/live-reading';
import { alertEventsSource, seriesRows, type InfluxClient, type InfluxSeries } from './influx';
import { queryParts } from './query-parts';
import { alertMarksQuery, latestDocQueries, openAlertPairs } from '../influx/alert-lookback';
import {
  buildAlertRebuildQuery, buildHistoryQuery, buildHourlyAirMeansQuery, buildLatestReadingsQuery, buildSensorAlertsQuery, HISTORY_MAX_POINTS
} from './influx-queries';

/** Parses a `doc` column (the Alert JSON after an event); junk rows are skipped. */
export function parseDocs(series: InfluxSeries[]): AlertEvent[] {
  const events: AlertEvent[] = [];
  for (const s of series) {
    for (const row of seriesRows(s)) {
      if (typeof row.doc !== 'string') continue;
      try {
        const alert: unknown = JSON.parse(row.doc);
        const type = isAlertEventType(row.event) ? row.event : 'updated';
        const by = typeof row.by === 'string' ? row.by : '';
        if (isAlert(alert)) events.push({ type, at: Number(row.time), by, alert });
      } catch {
        /* a corrupt row must not stop a start or a history view */
      }
    }
  }
  return events;
}

export async function readSensorHistory(client: InfluxClient, sensor: Sensor, hours: number, nowMs: number): Promise<SensorHistory> {
  // Raw readings or a rollup, by range (resolution.ts); the client carries the retention config.
  const hq = buildHistoryQuery(sensor, hours, nowMs, client.retention);
  const [series, alertSeries] = await Promise.all([
    queryParts(client, hq.queries),
    client.query(buildSensorAlertsQuery(sensor.id, hq.startMs, hq.endMs, alertEventsSource(client)))
  ]);
  const fields: Record<string, [number, number][]> = {};
  for (const name of Object.keys(FIELDS[sensor.kind])) fields[name] = [];
  for (const s of series) {
    for (const row of seriesRows(s)) {
      for (const name of Object.keys(fields)) {
        const v = row[name];
        if (typeof v === 'number' && Number.isFinite(v)) fields[name].push([Number(row.time), v]);
      }
    }
  }
  for (const name of Object.keys(fields)) fields[name] = fields[name].slice(-HISTORY_MAX_POINTS);
  const alerts = [...foldAlertEvents(parseDocs(alertSeries).reverse()).values()].sort((a, b) => b.updatedAt - a.updatedAt);
  return { sensor, hours: Math.round((hq.endMs - hq.startMs) / 3_600_000), intervalS: hq.intervalS, fields, alerts };
}

/** Stored alert events of the last days, oldest first, for AlertStore.load at start. */
export async function readRecentAlertEvents(client: InfluxClient, nowMs: number): Promise<AlertEvent[]> {
  return parseDocs(await client.query(buildAlertRebuildQuery(nowMs, alertEventsSource(client)))).reverse();
}

/**
 * Each read of the look-back below may take this long: a year of shards under load answers in tens
 * of seconds, not the 5 s of a console's read (the ingest gives the same reads the same 60 s).
 */
export const LOOKBACK_TIMEOUT_MS = 60_000;

/**
 * The latest state of alerts still open from before the rebuild window, whose ids `recent` (that
 * window's events) does not hold (alert-lookback.ts: a week alone dropped a dead sensor's
 * acknowledged `sensor_silent` from the console at its next restart). Read after the start, not
 * before it: it touches a year of shards.
 */
export async function readOlderOpenAlertEvents(client: InfluxClient, recent: readonly AlertEvent[]): Promise<AlertEvent[]> {
  const inWindow = new Set(recent.map((e) => e.alert.id));
  return (await readStillOpen(client, alertEventsSource(client))).filter((e) => !inWindow.has(e.alert.id));
}

async function readStillOpen(client: InfluxClient, from: string): Promise<AlertEvent[]> {
  const long = { timeoutMs: LOOKBACK_TIMEOUT_MS };
  let events: AlertEvent[] = [];
  const pairs = openAlertPairs(await client.query(alertMarksQuery(from), long));
  // Folded per statement to each alert's newest copy (newestPerAlert; the rows come newest first, a tie goes to the
  // later stored): one event per open alert is held, not every doc read.
  for (const q of latestDocQueries(from, pairs)) events = newestPerAlert([...events, ...parseDocs(await client.query(q, long)).reverse()]);
  return events.sort((a, b) => a.at - b.at);
}

/** Air sensor id → ISPU of its pollutants' means over the last hour (as the ingest's air_quality rule holds it). */
async function readHourlyAirIndex(client: InfluxClient, nowMs: number): Promise<Map<string, AirIndex>> {
  const out = new Map<string, AirIndex>();
  for (const s of await client.query(buildHourlyAirMeansQuery(nowMs))) {
    const row = seriesRows(s)[0];
    if (!row || !s.tags?.sensor) continue;
    const means: Partial<Record<IspuPollutant, number>> = {};
    for (const p of Object.keys(ISPU_BREAKPOINTS) as IspuPollutant[]) {
      const v = row[p];
      if (typeof v === 'number' && Number.isFinite(v)) means[p] = v;
    }
    const index = ispu(means);
    if (index.dominant) out.set(s.tags.sensor, { value: index.value, pollutant: index.dominant });
  }
  return out;
}

/** The newest stored reading of each catalog sensor in the last hour, with the state live ones carry. */
export async function readLatestReadings(client: InfluxClient, sensors: ReadonlyMap<string, Sensor>, nowMs: number): Promise<LiveReading[]> {
  const out: LiveReading[] = [];
  const [latest, hourly] = await Promise.all([client.query(buildLatestReadingsQuery(nowMs)), readHourlyAirIndex(client, nowMs)]);
  for (const s of latest) {
    const sensor = sensors.get(s.tags?.sensor ?? '');
    if (!sensor || !isSensorKind(s.name) || sensor.kind !== s.name) continue;
    const row = seriesRows(s)[0];
    if (!row) continue;
    const values: Record<string, number> = {};
    for (const name of Object.keys(FIELDS[sensor.kind])) {
      const v = row[name];
      if (typeof v === 'number' && Number.isFinite(v)) values[name] = v;
    }
    if (Object.keys(values).length === 0) continue;
    out.push(createLiveReading(sensor, { sensorId: sensor.id, kind: sensor.kind, ts: Number(row.time), values }, hourly.get(sensor.id)));
  }
  return out;
}
