import { InfluxDB } from '@influxdata/influxdb-client';
import type { InfluxConfig } from '../core/influx-config';

/**
 * The one place an `InfluxDB` client is built from an InfluxConfig (v1 and v2 alike: the token is
 * empty with v1, whose user and password travel in the query string, see influx-config.ts).
 * `timeoutMs` is per request: queries answer in seconds, a rollup rebuild's SELECT … INTO in minutes.
 */
export function createInfluxDB(config: InfluxConfig, timeoutMs: number): InfluxDB {
  return new InfluxDB({ url: config.url, token: config.token || undefined, timeout: timeoutMs });
}
