import type { Forecast } from '../core/forecast';
import { forecastFromRow } from '../core/forecast-line';
import { MEASUREMENTS } from '../core/influx-config';
import { quoteInfluxIdent, quoteInfluxString } from '../core/line-protocol';
import { PantauError } from '../core/errors';
import type { LiveReading } from '../core/reading';
import { SENSOR_ID_PATTERN, type Sensor } from '../core/sensor';
import { seriesRows, type InfluxClient } from './influx';
import { clampInt, LATEST_READINGS_WINDOW_MS } from './influx-queries';

/**
 * River forecasts in the command center: read back from measurement `forecast` (for the history
 * API and to rebuild the live state at start) and checked when they arrive with live readings.
 * Queries quote every identifier and string, and the sensor id must match SENSOR_ID_PATTERN.
 */
export const FORECAST_HOURS = { min: 1, max: 168, fallback: 6 } as const;
/** Forecasts per answer at most: a gauge reporting every minute issues 60 an hour. */
export const FORECAST_HISTORY_LIMIT = 1_000;
const HOUR_MS = 3_600_000;

/** `GET /api/sensors/<id>/forecast` body. */
export interface ForecastHistory {
  sensorId: string;
  hours: number;
  /** The newest forecast in the range, or null. */
  latest: Forecast | null;
  /** Forecasts issued in the range, oldest first (at most FORECAST_HISTORY_LIMIT, the newest kept). */
  forecasts: Forecast[];
}

function assertSensorId(id: string): void {
  if (!SENSOR_ID_PATTERN.test(id)) throw new PantauError('BAD_SENSOR_ID', 'sensor id must match [a-z0-9][a-z0-9_-]{0,63}');
}

/** Forecasts of one gauge issued in the last `hours`, newest first (the reader reverses). */
export function buildForecastHistoryQuery(sensorId: string, hours: number, nowMs: number): { q: string; hours: number } {
  assertSensorId(sensorId);
  const h = clampInt(hours, FORECAST_HOURS.min, FORECAST_HOURS.max, FORECAST_HOURS.fallback);
  const endMs = Math.trunc(nowMs);
  const q =
    `SELECT * FROM ${quoteInfluxIdent(MEASUREMENTS.forecast)} WHERE ${quoteInfluxIdent('sensor')} = ${quoteInfluxString(sensorId)} ` +
    `AND time >= ${endMs - h * HOUR_MS}ms AND time <= ${endMs}ms ORDER BY time DESC LIMIT ${FORECAST_HISTORY_LIMIT}`;
  return { q, hours: h };
}

/** The newest forecast of every gauge within the live-state rebuild window (one series per gauge). */
export function buildLatestForecastsQuery(nowMs: number): string {
  const startMs = Math.trunc(nowMs) - LATEST_READINGS_WINDOW_MS;
  return (
    `SELECT * FROM ${quoteInfluxIdent(MEASUREMENTS.forecast)} WHERE time >= ${startMs}ms ` +
    `GROUP BY ${quoteInfluxIdent('sensor')} ORDER BY time DESC LIMIT 1`
  );
}

export async function readForecastHistory(client: InfluxClient, sensor: Sensor, hours: number, nowMs: number): Promise<ForecastHistory> {
  const { q, hours: h } = buildForecastHistoryQuery(sensor.id, hours, nowMs);
  const forecasts: Forecast[] = [];
  for (const s of await client.query(q)) {
    for (const row of seriesRows(s)) {
      const f = forecastFromRow(sensor.id, row);
      if (f) forecasts.push(f);
    }
  }
  forecasts.sort((a, b) => a.ts - b.ts);
  return { sensorId: sensor.id, hours: h, latest: forecasts.at(-1) ?? null, forecasts };
}

/** Latest stored forecast per catalog gauge, for the live state at start. */
export async function readLatestForecasts(client: InfluxClient, sensors: ReadonlyMap<string, Sensor>, nowMs: number): Promise<Map<string, Forecast>> {
  const out = new Map<string, Forecast>();
  for (const s of await client.query(buildLatestForecastsQuery(nowMs))) {
    const id = s.tags?.sensor ?? '';
    if (sensors.get(id)?.kind !== 'flood') continue;
    const row = seriesRows(s)[0];
    const f = row ? forecastFromRow(id, row) : null;
    if (f) out.set(id, f);
  }
  return out;
}

/** Rebuilt readings with their gauge's stored forecast (rebuilt readings have none of their own). */
export function withForecasts(readings: readonly LiveReading[], forecasts: ReadonlyMap<string, Forecast>): LiveReading[] {
  return readings.map((r) => {
    const f = forecasts.get(r.sensorId);
    return f && !r.forecast ? { ...r, forecast: f } : r;
  });
}
