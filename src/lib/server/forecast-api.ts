import { SENSOR_ID_PATTERN, type Sensor } from '../core/sensor';
import type { ApiResult } from './api';
import { FORECAST_HOURS, readForecastHistory, type ForecastHistory } from './forecasts';
import type { InfluxClient } from './influx';
import { clampInt } from './influx-queries';
import { storeUnavailable } from './store-unavailable';

const fail = (status: 400 | 404 | 503, code: string, error: string) => ({ status, body: { error, code } }) as const;

/** `GET /api/sensors/<id>/forecast?hours=`: the forecasts a flood gauge was given (1–168 h, default 6). */
export async function getSensorForecasts(
  influx: InfluxClient,
  sensors: ReadonlyMap<string, Sensor>,
  id: string,
  hoursParam: string | null,
  nowMs: number
): Promise<ApiResult<ForecastHistory>> {
  if (!SENSOR_ID_PATTERN.test(id)) return fail(400, 'BAD_SENSOR_ID', 'sensor id must match [a-z0-9][a-z0-9_-]{0,63}');
  if (hoursParam !== null && hoursParam !== '' && !/^\d{1,6}$/.test(hoursParam)) return fail(400, 'BAD_HOURS', 'hours must be a whole number (1–168)');
  const hours = clampInt(hoursParam, FORECAST_HOURS.min, FORECAST_HOURS.max, FORECAST_HOURS.fallback);
  const sensor = sensors.get(id);
  if (!sensor) return fail(404, 'UNKNOWN_SENSOR', `no sensor ${id}`);
  if (sensor.kind !== 'flood') return fail(400, 'NOT_A_GAUGE', `${id} is not a flood gauge; only gauges have forecasts`);
  try {
    return { status: 200, body: await readForecastHistory(influx, sensor, hours, nowMs) };
  } catch (err) {
    // InfluxDB down: "try later", as the history API answers.
    const unavailable = storeUnavailable(err, 'forecast history');
    if (unavailable) return unavailable;
    throw err;
  }
}
