import type { InfluxDB } from '@influxdata/influxdb-client';
import { influxQueryPath, type InfluxConfig } from '../core/influx-config';
import { createInfluxDB } from './client';

/** One series of an InfluxQL JSON answer. */
export interface InfluxSeries {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

export interface InfluxQlResponse {
  results?: { error?: string; series?: InfluxSeries[] }[];
  error?: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** The first error of an answer (whole request, or any statement's), or undefined. */
export function influxQlError(body: InfluxQlResponse): string | undefined {
  return body.error ?? body.results?.find((r) => r.error)?.error;
}

/**
 * Runs InfluxQL over the v1-compatible /query endpoint with the client's transport (1.x, and 2.x/3.x
 * with a DBRP mapping). Reads use GET; statements that change something POST, as 1.x requires.
 * An error answer throws with InfluxDB's message (callers match on it, e.g. "already exists").
 */
export async function runInfluxQl(influx: InfluxDB, config: InfluxConfig, q: string, method: 'GET' | 'POST' = 'GET'): Promise<InfluxQlResponse> {
  const res = (await influx.transport.request(influxQueryPath(config, q), null, { method })) as InfluxQlResponse | string;
  // The transport parses JSON answers; a proxy's text/plain one still carries JSON.
  const body = typeof res === 'string' ? (JSON.parse(res) as InfluxQlResponse) : res;
  const error = influxQlError(body);
  if (error) throw new Error(`InfluxQL error: ${error}`);
  return body;
}

/** runInfluxQl with a client of its own: for set-up, scripts and one-off reads (a rollup rebuild passes a longer timeout). */
export function influxQl(config: InfluxConfig, q: string, method: 'GET' | 'POST' = 'GET', timeoutMs = DEFAULT_TIMEOUT_MS): Promise<InfluxQlResponse> {
  return runInfluxQl(createInfluxDB(config, timeoutMs), config, q, method);
}

/** Rows of a series as objects keyed by column. */
export function seriesRows(series: InfluxSeries): Record<string, unknown>[] {
  return series.values.map((row) => Object.fromEntries(series.columns.map((c, i) => [c, row[i]])));
}
