import type { InfluxConfig } from '../core/influx-config';
import { SENSOR_KINDS, type SensorKind } from '../core/sensor';
import { createInfluxDB } from '../influx/client';
import { influxQl } from '../influx/query';
import { writeLines } from '../influx/write';
import { splitBySensorColumn } from './query-parts';
import { buildReplayQuery } from './replay';
import { FRAME_MS, FRAME_RP, FRAME_WIDTHS_S, frameLines, joinEntries, type FrameEntry } from './replay-frames';

/** A day per slice (the widest frame): GROUP BY time over a day of 10,000 sensors takes seconds. */
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

/** The lines of one slice: the hourly frames, then the wider ones joined from them (exactly what raw GROUP BY time of that width gives). */
function sliceLines(hourly: Map<number, FrameEntry[]>[], startMs: number, endMs: number, oldestMs: number): string[] {
  const lines: string[] = [];
  for (const widthS of FRAME_WIDTHS_S) {
    SENSOR_KINDS.forEach((kind, i) => {
      const frames = widthS === 3600 ? hourly[i] : joinEntries(kind, hourly[i], widthS);
      for (let at = startMs; at < endMs; at += widthS * 1000) {
        if (at >= oldestMs) lines.push(...frameLines(kind, widthS, at, frames.get(at) ?? []));
      }
    });
  }
  return lines;
}

/**
 * Writes the replay frames of the days touching [fromMs, toMs) from raw readings, every width, the
 * current hour too as far as it has gone (the next run rewrites it). Frames that start before the raw
 * retention are left alone, so a rebuild never overwrites them with the nothing that remains of
 * expired readings. 1.x with rollups only, like the continuous queries (docs/retention.md).
 */
export async function writeReplayFrames(config: InfluxConfig, fromMs: number, toMs: number, nowMs = Date.now()): Promise<FramesWritten> {
  if (config.api !== 'v1' || !config.retention.rollups) return { hours: 0, points: 0 };
  const oldest = Math.ceil((nowMs - config.retention.rawHours * FRAME_MS) / FRAME_MS) * FRAME_MS;
  const lastHourEnd = Math.floor(nowMs / FRAME_MS) * FRAME_MS + FRAME_MS;
  const influx = createInfluxDB(config, QUERY_TIMEOUT_MS);
  const done: FramesWritten = { hours: 0, points: 0 };
  for (let a = Math.floor(fromMs / SLICE_MS) * SLICE_MS; a < Math.min(toMs, lastHourEnd); a += SLICE_MS) {
    const b = Math.min(a + SLICE_MS, lastHourEnd);
    const hourly = await Promise.all(SENSOR_KINDS.map((k) => hourlyEntries(config, k, Math.max(a, oldest), b)));
    const lines = sliceLines(hourly, a, b, oldest);
    await writeLines(influx, config, lines, FRAME_RP, 200);
    done.hours += Math.max(0, b - Math.max(a, oldest)) / FRAME_MS;
    done.points += lines.length;
  }
  return done;
}
