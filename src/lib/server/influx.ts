import type { HttpError, WriteApi } from '@influxdata/influxdb-client';
import { alertEventsFrom, auditFrom, type InfluxConfig } from '../core/influx-config';
import { formatAlertEventLine } from '../core/line-protocol';
import { PantauError } from '../core/errors';
import type { AlertEvent } from '../core/alert';
import type { RetentionConfig } from '../core/retention';
import { createInfluxDB } from '../influx/client';
import { pingInflux } from '../influx/health';
import { runInfluxQl, type InfluxSeries } from '../influx/query';
import { createLineWriteApi } from '../influx/write';
import { setupInflux } from '../influx/setup';

export { seriesRows, type InfluxSeries } from '../influx/query';

export interface InfluxClient {
  /**
   * Runs one InfluxQL statement; a missing measurement is an empty answer, not an error. Each has
   * 5 s unless `timeoutMs` says otherwise (a read over a year of shards, history.ts).
   */
  query(q: string, options?: { timeoutMs?: number }): Promise<InfluxSeries[]>;
  /** True when the server answers /ping. */
  ping(): Promise<boolean>;
  /**
   * Stores one alert event (schema: shared contract, measurement `alert_events`, its own retention policy); resolves
   * once written, throws (INFLUX_WRITE) when not. One try: the hub's outbox (action-outbox.ts) retries.
   */
  writeAlertEvent(event: AlertEvent): Promise<void>;
  close(): Promise<void>;
  /** Which rollups readers may use (resolution.ts); absent in test doubles: raw readings only. */
  readonly retention?: RetentionConfig;
  /** The database, for reads that name a retention policy (alert events); absent in test doubles. */
  readonly database?: string;
}

/** FROM of every read of alert events through this client: `"<db>"."events"."alert_events"` (influx-config.ts). */
export function alertEventsSource(client: InfluxClient): string {
  return alertEventsFrom(client.database, client.retention);
}

/** FROM of every read of the audit log through this client: `"<db>"."events"."audit"`. */
export function auditSource(client: InfluxClient): string {
  return auditFrom(client.database, client.retention);
}

const REQUEST_TIMEOUT_MS = 5_000;

/**
 * Whether InfluxDB refused a write as such (400 bad line, 422 outside retention): trying it again gets
 * the same answer. Everything else (timeouts, 5xx, 401/403 while the set-up is fixed) is worth a retry.
 */
export function isRefusedWrite(err: unknown): boolean {
  const status = ((err as { cause?: unknown })?.cause as HttpError | undefined)?.statusCode;
  return status === 400 || status === 422;
}

export { formatAlertEventLine } from '../core/line-protocol';

/** The command center's InfluxDB: reads, /ping and alert actions, on the shared module (src/lib/influx). */
export function createInfluxClient(config: InfluxConfig): InfluxClient {
  const influx = createInfluxDB(config, REQUEST_TIMEOUT_MS);
  // The transport's timeout is per client: one more client per other timeout asked for (there are few).
  const byTimeout = new Map([[REQUEST_TIMEOUT_MS, influx]]);
  const clientFor = (timeoutMs = REQUEST_TIMEOUT_MS) => {
    if (!byTimeout.has(timeoutMs)) byTimeout.set(timeoutMs, createInfluxDB(config, timeoutMs));
    return byTimeout.get(timeoutMs)!;
  };
  let writeApi: WriteApi | undefined;

  function getWriteApi(): WriteApi {
    // The outbox (action-outbox.ts) must know whether each event is stored, so writeAlertEvent flushes
    // each line itself: a batch size the buffer never reaches (else add() sends on its own and swallows
    // the error), no timer, and no retry buffer of the client's own (the outbox retries, in order, and
    // keeps the events across a restart). The events' retention policy keeps the alert history longer
    // than readings.
    writeApi ??= createLineWriteApi(influx, config, config.retention.eventsPolicy, { batchSize: 10_000, flushInterval: 0, maxRetries: 0 });
    return writeApi;
  }

  return {
    retention: config.retention,
    database: config.database,
    async query(q, options) {
      let series: InfluxSeries[] | undefined;
      try {
        series = (await runInfluxQl(clientFor(options?.timeoutMs), config, q)).results?.[0]?.series;
      } catch (cause) {
        throw new PantauError('INFLUX_QUERY', `InfluxDB query failed: ${(cause as Error).message}`, { cause });
      }
      return series ?? [];
    },
    ping: () => pingInflux(influx),
    async writeAlertEvent(event) {
      const api = getWriteApi();
      api.writeRecord(formatAlertEventLine(event));
      try {
        await api.flush();
      } catch (cause) {
        throw new PantauError('INFLUX_WRITE', `storing the alert event failed: ${(cause as Error).message}`, { cause });
      }
    },
    async close() {
      await writeApi?.close().catch(() => undefined);
    }
  };
}

/**
 * The command center's share of the set-up (docs/retention.md): what is missing is created (the
 * database, the `events` policy its alert actions are written to, the rollups), nothing is altered.
 * Without the rights (a user that is not admin) or without InfluxDB it logs and goes on: the
 * ingest's set-up does the same at its start.
 */
export async function setupInfluxAtStart(config: InfluxConfig, log: (message: string) => void): Promise<void> {
  if (config.api !== 'v1') return;
  try {
    const done = await setupInflux(config, 'create-missing');
    if (done.policies.length > 0) log(`InfluxDB set-up: ${done.policies.join('; ')}`);
    if (done.eventsCopied > 0) log(`copied ${done.eventsCopied} alert events from the default retention policy into "${config.retention.eventsPolicy}"`);
    if (done.auditCopied > 0) log(`copied ${done.auditCopied} audit entries from the default retention policy into "${config.retention.eventsPolicy}"`);
  } catch (err) {
    log(`InfluxDB set-up not done (${(err as Error).message}); the ingest's set-up creates the database and its policies`);
  }
}
