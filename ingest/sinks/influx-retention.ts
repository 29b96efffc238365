import type { InfluxConfig } from '../../src/lib/core/influx-config';
import {
  continuousQueryStatement, dropContinuousQueryStatement, rebuildStatements, retentionStatements, rollupTargets, type RetentionPolicyRow
} from '../../src/lib/core/rollup-statements';
import { quoteInfluxIdent } from '../../src/lib/core/line-protocol';
import { influxQl } from './influxql';

/** One slice (a day of one kind) of SELECT … INTO: a whole city's day of raw readings takes a while. */
const REBUILD_TIMEOUT_MS = 120_000;

/** What ensureRetention changed: empty lists on a database already set up as configured. */
export interface RetentionSetup {
  policies: string[];
  continuousQueries: string[];
}

async function readPolicies(config: InfluxConfig): Promise<RetentionPolicyRow[]> {
  const body = await influxQl(config, `SHOW RETENTION POLICIES ON ${quoteInfluxIdent(config.database)}`);
  const series = body.results?.[0]?.series?.[0];
  if (!series) return [];
  const col = (name: string) => series.columns.indexOf(name);
  return series.values.map((row) => ({ name: String(row[col('name')]), duration: String(row[col('duration')]), default: row[col('default')] === true }));
}

/**
 * Retention policies and continuous queries as configured (1.x, v1 API). Safe to run on every start:
 * policies are only altered when their duration differs, and a continuous query whose definition
 * changed (a new field) is dropped and created again; an identical one is left alone.
 */
export async function ensureRetention(config: InfluxConfig): Promise<RetentionSetup> {
  const done: RetentionSetup = { policies: [], continuousQueries: [] };
  if (config.api !== 'v1') return done;
  for (const q of retentionStatements(config.database, config.retention, await readPolicies(config))) {
    await influxQl(config, q, 'POST');
    done.policies.push(q);
  }
  for (const target of rollupTargets()) {
    const create = continuousQueryStatement(config.database, target);
    try {
      await influxQl(config, create, 'POST');
      continue; // created, or already there with this very definition (InfluxDB answers both the same)
    } catch (err) {
      if (!/already exists/i.test((err as Error).message)) throw err;
    }
    await influxQl(config, dropContinuousQueryStatement(config.database, target), 'POST');
    await influxQl(config, create, 'POST');
    done.continuousQueries.push(create);
  }
  return done;
}

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
