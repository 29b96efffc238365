import { quoteInfluxIdent } from '../../core/line-protocol';
import { rollupField, rollupSpec, type Resolution, type RetentionConfig } from '../../core/retention';
import type { SensorKind } from '../../core/sensor';
import { chooseResolution, fieldSelect, fromClause, partTimeRange, planRange, rollupColumn } from '../resolution';

/**
 * The InfluxQL of the insights: every sensor of a kind in fixed time buckets, GROUP BY "sensor".
 * Planned like every other history read (resolution.ts): the 1-minute or 1-hour rollup where its
 * intervals fit the buckets and are complete, raw readings for the newest part. Field and tag names
 * are constants of the code, quoted with quoteInfluxIdent; times are whole milliseconds.
 */
export type BucketAggregate = 'MEAN' | 'MAX' | 'COUNT';

/**
 * Sensors × buckets one view may read. An hourly view cannot widen its buckets (a heatmap needs hours),
 * so past this it refuses the range; the flood view widens its buckets instead. bench:insights: 120,000
 * hourly rows took ~3.4 s on the shared 2-core machine.
 */
export const INSIGHT_MAX_POINTS = 250_000;
/** Sensors × buckets per query: each answer well inside the command center's 5 s InfluxDB timeout. */
export const CHUNK_POINTS = 40_000;

/** [fromMs, toMs) in pieces of at most `buckets` whole buckets (epoch-aligned, as GROUP BY time is): no bucket spans two. */
export function chunkRange(fromMs: number, toMs: number, bucketMs: number, buckets: number): [number, number][] {
  const out: [number, number][] = [];
  for (let a = fromMs; a < toMs; ) {
    const b = Math.min(toMs, (Math.floor(a / bucketMs) + Math.max(1, buckets)) * bucketMs);
    out.push([a, b]);
    a = b;
  }
  return out;
}

export interface BucketSpec {
  kind: SensorKind;
  select: readonly { field: string; aggregate: BucketAggregate }[];
  /** Buckets at least this wide, seconds. */
  minBucketS: number;
  /** At most this many buckets per sensor over the range (wider buckets beyond it). */
  maxBuckets: number;
}

export interface BucketQueries {
  queries: string[];
  intervalS: number;
}

/** MEAN/MAX as the history reads them; COUNT is `<field>_count`: raw COUNT, or the sum of a rollup's counts. */
export function bucketSelect(field: string, aggregate: BucketAggregate, resolution: Resolution): string {
  if (aggregate !== 'COUNT') return fieldSelect(aggregate, field, resolution);
  const alias = quoteInfluxIdent(`${field}_count`);
  if (resolution === 'raw') return `COUNT(${quoteInfluxIdent(field)}) AS ${alias}`;
  return `SUM(${quoteInfluxIdent(rollupField('count', field))}) AS ${alias}`;
}

/** A rollup's own row, when a bucket is exactly one rollup interval: `"count_f" AS "f_count"`, `"mean_f" AS "f"`. */
export function rollupRowColumn(field: string, aggregate: BucketAggregate, resolution: Exclude<Resolution, 'raw'>): string {
  if (aggregate === 'COUNT') return `${quoteInfluxIdent(rollupField('count', field))} AS ${quoteInfluxIdent(`${field}_count`)}`;
  return rollupColumn(aggregate, field, resolution);
}

/**
 * [fromMs, toMs): the end is excluded, as in every insights range. Where buckets are exactly the
 * rollup's interval, its rows are read as they are with the sensor as a column (no GROUP BY time per
 * series: bench:insights timed that out at 180 traffic sensors × 28 days); queryParts splits them.
 */
export function buildBucketQueries(spec: BucketSpec, fromMs: number, toMs: number, nowMs: number, retention?: RetentionConfig): BucketQueries {
  const startMs = Math.trunc(fromMs);
  const endMs = Math.trunc(toMs) - 1;
  const choice = chooseResolution({ startMs, endMs, nowMs, maxPoints: spec.maxBuckets, minIntervalS: spec.minBucketS, retention });
  const queries = planRange(choice, startMs, endMs, nowMs).map((part) => {
    if (part.resolution !== 'raw' && rollupSpec(part.resolution).seconds === choice.intervalS) {
      const res = part.resolution;
      const columns = spec.select.map((s) => rollupRowColumn(s.field, s.aggregate, res)).join(', ');
      return `SELECT ${quoteInfluxIdent('sensor')}, ${columns} FROM ${fromClause(spec.kind, res)} WHERE ${partTimeRange(part)}`;
    }
    const select = spec.select.map((s) => bucketSelect(s.field, s.aggregate, part.resolution)).join(', ');
    return (
      `SELECT ${select} FROM ${fromClause(spec.kind, part.resolution)} WHERE ${partTimeRange(part)} ` +
      `GROUP BY time(${choice.intervalS}s), ${quoteInfluxIdent('sensor')} fill(none)`
    );
  });
  return { queries, intervalS: choice.intervalS };
}
