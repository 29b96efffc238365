import { InfluxDB, type WriteApi } from '@influxdata/influxdb-client';
import { alertEventsFrom, alertEventsWritePath, influxQueryPath, type InfluxConfig } from '../core/influx-config';
import { formatAlertEventLine } from '../core/line-protocol';
import { PantauError } from '../core/errors';
import type { AlertEvent } from '../core/alert';
import type { RetentionConfig } from '../core/retention';

/** One series of an InfluxQL JSON answer. */
export interface InfluxSeries {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

export interface InfluxClient {
  /** Runs one InfluxQL statement; a missing measurement is an empty answer, not an error. */
  query(q: string): Promise<InfluxSeries[]>;
  /** True when the server answers /ping. */
  ping(): Promise<boolean>;
  /** Stores one alert event (schema: shared contract, measurement `alert_events`, its own retention policy); resolves once written. */
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

const REQUEST_TIMEOUT_MS = 5_000;

export { formatAlertEventLine } from '../core/line-protocol';

interface QueryAnswer {
  results?: { series?: InfluxSeries[]; error?: string }[];
  error?: string;
}

export function createInfluxClient(config: InfluxConfig): InfluxClient {
  const influx = new InfluxDB({ url: config.url, token: config.token || undefined, timeout: REQUEST_TIMEOUT_MS });
  const transport = influx.transport;
  let writeApi: WriteApi | undefined;

  function getWriteApi(): WriteApi {
    if (!writeApi) {
      // Alert actions are rare and must be stored before we answer, so writeAlertEvent flushes each
      // line itself: a batch size the buffer never reaches (else add() sends on its own and swallows
      // the error), no timer, and no retry buffer (a retry after we answered "failed" would store an
      // action the operator was told did not happen).
      writeApi = influx.getWriteApi(config.org, config.database, 'ms', { batchSize: 10_000, flushInterval: 0, maxRetries: 0 });
      // The client's documented `path` property: v1 servers only answer /write (see stack README);
      // it names the events' retention policy, which keeps the alert history longer than readings.
      (writeApi as unknown as { path: string }).path = alertEventsWritePath(config);
    }
    return writeApi;
  }

  return {
    retention: config.retention,
    database: config.database,
    async query(q) {
      let answer: QueryAnswer;
      try {
        answer = (await transport.request(influxQueryPath(config, q), null, { method: 'GET' })) as QueryAnswer;
      } catch (cause) {
        throw new PantauError('INFLUX_QUERY', `InfluxDB query failed: ${(cause as Error).message}`, { cause });
      }
      const result = answer?.results?.[0];
      const error = answer?.error ?? result?.error;
      if (error) throw new PantauError('INFLUX_QUERY', `InfluxDB query error: ${error}`);
      return result?.series ?? [];
    },
    async ping() {
      try {
        await transport.request('/ping', null, { method: 'GET' });
        return true;
      } catch {
        return false;
      }
    },
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

/** Rows of a series as objects keyed by column. */
export function seriesRows(series: InfluxSeries): Record<string, unknown>[] {
  return series.values.map((row) => Object.fromEntries(series.columns.map((c, i) => [c, row[i]])));
}
