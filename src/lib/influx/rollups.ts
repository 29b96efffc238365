import type { InfluxConfig } from '../core/influx-config';
import { rebuildStatements } from '../core/rollup-statements';
import { influxQl } from './query';

/** One slice (a day of one kind) of SELECT … INTO: a whole city's day of raw readings takes a while. */
const REBUILD_TIMEOUT_MS = 120_000;

/**
 * Fills the rollups for a past range (a backfill, an upgrade, an outage longer than the continuous
 * queries' resample window): their own query, with an explicit time range. Returns points written.
 */
export async function rebuildRollups(config: InfluxConfig, fromMs: number, toMs: number): Promise<number> {
  if (config.api !== 'v1' || !config.retention.rollups) return 0;
  let written = 0;
  for (const q of rebuildStatements(config.database, fromMs, toMs)) {
    const body = await influxQl(config, q, 'POST', REBUILD_TIMEOUT_MS);
    const row = body.results?.[0]?.series?.[0]?.values?.[0];
    written += Number(row?.[1] ?? 0);
  }
  return written;
}
