import { quoteInfluxIdent } from '../../core/line-protocol';
import { retentionHours, type RetentionConfig } from '../../core/retention';
import { FIELDS } from '../../core/sensor';
import { lastWeekdays, SLOT_MS, WEEKDAYS_EXAMINED } from '../../reports/facts/patterns';
import { DAY_MS } from '../../reports/period';
import type { TrafficSlot } from '../../reports/types';
import { seriesRows, type InfluxClient, type InfluxSeries } from '../influx';
import { fieldSelect, fromClause, planRange } from '../resolution';

/**
 * The traffic readings the Macet pattern is drawn from: per traffic sensor and half-hour of each of
 * the last WEEKDAYS_EXAMINED weekdays, the mean speed, flow and occupancy. Read from the 1-minute
 * rollup while it reaches back that far (its newest, not yet rolled-up minutes from raw readings,
 * as charts do), else from raw readings. One query per day keeps every answer small.
 */
const TRAFFIC_FIELDS = Object.keys(FIELDS.traffic);

/** The 1-minute rollup when rollups are on and it still holds `startMs`; raw readings otherwise. */
function slotResolution(retention: RetentionConfig | undefined, startMs: number, nowMs: number): 'raw' | '1m' {
  if (!retention?.rollups) return 'raw';
  const hours = retentionHours(retention, '1m');
  return hours === 0 || startMs >= nowMs - hours * 3_600_000 ? '1m' : 'raw';
}

/** The queries for the weekdays before `endMs` (clipped to `nowMs`): half-hour means per sensor. */
export function planTrafficSlotQueries(endMs: number, nowMs: number, retention: RetentionConfig | undefined): string[] {
  const sensor = quoteInfluxIdent('sensor');
  const to = Math.min(endMs, nowMs);
  return lastWeekdays(endMs, WEEKDAYS_EXAMINED).reverse().flatMap((day) => {
    const dayEnd = Math.min(day + DAY_MS, to);
    if (dayEnd <= day) return [];
    const resolution = slotResolution(retention, day, nowMs);
    return planRange({ resolution, intervalS: SLOT_MS / 1000 }, day, dayEnd, nowMs).map((part) => {
      const fields = TRAFFIC_FIELDS.map((f) => fieldSelect('MEAN', f, part.resolution)).join(', ');
      // [start, end) for every part: a half-hour starting at the day's end belongs to the next day.
      const range = `time >= ${Math.trunc(part.startMs)}ms AND time < ${Math.trunc(part.endMs)}ms`;
      return `SELECT ${fields} FROM ${fromClause('traffic', part.resolution)} WHERE ${range} GROUP BY time(${SLOT_MS / 60_000}m), ${sensor} fill(none)`;
    });
  });
}

export function parseTrafficSlots(series: readonly InfluxSeries[]): TrafficSlot[] {
  const out: TrafficSlot[] = [];
  for (const s of series) {
    const sensorId = s.tags?.sensor;
    if (!sensorId) continue;
    for (const row of seriesRows(s)) {
      const mean: Record<string, number> = {};
      for (const f of TRAFFIC_FIELDS) if (typeof row[f] === 'number' && Number.isFinite(row[f])) mean[f] = row[f] as number;
      if (Object.keys(mean).length) out.push({ sensorId, start: Number(row.time), mean });
    }
  }
  return out;
}

export async function readTrafficSlots(influx: InfluxClient, endMs: number, nowMs: number): Promise<TrafficSlot[]> {
  const out: TrafficSlot[] = [];
  for (const q of planTrafficSlotQueries(endMs, nowMs, influx.retention)) out.push(...parseTrafficSlots(await influx.query(q)));
  return out;
}
