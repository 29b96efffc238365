import { MEASUREMENTS } from '../core/influx-config';
import { quoteInfluxIdent } from '../core/line-protocol';
import { retentionHours, ROLLUPS, rollupField, rollupSpec, type Resolution, type RetentionConfig } from '../core/retention';
import type { SensorKind } from '../core/sensor';

/**
 * Which data a chart, replay or report reads: raw readings for short ranges, the 1-minute or 1-hour
 * rollups when its buckets are that wide anyway. Pure: the history, replay and district queries
 * all plan through here, and the unit tests pin the choice.
 */
export interface ResolutionChoice {
  resolution: Resolution;
  /** Bucket width, seconds: a whole number of the resolution's interval for rollups. */
  intervalS: number;
}

export interface RangeRequest {
  startMs: number;
  endMs: number;
  nowMs: number;
  /** At most this many buckets over the range. */
  maxPoints: number;
  /** Buckets at least this wide (a replay step asked for). */
  minIntervalS?: number;
  /** Absent or rollups off: raw only, as before rollups existed. */
  retention?: RetentionConfig;
}

/** True when data at this resolution still reaches back to startMs. */
function reaches(retention: RetentionConfig, r: Resolution, startMs: number, nowMs: number): boolean {
  const hours = retentionHours(retention, r);
  return hours === 0 || startMs >= nowMs - hours * 3_600_000;
}

export function chooseResolution(req: RangeRequest): ResolutionChoice {
  const rangeS = Math.max(1, (req.endMs - req.startMs) / 1000);
  // Buckets align to the epoch, so the range can touch one more bucket than range/width: hence -1.
  const widthS = Math.max(1, req.minIntervalS ?? 1, Math.ceil(rangeS / Math.max(1, req.maxPoints - 1)));
  const retention = req.retention;
  if (!retention?.rollups) return { resolution: 'raw', intervalS: widthS };
  if (widthS < ROLLUPS[0].seconds && reaches(retention, 'raw', req.startMs, req.nowMs)) return { resolution: 'raw', intervalS: widthS };
  // The coarsest rollup no wider than the buckets among those that still reach back to the start;
  // when none is that fine (raw and 1m expired for an old range), the finest that reaches.
  const reaching = ROLLUPS.filter((s) => reaches(retention, s.name, req.startMs, req.nowMs));
  const pick = [...reaching].reverse().find((s) => s.seconds <= widthS) ?? reaching[0] ?? ROLLUPS[ROLLUPS.length - 1];
  return { resolution: pick.name, intervalS: Math.ceil(widthS / pick.seconds) * pick.seconds };
}

/** One query of a plan: a resolution over [startMs, endMs) (endMs included when last). */
export interface RangePart {
  resolution: Resolution;
  startMs: number;
  endMs: number;
  includeEnd: boolean;
}

/**
 * The parts to query. A rollup interval is only written once it is over (a continuous query runs at
 * its end), so when the range reaches the last interval or two, the last bucket comes from raw
 * readings: the newest minutes are never missing from a chart.
 */
export function planRange(choice: ResolutionChoice, startMs: number, endMs: number, nowMs: number): RangePart[] {
  if (choice.resolution === 'raw') return [{ resolution: 'raw', startMs, endMs, includeEnd: true }];
  const stepMs = rollupSpec(choice.resolution).seconds * 1000;
  const bucketMs = choice.intervalS * 1000;
  const completeUntil = Math.floor(nowMs / stepMs) * stepMs - stepMs;
  if (endMs <= completeUntil) return [{ resolution: choice.resolution, startMs, endMs, includeEnd: true }];
  const edge = Math.max(startMs, Math.floor(Math.min(endMs, completeUntil) / bucketMs) * bucketMs);
  const parts: RangePart[] = [];
  if (edge > startMs) parts.push({ resolution: choice.resolution, startMs, endMs: edge, includeEnd: false });
  parts.push({ resolution: 'raw', startMs: edge, endMs, includeEnd: true });
  return parts;
}

export type Aggregate = 'MEAN' | 'MAX' | 'MIN' | 'LAST';

/** The rollup column an aggregate of a field reads: max of maxima, min of minima, mean of means. */
const ROLLUP_SOURCE = { MEAN: 'mean', MAX: 'max', MIN: 'min', LAST: 'mean' } as const;

/** `AGG("field") AS "field"` at raw resolution, `AGG("agg_field") AS "field"` from a rollup. */
export function fieldSelect(aggregate: Aggregate, field: string, resolution: Resolution): string {
  const source = resolution === 'raw' ? field : rollupField(ROLLUP_SOURCE[aggregate], field);
  return `${aggregate}(${quoteInfluxIdent(source)}) AS ${quoteInfluxIdent(field)}`;
}

/**
 * `"agg_field" AS "field"`: a rollup row read as it is, when a bucket is exactly one rollup interval.
 * InfluxDB then skips GROUP BY time per series, which costs seconds over thousands of sensors.
 */
export function rollupColumn(aggregate: Aggregate, field: string, resolution: Exclude<Resolution, 'raw'>): string {
  return `${quoteInfluxIdent(rollupField(ROLLUP_SOURCE[aggregate], field))} AS ${quoteInfluxIdent(field)}`;
}

/** The measurement of a kind at a resolution: the default policy for raw, the rollup's policy else. */
export function fromClause(kind: SensorKind, resolution: Resolution): string {
  const m = quoteInfluxIdent(MEASUREMENTS[kind]);
  return resolution === 'raw' ? m : `${quoteInfluxIdent(rollupSpec(resolution).rp)}.${m}`;
}

export function partTimeRange(p: RangePart): string {
  return `time >= ${Math.trunc(p.startMs)}ms AND time ${p.includeEnd ? '<=' : '<'} ${Math.trunc(p.endMs)}ms`;
}
