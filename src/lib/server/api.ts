import type { Alert } from '../core/alert';
import type { Catalog, Sensor } from '../core/sensor';
import { SENSOR_ID_PATTERN } from '../core/sensor';
import type { InfluxClient } from './influx';
import { clampInt, HISTORY_HOURS } from './influx-queries';
import type { SensorHistory } from '../core/history';
import { readSensorHistory } from './history';
import type { RealtimeHub } from './realtime';
import type { PipelineHealth } from './process-board';
import { storeUnavailable } from './store-unavailable';

/**
 * The JSON API's logic, free of SvelteKit so tests call it directly; the +server.ts files only
 * translate ApiResult into a Response. Expected failures are values with a status.
 */
export type ApiResult<T> = { status: 200; body: T } | { status: 400 | 404 | 503; body: { error: string; code: string } };

const fail = (status: 400 | 404 | 503, code: string, error: string) => ({ status, body: { error, code } }) as const;

export interface Health {
  ok: boolean;
  mqtt: boolean;
  influx: boolean;
  lastReadingAt: number;
  /**
   * The notifier and the ingest as their retained MQTT status says: per role up / down / not_seen and
   * `alarm` (the banner people see), per process its client id, state, since and age. `ok` stays the
   * web's own health (a load balancer must not pull the command center because the notifier is down).
   */
  pipeline: PipelineHealth | RedactedPipeline;
}

/** What a caller who may not view the command center learns of its processes: per role up or not, no ids or times. */
export interface RedactedPipeline {
  roles: { role: string; state: string; alarm: boolean }[];
}

/**
 * `viewer`: the caller may view the command center (a session, a kiosk, or anonymous viewing allowed). Anyone else
 * (PANTAU_ANONYMOUS_READ=false, no login: /api/health stays open for load balancers and monitors) gets each role's
 * state and alarm only: client ids and since when are the command center's business.
 */
export function getHealth(hub: RealtimeHub | undefined, viewer = true): ApiResult<Health> {
  if (!hub) return fail(503, 'HUB_MISSING', 'realtime hub is not running');
  const s = hub.status();
  const full = hub.pipeline();
  const pipeline = viewer ? full : { roles: full.roles.map((r) => ({ role: r.role, state: r.state, alarm: r.alarm })) };
  return { status: 200, body: { ok: s.mqtt && s.influx, mqtt: s.mqtt, influx: s.influx, lastReadingAt: s.lastReadingAt, pipeline } };
}

/** `?hours=` must be an integer if given; it is then clamped to 1..HISTORY_HOURS.max (a year and a day). */
function parseHours(raw: string | null, fallback: number, max: number): number | null {
  if (raw === null || raw === '') return fallback;
  if (!/^\d{1,6}$/.test(raw)) return null;
  return clampInt(raw, 1, max, fallback);
}

export async function getSensorHistory(
  influx: InfluxClient,
  sensors: ReadonlyMap<string, Sensor>,
  id: string,
  hoursParam: string | null,
  nowMs: number
): Promise<ApiResult<SensorHistory>> {
  if (!SENSOR_ID_PATTERN.test(id)) return fail(400, 'BAD_SENSOR_ID', 'sensor id must match [a-z0-9][a-z0-9_-]{0,63}');
  const hours = parseHours(hoursParam, HISTORY_HOURS.fallback, HISTORY_HOURS.max);
  if (hours === null) return fail(400, 'BAD_HOURS', `hours must be a whole number (1–${HISTORY_HOURS.max})`);
  const sensor = sensors.get(id);
  if (!sensor) return fail(404, 'UNKNOWN_SENSOR', `no sensor ${id}`);
  try {
    return { status: 200, body: await readSensorHistory(influx, sensor, hours, nowMs) };
  } catch (err) {
    // InfluxDB down or its database not created yet: the browser shows "try later", not a crash.
    const unavailable = storeUnavailable(err, 'sensor history');
    if (unavailable) return unavailable;
    throw err;
  }
}

export function getAlerts(hub: RealtimeHub | undefined, stateParam: string | null, hoursParam: string | null): ApiResult<{ alerts: Alert[] }> {
  if (!hub) return fail(503, 'HUB_MISSING', 'realtime hub is not running');
  const state = stateParam ?? 'open';
  if (state !== 'open' && state !== 'all') return fail(400, 'BAD_STATE', 'state must be open or all');
  const hours = parseHours(hoursParam, 24, 24 * 7);
  if (hours === null) return fail(400, 'BAD_HOURS', 'hours must be a whole number (1–168)');
  return { status: 200, body: { alerts: hub.listAlerts(state, hours) } };
}

/** What pages receive: the catalog minus anything not needed on screen. */
export function publicCatalog(catalog: Catalog): Catalog {
  return {
    city: catalog.city,
    districts: catalog.districts.map(({ code, name, lat, lon }) => ({ code, name, lat, lon })),
    sensors: catalog.sensors.map(({ id, kind, name, district, lat, lon, intervalS, flood, traffic, downstream }) => ({
      id, kind, name, district, lat, lon, intervalS,
      ...(flood ? { flood: { siaga3: flood.siaga3, siaga2: flood.siaga2, siaga1: flood.siaga1 } } : {}),
      ...(traffic ? { traffic: { freeFlowKmh: traffic.freeFlowKmh, capacityVehH: traffic.capacityVehH } } : {}),
      ...(downstream ? { downstream: [...downstream] } : {})
    }))
  };
}
