import { escapeFieldString, quoteInfluxIdent } from '../core/line-protocol';
import { rollupSpec } from '../core/retention';
import { FIELDS, SENSOR_ID_PATTERN, SENSOR_KINDS, type SensorKind } from '../core/sensor';
import type { InfluxClient, InfluxSeries } from './influx';

/**
 * Replay frames: every sensor's replay values of one kind over 1, 3, 6 or 24 hours packed into a few
 * points (`rollup_1h.replay_frame`, tags `kind`, `width` (s) and `part`, a string field `s`). A city
 * replay then reads a few series instead of one per sensor: InfluxDB 1.6 spends ~0.1 ms per series
 * a query touches, so 10,000 sensors cost seconds whatever the query shape. Its cost also grows with
 * the bytes it answers (a day of hourly frames of 10,000 sensors, 6.3 MB: 0.6-1.6 s of its CPU),
 * hence the wider frames, so that a replay reads no more entries than it shows (bench:history). The values are those the raw replay computes for a frame of that
 * width (the worst value, the last one for traffic), written by the frames job
 * (replay-frames-job.ts) from raw readings.
 */
export const FRAME_MEASUREMENT = 'replay_frame';
export const FRAME_RP = rollupSpec('1h').rp;
export const FRAME_MS = 3_600_000;
/** The stored widths, seconds: each divides the next and a day, so wider replay steps stay aligned. */
export const FRAME_WIDTHS_S = [3600, 3 * 3600, 6 * 3600, 24 * 3600] as const;
/** InfluxDB 1.x refuses string fields over 64 KB: a kind's hour is split into parts below that. */
export const FRAME_PART_CHARS = 60_000;

/** One sensor's values in a frame. */
export type FrameEntry = [sensorId: string, values: Record<string, number>];

/** `id:v1,v2,…` per sensor, `;` between sensors, values in FIELDS order, empty when missing. */
export function encodeEntry(kind: SensorKind, [id, values]: FrameEntry): string {
  return `${id}:${Object.keys(FIELDS[kind]).map((f) => (Number.isFinite(values[f]) ? String(values[f]) : '')).join(',')}`;
}

export function decodeFrame(kind: SensorKind, text: string): FrameEntry[] {
  if (text === '') return [];
  const fields = Object.keys(FIELDS[kind]);
  const out: FrameEntry[] = [];
  for (const item of text.split(';')) {
    const at = item.indexOf(':');
    if (at <= 0) continue;
    const parts = item.slice(at + 1).split(',');
    const values: Record<string, number> = {};
    fields.forEach((f, i) => {
      if (parts[i] !== undefined && parts[i] !== '') values[f] = Number(parts[i]);
    });
    out.push([item.slice(0, at), values]);
  }
  return out;
}

/**
 * The line protocol of one kind's hour: parts of at most FRAME_PART_CHARS. Part 0 is always written,
 * empty when no sensor reported, so a reader can tell "built, nothing there" from "not built yet".
 */
export function frameLines(kind: SensorKind, widthS: number, startMs: number, entries: readonly FrameEntry[]): string[] {
  const parts: string[][] = [[]];
  let size = 0;
  for (const e of entries) {
    if (!SENSOR_ID_PATTERN.test(e[0])) continue; // ids are checked upstream; the packing relies on it
    const text = encodeEntry(kind, e);
    if (size + text.length + 1 > FRAME_PART_CHARS && parts[parts.length - 1].length > 0) {
      parts.push([]);
      size = 0;
    }
    parts[parts.length - 1].push(text);
    size += text.length + 1;
  }
  const tags = `${FRAME_MEASUREMENT},kind=${kind},part=`;
  return parts.map((p, i) => `${tags}${i},width=${Math.trunc(widthS)} n=${p.length}i,s=${escapeFieldString(p.join(';'))} ${Math.trunc(startMs)}`);
}

