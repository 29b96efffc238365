import { parseTime as parseOpenTime } from './open-data/request';
import type { ReplayData, ReplayPoint, ReplayWindow } from '../core/history';
import { MEASUREMENTS } from '../core/influx-config';
import { quoteInfluxIdent } from '../core/line-protocol';
import { FIELDS, SENSOR_KINDS, type Sensor, type SensorKind } from '../core/sensor';
import { parseDocs } from './history';
import { alertEventsSource, seriesRows, type InfluxClient, type InfluxSeries } from './influx';
import { firstFrame, framedRows, framesCut, planFramed, type FramedPlan } from './replay-framed';
import { readFrames } from './replay-frames';
import { rollupSpec, type RetentionConfig } from '../core/retention';
import { queryParts } from './query-parts';
import { chooseResolution, fieldSelect, fromClause, partTimeRange, planRange, rollupColumn, type RangePart } from './resolution';
import { createLiveReading } from '../core/live-reading';

/** A replay never has more frames than this: the step grows with the window instead. */
export const REPLAY_MAX_FRAMES = 500;
export const REPLAY_MAX_RANGE_MS = 31 * 24 * 3_600_000;
export const REPLAY_EVENTS_LIMIT = 5_000;
/**
 * Sensors × frames of one replay at most: a city of thousands of sensors gets fewer, wider frames
 * (read from a coarser rollup) instead of an answer InfluxDB takes seconds to group (bench:history:
 * 192,000 points of 2,000 sensors took 4-6 s, ~20 µs a point).
 */
export const REPLAY_MAX_POINTS = 50_000;
/** Frames of 30 to 60 minutes become hourly: the 1-hour rollup's rows read as they are are the cheapest replay (0.7 s for 2,000 sensors). */
const HOURLY_FROM_S = 1800;
const DEFAULT_RANGE_MS = 6 * 3_600_000;

/**
 * Epoch ms or ISO 8601; a date or time without a zone is WITA, as the page shows it (open data reads
 * them so). Absent: null (the default applies); given but not a time (30 February): NaN, refused,
 * as a default window in its place would answer another month's data with a 200.
 */
function parseTime(value: string | null): number | null {
  if (value === null || value.trim() === '') return null;
  const n = parseOpenTime(value.trim().slice(0, 40));
  return n === null ? NaN : Math.trunc(n);
}

/**
 * The window from query parameters (epoch ms or ISO 8601): `to` defaults to now, `from` to 6 h
 * before; the range is clamped to 31 days; the step (s) grows so there are at most 500 frames.
 */
export function parseReplayWindow(params: { from: string | null; to: string | null; step: string | null }, nowMs: number): ReplayWindow | { error: string } {
  const to = parseTime(params.to) ?? Math.trunc(nowMs);
  let from = parseTime(params.from) ?? to - DEFAULT_RANGE_MS;
  if (Number.isNaN(to)) return { error: '`to` is not a time (epoch ms or ISO 8601)' };
  if (Number.isNaN(from)) return { error: '`from` is not a time (epoch ms or ISO 8601)' };
  if (from >= to) return { error: 'from must be before to' };
  if (to - from > REPLAY_MAX_RANGE_MS) from = to - REPLAY_MAX_RANGE_MS;
  const asked = Number(params.step);
  const minStepS = Math.ceil((to - from) / 1000 / REPLAY_MAX_FRAMES);
  const stepS = Math.max(1, minStepS, Number.isFinite(asked) ? Math.trunc(asked) : 0);
  return { from, to, stepS };
}

/** Worst value per bucket for flood and air (higher is worse), the last one for traffic (speed falls). */
function aggregateOf(kind: SensorKind): 'LAST' | 'MAX' {
  return kind === 'traffic' ? 'LAST' : 'MAX';
}

/**
 * One kind's query over a part of the window (raw readings for the whole window when no part is given).
 * When a frame is exactly one rollup interval, the rollup rows are the frames: read as they are, with
 * the sensor as a column (5× faster than GROUP BY time per sensor over 2,000 sensors, bench:history).
 */
export function buildReplayQuery(kind: SensorKind, w: ReplayWindow, part?: RangePart): string {
  const p = part ?? { resolution: 'raw', startMs: w.from, endMs: w.to, includeEnd: true };
  const res = p.resolution;
  if (res !== 'raw' && rollupSpec(res).seconds === w.stepS) {
    const columns = Object.keys(FIELDS[kind]).map((f) => rollupColumn(aggregateOf(kind), f, res)).join(', ');
    return `SELECT ${quoteInfluxIdent('sensor')}, ${columns} FROM ${fromClause(kind, res)} WHERE ${partTimeRange(p)}`;
  }
  const fields = Object.keys(FIELDS[kind]).map((f) => fieldSelect(aggregateOf(kind), f, p.resolution)).join(', ');
  return (
    `SELECT ${fields} FROM ${fromClause(kind, p.resolution)} WHERE ${partTimeRange(p)} ` +
    `GROUP BY time(${w.stepS}s), ${quoteInfluxIdent('sensor')} fill(none)`
  );
}

/**
 * The window as it will be read: a day or more comes from the 1-minute or 1-hour rollup, its step
 * rounded up to whole rollup intervals (resolution.ts), with the newest bucket from raw readings.
 */
