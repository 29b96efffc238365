import { PantauError } from './errors';
import { quoteInfluxIdent } from './line-protocol';
import { parseRetentionConfig, type RetentionConfig } from './retention';

/**
 * How to reach InfluxDB, read from environment variables by each process's config module.
 * v1 (InfluxDB 1.x, and the v1-compatible API of 2.x/3.x): `/write?db=…` and `/query` (InfluxQL).
 * v2 (InfluxDB 2.x, 3.x, Cloud/clustered): `/api/v2/write?org=…&bucket=…` with a token;
 * reads still use the v1-compatible `/query` endpoint with `db` = bucket (2.x needs a DBRP mapping).
 */
export interface InfluxConfig {
  url: string;
  api: 'v1' | 'v2';
  database: string;
  token: string;
  org: string;
  username: string;
  password: string;
  /** Retention policies and rollups (INFLUX_RAW_RETENTION, INFLUX_ROLLUP_*_RETENTION, INFLUX_ROLLUPS): see retention.ts. */
  retention: RetentionConfig;
}

export function parseInfluxConfig(env: Record<string, string | undefined>): InfluxConfig {
  const url = (env.INFLUX_URL ?? 'http://127.0.0.1:8086').replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+/.test(url)) throw new PantauError('CONFIG_INFLUX_URL', `INFLUX_URL must be http(s)://host:port, got "${url}"`);
  const api = env.INFLUX_API ?? 'v1';
  if (api !== 'v1' && api !== 'v2') throw new PantauError('CONFIG_INFLUX_API', 'INFLUX_API must be v1 or v2');
  const database = env.INFLUX_DB ?? env.INFLUX_BUCKET ?? 'pantau';
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(database)) throw new PantauError('CONFIG_INFLUX_DB', 'INFLUX_DB must be 1–64 of A-Z a-z 0-9 _ . -');
  const token = env.INFLUX_TOKEN ?? '';
  if (api === 'v2' && !token) throw new PantauError('CONFIG_INFLUX_TOKEN', 'INFLUX_API=v2 needs INFLUX_TOKEN');
  return Object.freeze({
    url,
    api,
    database,
    token,
    org: env.INFLUX_ORG ?? '',
    username: env.INFLUX_USERNAME ?? '',
    password: env.INFLUX_PASSWORD ?? '',
    retention: parseRetentionConfig(env, api)
  });
}

/**
 * The write path for WriteApi's documented `path` option, by API version. Precision is ms. `rp`
 * names a retention policy (v1 only; without it InfluxDB writes to the database's default one).
 */
export function influxWritePath(c: InfluxConfig, rp = ''): string {
  if (c.api === 'v2') {
    return `/api/v2/write?org=${encodeURIComponent(c.org)}&bucket=${encodeURIComponent(c.database)}&precision=ms`;
  }
  let path = `/write?db=${encodeURIComponent(c.database)}&precision=ms`;
  if (rp) path += `&rp=${encodeURIComponent(rp)}`;
  if (c.username) path += `&u=${encodeURIComponent(c.username)}&p=${encodeURIComponent(c.password)}`;
  return path;
}

/** The v1-compatible InfluxQL query path (works on 1.x, and on 2.x/3.x with a DBRP mapping). */
export function influxQueryPath(c: InfluxConfig, q: string): string {
  let path = `/query?db=${encodeURIComponent(c.database)}&epoch=ms&q=${encodeURIComponent(q)}`;
  if (c.username) path += `&u=${encodeURIComponent(c.username)}&p=${encodeURIComponent(c.password)}`;
  return path;
}

/**
 * Measurement names: one per sensor kind, plus alert events, river forecasts, the forecasts' track
 * records (the ingest's own, read back at its start), the audit log and deliveries.
 */
export const MEASUREMENTS = {
  traffic: 'traffic',
  flood: 'flood',
  air: 'air',
  alertEvents: 'alert_events',
  forecast: 'forecast',
  forecastRecord: 'forecast_record',
  audit: 'audit',
  deliveries: 'deliveries'
} as const;

/** What lives in the events policy rather than the default one: the records kept for years. */
export const EVENTS_POLICY_MEASUREMENTS = [MEASUREMENTS.alertEvents, MEASUREMENTS.audit, MEASUREMENTS.deliveries] as const;

/** Where every writer of alert events sends them: their own retention policy (retention.ts). */
export function alertEventsWritePath(c: InfluxConfig): string {
  return influxWritePath(c, c.retention.eventsPolicy);
}

/**
 * What every reader of a measurement of the events policy names in FROM: `"<db>"."events"."<m>"`, or
 * the bare measurement when there is no events policy (v2, or a test double without a database).
 */
export function eventsPolicyFrom(measurement: (typeof EVENTS_POLICY_MEASUREMENTS)[number], database: string | undefined, retention: RetentionConfig | undefined): string {
  const m = quoteInfluxIdent(measurement);
  if (!database || !retention?.eventsPolicy) return m;
  return `${quoteInfluxIdent(database)}.${quoteInfluxIdent(retention.eventsPolicy)}.${m}`;
}

/** FROM of every read of alert events: `"<db>"."events"."alert_events"`. */
export function alertEventsFrom(database: string | undefined, retention: RetentionConfig | undefined): string {
  return eventsPolicyFrom(MEASUREMENTS.alertEvents, database, retention);
}

/** FROM of every read of the audit log: `"<db>"."events"."audit"`. */
export function auditFrom(database: string | undefined, retention: RetentionConfig | undefined): string {
  return eventsPolicyFrom(MEASUREMENTS.audit, database, retention);
}
