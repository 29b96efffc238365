import { FIELDS, type Sensor } from '../../core/sensor';
import { UPTIME_FIELD } from '../../insights/uptime';
import type { Bucket, SensorBuckets } from '../../insights/types';
import { seriesRows, type InfluxClient, type InfluxSeries } from '../influx';
import { queryParts } from '../query-parts';
import { buildBucketQueries, chunkRange, CHUNK_POINTS, type BucketSpec } from './queries';

/**
 * Sensor id → buckets, oldest first. The range is read in time chunks of at most CHUNK_POINTS
 * sensors × buckets, one after the other, each planned at the whole range's bucket width.
 */
export async function readBuckets(
  client: InfluxClient, spec: BucketSpec, fromMs: number, toMs: number, nowMs: number, sensorCount: number
): Promise<{ buckets: Map<string, Bucket[]>; intervalS: number }> {
  const { intervalS } = buildBucketQueries(spec, fromMs, toMs, nowMs, client.retention);
  const fixed: BucketSpec = { ...spec, minBucketS: intervalS, maxBuckets: Number.MAX_SAFE_INTEGER };
  const buckets = new Map<string, Bucket[]>();
  const perChunk = Math.floor(CHUNK_POINTS / Math.max(1, sensorCount));
  for (const [a, b] of chunkRange(fromMs, toMs, intervalS * 1000, perChunk)) {
    addRows(buckets, spec, await queryParts(client, buildBucketQueries(fixed, a, b, nowMs, client.retention).queries));
  }
  for (const [sensor, rows] of buckets) buckets.set(sensor, mergeSameTime(rows.sort((a, b) => a.ts - b.ts)));
  return { buckets, intervalS };
}

function addRows(buckets: Map<string, Bucket[]>, spec: BucketSpec, series: InfluxSeries[]): void {
  const columns = spec.select.map((s) => (s.aggregate === 'COUNT' ? `${s.field}_count` : s.field));
  for (const s of series) {
    const sensor = s.tags?.sensor;
    if (!sensor) continue;
    const rows = buckets.get(sensor) ?? [];
    for (const row of seriesRows(s)) {
      const values: Record<string, number> = {};
      for (const c of columns) {
        const v = row[c];
        if (typeof v === 'number' && Number.isFinite(v)) values[c] = v;
      }
      if (Object.keys(values).length > 0) rows.push({ ts: Number(row.time), values });
    }
    buckets.set(sensor, rows);
  }
}

/**
 * Rollup rows read as they are come one per tag set: a sensor moved to another district has two
 * rows for the hours around the move. One bucket each: counts added, other values from the first.
 */
export function mergeSameTime(rows: Bucket[]): Bucket[] {
  const out: Bucket[] = [];
  for (const b of rows) {
    const last = out[out.length - 1];
    if (!last || last.ts !== b.ts) {
      out.push(b);
      continue;
    }
    for (const [k, v] of Object.entries(b.values)) {
      if (k.endsWith('_count')) last.values[k] = (last.values[k] ?? 0) + v;
      else last.values[k] ??= v;
    }
  }
  return out;
}

const HOURLY = { minBucketS: 3600, maxBuckets: 10_000 } as const;

export const CONGESTION_SPEC: BucketSpec = Object.freeze({
  kind: 'traffic', ...HOURLY,
  select: (['speed', 'flow', 'occupancy'] as const).map((field) => ({ field, aggregate: 'MEAN' as const }))
});

/** The highest level per 10 minutes (wider past ~5 weeks): an episode's length is known to a bucket. */
export const FLOOD_SPEC: BucketSpec = Object.freeze({
  kind: 'flood', minBucketS: 600, maxBuckets: 5_000, select: [{ field: 'water_level', aggregate: 'MAX' as const }]
});

export const AIR_SPEC: BucketSpec = Object.freeze({
  kind: 'air', ...HOURLY, select: Object.keys(FIELDS.air).map((field) => ({ field, aggregate: 'MEAN' as const }))
});

export function uptimeSpec(kind: Sensor['kind']): BucketSpec {
  return { kind, ...HOURLY, select: [{ field: UPTIME_FIELD[kind], aggregate: 'COUNT' }] };
}

/** Buckets of several reads as one map (uptime reads each kind; sensor ids are unique across kinds). */
export function mergeBuckets(maps: readonly SensorBuckets[]): SensorBuckets {
  const out = new Map<string, readonly Bucket[]>();
  for (const m of maps) for (const [k, v] of m) out.set(k, v);
  return out;
}
