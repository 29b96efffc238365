import { MEASUREMENTS, type InfluxConfig } from '../core/influx-config';
import {
  continuousQueryStatement, copyIntoPolicyStatement, dropContinuousQueryStatement, retentionStatements, rollupTargets, type RetentionPolicyRow
} from '../core/rollup-statements';
import { quoteInfluxIdent } from '../core/line-protocol';
import { influxQl } from './query';

/** The upgrade's copy of the alert history is one SELECT … INTO: it takes a while on a long history. */
const COPY_TIMEOUT_MS = 120_000;

/**
 * `configure`: bring everything to this process's configuration (the ingest, npm start, the scripts:
 * they own INFLUX_*_RETENTION). `create-missing`: only create what is not there, never alter a
 * duration nor replace a continuous query (the command center: its environment may not carry the
 * ingest's durations, and a default 30d must not shorten a policy the ingest keeps longer).
 */
export type SetupMode = 'configure' | 'create-missing';

/**
 * The database, its retention policies (the default one, the rollups', the alert events') and the
 * rollups' continuous queries; idempotent, so the ingest and the command center both run it at start
 * (docs/retention.md). Callers run it with the v1 API only: with v2 the buckets are set up by hand
 * (ensureRetention does nothing there).
 */
export async function setupInflux(config: InfluxConfig, mode: SetupMode = 'configure'): Promise<RetentionSetup> {
  await influxQl(config, `CREATE DATABASE ${quoteInfluxIdent(config.database)}`, 'POST');
  return ensureRetention(config, mode);
}

/** The policy statements a mode runs: in `create-missing`, only the CREATEs (no ALTER of a duration). */
export function policyStatementsFor(mode: SetupMode, statements: readonly string[]): string[] {
  return mode === 'configure' ? [...statements] : statements.filter((q) => q.startsWith('CREATE '));
}

/** What ensureRetention changed: empty lists on a database already set up as configured. */
export interface RetentionSetup {
  policies: string[];
  continuousQueries: string[];
  /** Alert events copied from the default policy into the events policy (an upgrade), 0 otherwise. */
  eventsCopied: number;
  /** Audit entries copied likewise. */
  auditCopied: number;
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
export async function ensureRetention(config: InfluxConfig, mode: SetupMode = 'configure'): Promise<RetentionSetup> {
  const done: RetentionSetup = { policies: [], continuousQueries: [], eventsCopied: 0, auditCopied: 0 };
  if (config.api !== 'v1') return done;
  const policies = await readPolicies(config);
  for (const q of policyStatementsFor(mode, retentionStatements(config.database, config.retention, policies))) {
    await influxQl(config, q, 'POST');
    done.policies.push(q);
  }
  const defaultRp = policies.find((p) => p.default)?.name;
  done.eventsCopied = await copyIntoEventsPolicy(config, MEASUREMENTS.alertEvents, defaultRp);
  done.auditCopied = await copyIntoEventsPolicy(config, MEASUREMENTS.audit, defaultRp);
  for (const target of rollupTargets()) {
    const create = continuousQueryStatement(config.database, target);
    try {
      await influxQl(config, create, 'POST');
      continue; // created, or already there with this very definition (InfluxDB answers both the same)
    } catch (err) {
      if (!/already exists/i.test((err as Error).message)) throw err;
    }
    if (mode === 'create-missing') continue; // another definition is there: the ingest's to replace
    await influxQl(config, dropContinuousQueryStatement(config.database, target), 'POST');
    await influxQl(config, create, 'POST');
    done.continuousQueries.push(create);
  }
  return done;
}

/**
 * An installation from before the events policy has its alert history and its audit log in the
 * default policy, which keeps only INFLUX_RAW_RETENTION: copy each over once. The guard, per
 * measurement, is "the events policy holds none of it yet" (a failed copy is tried again at the next
 * start; after it, one row is enough to skip).
 */
async function copyIntoEventsPolicy(config: InfluxConfig, measurement: string, defaultRp: string | undefined): Promise<number> {
  const eventsRp = config.retention.eventsPolicy;
  if (!eventsRp || !defaultRp || defaultRp === eventsRp) return 0;
  const from = [config.database, eventsRp, measurement].map(quoteInfluxIdent).join('.');
  const held = await influxQl(config, `SELECT * FROM ${from} LIMIT 1`);
  if (held.results?.[0]?.series?.length) return 0;
  const body = await influxQl(config, copyIntoPolicyStatement(config.database, measurement, defaultRp, eventsRp), 'POST', COPY_TIMEOUT_MS);
  return Number(body.results?.[0]?.series?.[0]?.values?.[0]?.[1] ?? 0);
}