/** Every frame of one width starting in [fromMs, toMs], one series per kind (its parts joined). */
export function buildFramesQuery(widthS: number, fromMs: number, toMs: number): string {
  return (
    `SELECT ${quoteInfluxIdent('s')} FROM ${quoteInfluxIdent(FRAME_RP)}.${quoteInfluxIdent(FRAME_MEASUREMENT)} ` +
    `WHERE ${quoteInfluxIdent('width')} = '${Math.trunc(widthS)}' AND time >= ${Math.trunc(fromMs)}ms AND time <= ${Math.trunc(toMs)}ms ` +
    `GROUP BY ${quoteInfluxIdent('kind')}`
  );
}

/** One kind's frame parts as stored, oldest first: [hour start, packed text]; decoded only when used. */
export type FrameTexts = [hourMs: number, text: string][];
export type FramesByKind = Record<SensorKind, FrameTexts>;

export function parseFrames(series: readonly InfluxSeries[]): FramesByKind {
  const out = Object.fromEntries(SENSOR_KINDS.map((k) => [k, [] as FrameTexts])) as FramesByKind;
  for (const s of series) {
    const kind = s.tags?.kind as SensorKind;
    if (!SENSOR_KINDS.includes(kind)) continue;
    const at = s.columns.indexOf('s');
    for (const row of s.values) out[kind].push([Number(row[0]), typeof row[at] === 'string' ? (row[at] as string) : '']);
  }
  for (const k of SENSOR_KINDS) out[k].sort((a, b) => a[0] - b[0]);
  return out;
}

export async function readFrames(client: InfluxClient, widthS: number, fromMs: number, toMs: number): Promise<FramesByKind> {
  return parseFrames(await client.query(buildFramesQuery(widthS, fromMs, toMs)));
}

/** The replay's rule for joining a field's values of consecutive frames: the worst, or for traffic the newest. */
export function joinValue(kind: SensorKind, older: number | undefined, newer: number): number {
  return kind === 'traffic' || older === undefined ? newer : Math.max(older, newer);
}

/** Entries of consecutive frames (oldest first) joined into frames of widthS: what the job writes for the wider widths. */
export function joinEntries(kind: SensorKind, frames: ReadonlyMap<number, FrameEntry[]>, widthS: number): Map<number, FrameEntry[]> {
  const widthMs = widthS * 1000;
  const joined = new Map<number, Map<string, Record<string, number>>>();
  for (const start of [...frames.keys()].sort((a, b) => a - b)) {
    const bucket = Math.floor(start / widthMs) * widthMs;
    let bySensor = joined.get(bucket);
    if (!bySensor) joined.set(bucket, (bySensor = new Map()));
    for (const [id, values] of frames.get(start)!) {
      let into = bySensor.get(id);
      if (!into) bySensor.set(id, (into = {}));
      for (const [f, v] of Object.entries(values)) into[f] = joinValue(kind, into[f], v);
    }
  }
  return new Map([...joined].map(([bucket, bySensor]) => [bucket, [...bySensor]]));
}

/**
 * Frames starting before `cut` joined into replay buckets of stepS (a whole number of the frames'
 * width, aligned to the epoch as GROUP BY time is) by joinValue. Decodes and joins in one pass.
 * Returns sensor → [bucket start, values][], oldest first.
 */
export function bucketFrames(kind: SensorKind, frames: FrameTexts, stepS: number, cut = Infinity): Map<string, [number, Record<string, number>][]> {
  const stepMs = stepS * 1000;
  const fields = Object.keys(FIELDS[kind]);
  const out = new Map<string, [number, Record<string, number>][]>();
  for (const [hour, text] of frames) {
    if (hour >= cut || text === '') continue;
    const bucket = Math.floor(hour / stepMs) * stepMs;
    for (const item of text.split(';')) {
      const at = item.indexOf(':');
      if (at <= 0) continue;
      const id = item.slice(0, at);
      let points = out.get(id);
      if (!points) out.set(id, (points = []));
      let tail = points[points.length - 1];
      const fresh = !tail || tail[0] !== bucket;
      if (fresh) points.push((tail = [bucket, {}]));
      const parts = item.slice(at + 1).split(',');
      const values = tail[1];
      for (let i = 0; i < fields.length; i++) {
        const p = parts[i];
        if (p === undefined || p === '') continue;
        values[fields[i]] = joinValue(kind, fresh ? undefined : values[fields[i]], Number(p));
      }
    }
  }
  return out;
}