export function planReplay(w: ReplayWindow, nowMs: number, sensorCount: number, retention?: RetentionConfig): { window: ReplayWindow; parts: RangePart[] } {
  const frames = Math.max(1, Math.min(REPLAY_MAX_FRAMES, Math.floor(REPLAY_MAX_POINTS / Math.max(1, sensorCount))));
  const widthS = Math.max(w.stepS, Math.ceil((w.to - w.from) / 1000 / frames));
  const minIntervalS = retention?.rollups && widthS >= HOURLY_FROM_S && widthS < 3600 ? 3600 : w.stepS;
  const choice = chooseResolution({ startMs: w.from, endMs: w.to, nowMs, maxPoints: frames + 1, minIntervalS, retention });
  const window = { ...w, stepS: choice.intervalS };
  return { window, parts: planRange(choice, w.from, w.to, nowMs) };
}

/** `from` is alertEventsFrom(…): the events' own retention policy. */
export function buildReplayEventsQuery(w: ReplayWindow, from = quoteInfluxIdent(MEASUREMENTS.alertEvents)): string {
  return (
    `SELECT "doc", "event", "by" FROM ${from} WHERE time >= ${w.from}ms AND time <= ${w.to}ms ` +
    `ORDER BY time ASC LIMIT ${REPLAY_EVENTS_LIMIT}`
  );
}

/** Per sensor: [bucket start, values][], oldest first. */
export type SensorRows = Map<string, [number, Record<string, number>][]>;

/** One kind's answer of a per-sensor query (series per sensor) as rows per sensor. */
function rowsOf(kind: SensorKind, series: readonly InfluxSeries[]): SensorRows {
  const out: SensorRows = new Map();
  for (const s of series) {
    const rows: [number, Record<string, number>][] = [];
    for (const row of seriesRows(s)) {
      const values: Record<string, number> = {};
      for (const f of Object.keys(FIELDS[kind])) if (typeof row[f] === 'number' && Number.isFinite(row[f])) values[f] = row[f] as number;
      if (Object.keys(values).length > 0) rows.push([Number(row.time), values]);
    }
    out.set(s.tags?.sensor ?? '', rows);
  }
  return out;
}

/** Each kind's rows per sensor over planned parts, through per-sensor queries (a series per sensor). */
export async function readSensorRows(client: InfluxClient, w: ReplayWindow, parts: RangePart[]): Promise<SensorRows[]> {
  const perKind = await Promise.all(SENSOR_KINDS.map((k) => queryParts(client, parts.map((p) => buildReplayQuery(k, w, p)))));
  return perKind.map((series, i) => rowsOf(SENSOR_KINDS[i], series));
}

/** Rows labelled as the live map labels readings (severity and state from the sensor's current thresholds). */
function label(sensors: ReadonlyMap<string, Sensor>, perKind: readonly SensorRows[]): Record<string, ReplayPoint[]> {
  const out: Record<string, ReplayPoint[]> = {};
  perKind.forEach((rowsBySensor, i) => {
    const kind = SENSOR_KINDS[i];
    for (const [id, rows] of rowsBySensor) {
      const sensor = sensors.get(id);
      if (!sensor || sensor.kind !== kind) continue;
      out[sensor.id] = rows.slice(-REPLAY_MAX_FRAMES - 1).map(([ts, values]) => {
        const live = createLiveReading(sensor, { sensorId: sensor.id, kind, ts, values });
        return [ts, live.severity, values, live.state];
      });
    }
  });
  return out;
}

/** The part of a framed replay the frames do not cover yet, per sensor (1-hour rollup, raw for the newest bucket). */
async function readUncovered(client: InfluxClient, w: ReplayWindow, cut: number, nowMs: number): Promise<SensorRows[] | null> {
  if (cut >= w.to) return null;
  return readSensorRows(client, w, planRange({ resolution: '1h', intervalS: w.stepS }, cut, w.to, nowMs));
}

async function readFromFrames(client: InfluxClient, sensors: ReadonlyMap<string, Sensor>, p: FramedPlan, nowMs: number): Promise<SensorRows[] | null> {
  const frames = await readFrames(client, p.widthS, firstFrame(p), p.window.to - 1);
  const cut = framesCut(frames, new Set([...sensors.values()].map((s) => s.kind)), p);
  if (cut <= firstFrame(p)) return null;
  const framed = framedRows(frames, SENSOR_KINDS, p, cut);
  (await readUncovered(client, p.window, cut, nowMs))?.forEach((rows, i) => {
    for (const [id, more] of rows) framed[i].set(id, (framed[i].get(id) ?? []).concat(more));
  });
  return framed;
}

/**
 * The replay of a window. A city whose per-sensor plan is hourly or wider reads the replay frames
 * (replay-frames.ts) for the frames the frames job has written; the rest, and a city without frames,
 * per sensor from rollups or raw readings.
 */
export async function readReplay(client: InfluxClient, sensors: ReadonlyMap<string, Sensor>, asked: ReplayWindow, nowMs = Date.now()): Promise<ReplayData> {
  const plan = planReplay(asked, nowMs, sensors.size, client.retention);
  const framedPlan = planFramed(plan);
  const [eventSeries, fromFrames] = await Promise.all([
    client.query(buildReplayEventsQuery(asked, alertEventsSource(client))),
    framedPlan ? readFromFrames(client, sensors, framedPlan, nowMs) : null
  ]);
  const w = fromFrames && framedPlan ? framedPlan.window : plan.window;
  const perKind = fromFrames ?? (await readSensorRows(client, plan.window, plan.parts));
  return { ...w, frames: Math.ceil((w.to - w.from) / 1000 / w.stepS), sensors: label(sensors, perKind), events: parseDocs(eventSeries) };
}
