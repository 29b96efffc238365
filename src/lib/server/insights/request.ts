import { isInsightView, type InsightView } from '../../insights/types';
import { DAY_MS, HOUR_MS } from '../../insights/time';
import { parseTime } from '../open-data/request';

/**
 * `GET /api/insights/<view>.csv|json?from&to` and the /insights page: which view, format and range,
 * checked and bounded before anything reaches InfluxDB. A range is read as hourly (or finer)
 * buckets of every sensor of a kind, so it is bounded per view by what one answer should carry.
 */
export const INSIGHT_DEFAULT_DAYS = 28;
export const INSIGHT_MAX_DAYS: Readonly<Record<InsightView, number>> = Object.freeze({ congestion: 92, floods: 92, air: 366, uptime: 92 });

export type InsightFormat = 'csv' | 'json';

export interface InsightRangeRequest {
  fromMs: number;
  toMs: number;
}

export type RangeParsed = { ok: true; range: InsightRangeRequest } | { ok: false; code: string; error: string };

/**
 * from/to as ISO 8601 or epoch ms; `to` defaults to now, `from` to 28 days before it. `from` starts
 * on a whole hour (buckets are whole hours); `to` is excluded and never later than now.
 */
export function parseInsightRange(params: URLSearchParams, view: InsightView, nowMs: number): RangeParsed {
  const toRaw = params.get('to');
  const fromRaw = params.get('from');
  const toParsed = toRaw ? parseTime(toRaw.slice(0, 40)) : nowMs;
  if (toParsed === null) return { ok: false, code: 'BAD_TO', error: 'to must be an ISO 8601 time or epoch milliseconds' };
  const toMs = Math.min(Math.trunc(toParsed), Math.trunc(nowMs));
  const fromParsed = fromRaw ? parseTime(fromRaw.slice(0, 40)) : toMs - INSIGHT_DEFAULT_DAYS * DAY_MS;
  if (fromParsed === null) return { ok: false, code: 'BAD_FROM', error: 'from must be an ISO 8601 time or epoch milliseconds' };
  const fromMs = Math.floor(fromParsed / HOUR_MS) * HOUR_MS;
  if (fromMs >= toMs) return { ok: false, code: 'BAD_RANGE', error: 'from must be before to (and before now)' };
  const max = INSIGHT_MAX_DAYS[view];
  if (toMs - fromMs > max * DAY_MS) return { ok: false, code: 'RANGE_TOO_LONG', error: `at most ${max} days for ${view}` };
  return { ok: true, range: { fromMs, toMs } };
}

/** `floods.csv` → the view and format; null for anything else. */
export function parseInsightFile(file: string): { view: InsightView; format: InsightFormat } | null {
  const m = /^([a-z]{1,16})\.(csv|json)$/.exec(file);
  if (!m || !isInsightView(m[1])) return null;
  return { view: m[1], format: m[2] as InsightFormat };
}
