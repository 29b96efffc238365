import type { InfluxDB } from '@influxdata/influxdb-client';

/** True when the server answers /ping (1.x and the v1-compatible API of 2.x both have it). */
export async function pingInflux(influx: InfluxDB): Promise<boolean> {
  try {
    await influx.transport.request('/ping', null, { method: 'GET' });
    return true;
  } catch {
    return false;
  }
}
