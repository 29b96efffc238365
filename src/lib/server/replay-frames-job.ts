import type { InfluxConfig } from '../core/influx-config';
import { SENSOR_KINDS, type SensorKind } from '../core/sensor';
import { createInfluxDB } from '../influx/client';
import { influxQl } from '../influx/query';
import { writeLines } from '../influx/write';
import { splitBySensorColumn } from './query-parts';
import { buildReplayQuery } from './replay';
import { buildFramesQuery, decodeFrame, FRAME_MS, FRAME_RP, FRAME_WIDTHS_S, frameLines, joinEntries, parseFrames, type FrameEntry } from './replay-frames';

/** At most a day per slice (the widest frame), aligned to days: GROUP BY time over a day of 10,000 sensors takes seconds. */
const SLICE_MS = 24 * FRAME_MS;
const QUERY_TIMEOUT_MS = 120_000;

/** The raw replay query of one kind for hourly frames over [fromMs, toMs): the frames hold exactly what it answers. */
export function frameSourceQuery(kind: SensorKind, fromMs: number, toMs: number): string {
  return buildReplayQuery(kind, { from: fromMs, to: toMs, stepS: FRAME_MS / 1000 }, { resolution: 'raw', startMs: fromMs, endMs: toMs, includeEnd: false });
}

/** Hour start → entries of one kind's answer. */
async function hourlyEntries(config: InfluxConfig, kind: SensorKind, fromMs: number, toMs: number): Promise<Map<number, FrameEntry[]>> {
  const body = await influxQl(config, frameSourceQuery(kind, fromMs, toMs), 'GET', QUERY_TIMEOUT_MS);
  const byHour = new Map<number, FrameEntry[]>();
  for (const s of splitBySensorColumn(body.results?.[0]?.series ?? [])) {
    const id = s.tags?.sensor;
    if (!id) continue;
    for (const row of s.values) {
      const values: Record<string, number> = {};
      s.columns.forEach((c, i) => {
        if (c !== 'time' && typeof row[i] === 'number' && Number.isFinite(row[i])) values[c] = row[i] as number;
      });
      if (Object.keys(values).length === 0) continue;
      const hour = Number(row[0]);
      let entries = byHour.get(hour);
      if (!entries) byHour.set(hour, (entries = []));
      entries.push([id, values]);
    }
  }
  return byHour;
}

export interface FramesWritten {
  hours: number;
  points: number;
}

/** Stored frames of one width starting in [fromMs, toMs): per kind, start → entries (parts joined). */
async function storedFrames(config: InfluxConfig, widthS: number, fromMs: number, toMs: number): Promise<Map<number, FrameEntry[]>[]> {
  const body = await influxQl(config, buildFramesQuery(widthS, fromMs, toMs - 1), 'GET', QUERY_TIMEOUT_MS);
  const frames = parseFrames(body.results?.[0]?.series ?? []);
  return SENSOR_KINDS.map((k) => {
    const out = new Map<number, FrameEntry[]>();
    for (const [at, text] of frames[k]) out.set(at, (out.get(at) ?? []).concat(decodeFrame(k, text)));
    return out;
  });
}

interface Bounds {
  /** Frames starting before this are never written (raw readings have expired there). */
  oldest: number;
  /** The end of the current hour: nothing after it exists yet. */
  lastEnd: number;
}

/**
 * The frames of widthS over the spans touching [fromMs, toMs), joined from the stored frames of the
 * next narrower width (exactly what raw GROUP BY time of that width gives). A span missing one of
 * its narrower frames (hours never built) is left out, so a wide frame is never short of hours.
 */
async function widerLines(config: InfluxConfig, widthS: number, narrowerS: number, fromMs: number, toMs: number, b: Bounds): Promise<string[]> {
  const w = widthS * 1000;
  const start = Math.floor(fromMs / w) * w;
  const end = Math.ceil(toMs / w) * w;
  const stored = await storedFrames(config, narrowerS, start, end);
  const lines: string[] = [];
  SENSOR_KINDS.forEach((kind, i) => {
    const joined = joinEntries(kind, stored[i], widthS);
    for (let at = Math.max(start, b.oldest); at < end; at += w) {
      let complete = true;
      for (let n = at; n < Math.min(at + w, b.lastEnd); n += narrowerS * 1000) complete &&= stored[i].has(n);
      if (complete) lines.push(...frameLines(kind, widthS, at, joined.get(at) ?? []));
    }
  });
  return lines;
}

/**
 * Writes the replay frames touching [fromMs, toMs): the hourly ones from raw readings (the current
 * hour too, as far as it has gone: the next run rewrites it), then each wider width from the stored
 * narrower ones. Start a rebuild at a day boundary to get the daily frame of its first day. Frames
 * that start before the raw retention are left alone, so a rebuild never overwrites them with the
 * nothing that remains of expired readings. 1.x with rollups only, like the continuous queries.
 */
export async function writeReplayFrames(config: InfluxConfig, fromMs: number, toMs: number, nowMs = Date.now()): Promise<FramesWritten> {
  if (config.api !== 'v1' || !config.retention.rollups) return { hours: 0, points: 0 };
  const b: Bounds = {
    oldest: Math.ceil((nowMs - config.retention.rawHours * FRAME_MS) / FRAME_MS) * FRAME_MS,
    lastEnd: Math.floor(nowMs / FRAME_MS) * FRAME_MS + FRAME_MS
  };
  const start = Math.max(b.oldest, Math.floor(fromMs / FRAME_MS) * FRAME_MS);
  const end = Math.min(Math.ceil(toMs / FRAME_MS) * FRAME_MS, b.lastEnd);
  const influx = createInfluxDB(config, QUERY_TIMEOUT_MS);
  const done: FramesWritten = { hours: 0, points: 0 };
  for (let a = start; a < end; a = Math.floor(a / SLICE_MS) * SLICE_MS + SLICE_MS) {
    const z = Math.min(end, Math.floor(a / SLICE_MS) * SLICE_MS + SLICE_MS);
    const hourly = await Promise.all(SENSOR_KINDS.map((k) => hourlyEntries(config, k, a, z)));
    const lines: string[] = [];
    for (let hour = a; hour < z; hour += FRAME_MS) SENSOR_KINDS.forEach((k, i) => lines.push(...frameLines(k, 3600, hour, hourly[i].get(hour) ?? [])));
    await writeLines(influx, config, lines, FRAME_RP, 200);
    done.points += lines.length;
    for (let i = 1; i < FRAME_WIDTHS_S.length; i++) {
      const wider = await widerLines(config, FRAME_WIDTHS_S[i], FRAME_WIDTHS_S[i - 1], a, z, b);
      await writeLines(influx, config, wider, FRAME_RP, 200);
      done.points += wider.length;
    }
    done.hours += (z - a) / FRAME_MS;
  }
  return done;
}
