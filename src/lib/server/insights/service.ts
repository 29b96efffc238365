import { PantauError } from '../../core/errors';
import { SENSOR_KINDS, type Sensor } from '../../core/sensor';
import { congestionInsight } from '../../insights/congestion';
import { toCsv } from '../../insights/csv';
import { floodInsight } from '../../insights/floods';
import { ispuInsight } from '../../insights/ispu-days';
import { insightTable, type InsightData } from '../../insights/tables';
import { INSIGHT_VIEWS, type InsightRange, type InsightView } from '../../insights/types';
import { uptimeInsight } from '../../insights/uptime';
import type { InfluxClient } from '../influx';
import { INSIGHT_MAX_POINTS } from './queries';
import { AIR_SPEC, CONGESTION_SPEC, FLOOD_SPEC, mergeBuckets, readBuckets, uptimeSpec } from './read';
import { parseInsightFile, parseInsightRange, type InsightRangeRequest } from './request';

/** One place that knows how each view is read and computed: view name → reader. */
type Reader<V extends InsightView> = (influx: InfluxClient, sensors: Sensor[], r: InsightRangeRequest, nowMs: number) => Promise<InsightData[V]>;

/** InfluxDB away or refusing: expected, answered as 503; anything else is a bug and is thrown. */
function isInfluxFailure(err: unknown): err is PantauError {
  return err instanceof PantauError && err.code.startsWith('INFLUX_');
}

const range = (r: InsightRangeRequest): InsightRange => ({ from: r.fromMs, to: r.toMs });
const count = (sensors: Sensor[], kind: Sensor['kind']) => sensors.filter((s) => s.kind === kind).length;

/** How many sensors a view reads in hourly buckets (the flood view widens its buckets instead: 0). */
const HOURLY_SENSORS: Record<InsightView, (sensors: Sensor[]) => number> = {
  congestion: (sensors) => count(sensors, 'traffic'),
  floods: () => 0,
  air: (sensors) => count(sensors, 'air'),
  uptime: (sensors) => sensors.length
};

/** A range whose sensors × hours pass INSIGHT_MAX_POINTS, as an answer saying how many days fit; null when it fits. */
export function overBudget(view: InsightView, sensors: ReadonlyMap<string, Sensor>, r: InsightRangeRequest): { ok: false; code: string; error: string } | null {
  const n = HOURLY_SENSORS[view]([...sensors.values()]);
  if (n * Math.ceil((r.toMs - r.fromMs) / 3_600_000) <= INSIGHT_MAX_POINTS) return null;
  return { ok: false, code: 'RANGE_TOO_LONG', error: `at most ${Math.floor(INSIGHT_MAX_POINTS / n / 24)} days for ${view} over ${n} sensors` };
}

const READERS: { [V in InsightView]: Reader<V> } = {
  async congestion(influx, sensors, r, nowMs) {
    const { buckets } = await readBuckets(influx, CONGESTION_SPEC, r.fromMs, r.toMs, nowMs, count(sensors, 'traffic'));
    return congestionInsight(sensors, buckets, range(r));
  },
  async floods(influx, sensors, r, nowMs) {
    const gauges = count(sensors, 'flood');
    // Many gauges: wider buckets (coarser durations) rather than an answer too big to read in time.
    const spec = { ...FLOOD_SPEC, maxBuckets: Math.max(2, Math.min(FLOOD_SPEC.maxBuckets, Math.floor(INSIGHT_MAX_POINTS / Math.max(1, gauges)))) };
    const { buckets, intervalS } = await readBuckets(influx, spec, r.fromMs, r.toMs, nowMs, gauges);
    return floodInsight(sensors, buckets, intervalS * 1000, range(r));
  },
  async air(influx, sensors, r, nowMs) {
    const { buckets } = await readBuckets(influx, AIR_SPEC, r.fromMs, r.toMs, nowMs, count(sensors, 'air'));
    return ispuInsight(sensors, buckets, range(r));
  },
  async uptime(influx, sensors, r, nowMs) {
    const kinds = SENSOR_KINDS.filter((k) => sensors.some((s) => s.kind === k));
    const reads = [];
    for (const k of kinds) reads.push((await readBuckets(influx, uptimeSpec(k), r.fromMs, r.toMs, nowMs, count(sensors, k))).buckets);
    return uptimeInsight(sensors, mergeBuckets(reads), range(r));
  }
};

