import type { SensorKind } from '../core/sensor';

/**
 * What the insights views are computed from: per sensor, InfluxDB's answer in fixed time buckets
 * (means, maxima or counts of the fields, by view). The server reads them (src/lib/server/insights);
 * everything in this folder is pure arithmetic over them, so it is tested on small fixed inputs.
 */
export interface Bucket {
  /** Bucket start, epoch ms. */
  ts: number;
  /** Field name → the bucket's aggregate; a field without data in the bucket is absent. */
  values: Record<string, number>;
}

/** Sensor id → its buckets, oldest first. */
export type SensorBuckets = ReadonlyMap<string, readonly Bucket[]>;

export const INSIGHT_VIEWS = ['congestion', 'floods', 'air', 'uptime'] as const;
export type InsightView = (typeof INSIGHT_VIEWS)[number];

export function isInsightView(value: unknown): value is InsightView {
  return typeof value === 'string' && (INSIGHT_VIEWS as readonly string[]).includes(value);
}

/** Who a row is about, as the catalog says: enough to label a chart and a CSV row. */
export interface SensorLabel {
  sensor: string;
  name: string;
  district: string;
  kind: SensorKind;
}

/** Every view's answer carries the range it covers (epoch ms, `to` excluded). */
export interface InsightRange {
  from: number;
  to: number;
}
