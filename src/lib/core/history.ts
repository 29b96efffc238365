import type { Alert, AlertEvent } from './alert';
import type { ReadingState } from './reading-state';
import type { Sensor } from './sensor';

/**
 * The bodies of the history and replay APIs: declared once here because the server builds them
 * (src/lib/server/history.ts, replay.ts) and the browser reads them (src/lib/realtime/).
 */

/** `GET /api/sensors/<id>/history` body. */
export interface SensorHistory {
  sensor: Sensor;
  hours: number;
  /** Bucket width of the server's downsampling, seconds. */
  intervalS: number;
  /** Field name → [epoch ms, mean value] pairs, oldest first. */
  fields: Record<string, [number, number][]>;
  /** Alerts of this sensor in the range (latest state of each), newest first. */
  alerts: Alert[];
}

export interface ReplayWindow {
  from: number;
  to: number;
  stepS: number;
}

/** One sensor's downsampled history: [bucket start ms, severity, values, state] (state as in LiveReading). */
export type ReplayPoint = [number, number, Record<string, number>, ReadingState];

/** `GET /api/replay` body. */
export interface ReplayData extends ReplayWindow {
  frames: number;
  sensors: Record<string, ReplayPoint[]>;
  /** Alert events in the window, oldest first. */
  events: AlertEvent[];
}