export function readInsight<V extends InsightView>(view: V, influx: InfluxClient, sensors: ReadonlyMap<string, Sensor>, r: InsightRangeRequest, nowMs: number): Promise<InsightData[V]> {
  return (READERS[view] as Reader<V>)(influx, [...sensors.values()], r, nowMs);
}

export type InsightResult<V extends InsightView> = { ok: true; data: InsightData[V] } | { ok: false; code: string; error: string };

/** The page's four views, each on its own: one failing view (a range too long, InfluxDB away) leaves the others drawn. */
export async function readAllInsights(influx: InfluxClient, sensors: ReadonlyMap<string, Sensor>, params: URLSearchParams, nowMs: number): Promise<{ [V in InsightView]: InsightResult<V> }> {
  const one = async <V extends InsightView>(view: V): Promise<InsightResult<V>> => {
    const parsed = parseInsightRange(params, view, nowMs);
    if (!parsed.ok) return parsed;
    const tooMuch = overBudget(view, sensors, parsed.range);
    if (tooMuch) return tooMuch;
    try {
      return { ok: true, data: await readInsight(view, influx, sensors, parsed.range, nowMs) };
    } catch (err) {
      if (!isInfluxFailure(err)) throw err;
      console.error(`[web] insights ${view} failed: ${err.message}`);
      return { ok: false, code: err.code, error: 'InfluxDB did not answer' };
    }
  };
  const [congestion, floods, air, uptime] = await Promise.all(INSIGHT_VIEWS.map((v) => one(v)));
  return { congestion, floods, air, uptime } as { [V in InsightView]: InsightResult<V> };
}

export interface FileAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

function fail(status: number, code: string, error: string): FileAnswer {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error, code }) };
}

/** `GET /api/insights/<view>.csv|json?from&to`: the numbers behind one chart, as a download. */
export async function answerInsightFile(file: string, params: URLSearchParams, influx: InfluxClient, sensors: ReadonlyMap<string, Sensor>, nowMs: number): Promise<FileAnswer> {
  const which = parseInsightFile(file);
  if (!which) return fail(404, 'UNKNOWN_VIEW', `no such insight; one of ${INSIGHT_VIEWS.map((v) => `${v}.csv`).join(', ')} (or .json)`);
  const parsed = parseInsightRange(params, which.view, nowMs);
  if (!parsed.ok) return fail(400, parsed.code, parsed.error);
  const tooMuch = overBudget(which.view, sensors, parsed.range);
  if (tooMuch) return fail(400, tooMuch.code, tooMuch.error);
  let data;
  try {
    data = await readInsight(which.view, influx, sensors, parsed.range, nowMs);
  } catch (err) {
    if (!isInfluxFailure(err)) throw err;
    console.error(`[web] insights ${which.view} failed: ${err.message}`);
    return fail(503, err.code, 'InfluxDB did not answer');
  }
  const { fromMs, toMs } = parsed.range;
  const name = `pantau-${which.view}-${iso(fromMs).slice(0, 10)}-${iso(toMs).slice(0, 10)}.${which.format}`;
  const headers = { 'cache-control': 'no-store', 'content-disposition': `attachment; filename="${name}"` };
  if (which.format === 'json') {
    const body = JSON.stringify({ view: which.view, from: iso(fromMs), to: iso(toMs), timeZone: 'Asia/Makassar', generatedAt: iso(nowMs), data });
    return { status: 200, headers: { ...headers, 'content-type': 'application/json; charset=utf-8' }, body };
  }
  const comments = [`Pantau insights: ${which.view}`, `from ${iso(fromMs)} (included) to ${iso(toMs)} (excluded); days and hours in WITA (UTC+8)`];
  return { status: 200, headers: { ...headers, 'content-type': 'text/csv; charset=utf-8' }, body: toCsv(insightTable(which.view, data), comments) };
}
