import { MEASUREMENTS, type InfluxConfig } from '../../src/lib/core/influx-config';
import {
  continuousQueryStatement, copyAlertEventsStatement, dropContinuousQueryStatement, rebuildStatements, retentionStatements, rollupTargets, type RetentionPolicyRow
} from '../../src/lib/core/rollup-statements';
import { quoteInfluxIdent } from '../../src/lib/core/line-protocol';
import { influxQl } from './influxql';

/** One slice (a day of one kind) of SELECT … INTO: a whole city's day of raw readings takes a while. */
const REBUILD_TIMEOUT_MS = 120_000;

/** What ensureRetention changed: empty lists on a database already set up as configured. */
export interface RetentionSetup {
  policies: string[];
  continuousQueries: string[];
  /** Alert events copied from the default policy into the events policy (an upgrade), 0 otherwise. */
  eventsCopied: number;
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
  const done: RetentionSetup = { policies: [], continuousQueries: [], eventsCopied: 0 };
  if (config.api !== 'v1') return done;
  const policies = await readPolicies(config);
  for (const q of retentionStatements(config.database, config.retention, policies)) {
    await influxQl(config, q, 'POST');
    done.policies.push(q);
  }
  done.eventsCopied = await copyOlderAlertEvents(config, policies.find((p) => p.default)?.name);
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
 * An installation from before the events policy has its alert history in the default policy, which
 * keeps only INFLUX_RAW_RETENTION: copy it over once. The guard is "the events policy holds no alert
 * event yet" (a failed copy is tried again at the next start; after it, one row is enough to skip).
 */
async function copyOlderAlertEvents(config: InfluxConfig, defaultRp: string | undefined): Promise<number> {
  const eventsRp = config.retention.eventsPolicy;
  if (!eventsRp || !defaultRp || defaultRp === eventsRp) return 0;
  const from = [config.database, eventsRp, MEASUREMENTS.alertEvents].map(quoteInfluxIdent).join('.');
  const held = await influxQl(config, `SELECT "alert_id" FROM ${from} LIMIT 1`);
  if (held.results?.[0]?.series?.length) return 0;
  const body = await influxQl(config, copyAlertEventsStatement(config.database, defaultRp, eventsRp), 'POST', REBUILD_TIMEOUT_MS);
  return Number(body.results?.[0]?.series?.[0]?.values?.[0]?.[1] ?? 0);
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
