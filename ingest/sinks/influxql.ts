import { InfluxDB } from '@influxdata/influxdb-client';
import { influxQueryPath, type InfluxConfig } from '../../src/lib/core/influx-config';

export interface InfluxQlResponse {
  results?: { error?: string; series?: { name: string; columns: string[]; values: unknown[][] }[] }[];
  error?: string;
}

/** Runs InfluxQL through the client's transport (the v1-compatible /query endpoint); a rollup rebuild passes a longer timeout. */
export async function influxQl(config: InfluxConfig, q: string, method: 'GET' | 'POST' = 'GET', timeoutMs = 10_000): Promise<InfluxQlResponse> {
  const transport = new InfluxDB({ url: config.url, token: config.token || undefined, timeout: timeoutMs }).transport;
  const res = (await transport.request(influxQueryPath(config, q), null, { method })) as InfluxQlResponse | string;
  const body = typeof res === 'string' ? (JSON.parse(res) as InfluxQlResponse) : res;
  const error = body.error ?? body.results?.find((r) => r.error)?.error;
  if (error) throw new Error(`InfluxQL error: ${error}`);
  return body;
}

