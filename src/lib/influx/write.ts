import type { InfluxDB, WriteApi, WriteOptions } from '@influxdata/influxdb-client';
import { influxWritePath, type InfluxConfig } from '../core/influx-config';

/**
 * A WriteApi for line protocol in ms precision that sends to `rp` (a v1 retention policy; '' for
 * the default one, ignored with v2). Its documented `path` is set because v1 servers only answer
 * /write (influx-config.ts). Callers choose the batching: a writer that must know each line is
 * stored passes flushInterval 0 and maxRetries 0 and flushes itself.
 */
export function createLineWriteApi(influx: InfluxDB, config: InfluxConfig, rp: string, options: Partial<WriteOptions>): WriteApi {
  const api = influx.getWriteApi(config.org, config.database, 'ms', options);
  api.path = influxWritePath(config, rp);
  return api;
}

/**
 * Writes lines to `rp` and resolves once InfluxDB confirmed them all, in requests of at most
 * `batchLines`; an error answer throws (the client's HttpError) and nothing is retried: for
 * scripts, set-up and tests, where the caller decides what a failure means.
 */
export async function writeLines(influx: InfluxDB, config: InfluxConfig, lines: readonly string[], rp = '', batchLines = 5_000): Promise<void> {
  const api = createLineWriteApi(influx, config, rp, { batchSize: batchLines + 1, flushInterval: 0, maxRetries: 0 });
  try {
    for (let i = 0; i < lines.length; i += batchLines) {
      api.writeRecords(lines.slice(i, i + batchLines));
      await api.flush();
    }
  } finally {
    await api.close().catch(() => undefined);
  }
}
