import type { Alert } from '../core/alert';
import type { Sensor } from '../core/sensor';

/** Up to 30 days (the API clamps hours to 720); the server downsamples every range to ≤ 600 points. */
export const HOURS_CHOICES = [1, 6, 24, 72, 168, 720] as const;
export const DEFAULT_HOURS = 6;

/** `GET /api/sensors/<id>/history` body (see src/lib/server/history.ts). */
export interface SensorHistory {
  sensor: Sensor;
  hours: number;
  /** Bucket width of the server's downsampling, seconds. */
  intervalS?: number;
  fields: Record<string, [number, number][]>;
  alerts: Alert[];
}

export function parseHours(value: string | null): number {
  const asked = Number(value);
  return (HOURS_CHOICES as readonly number[]).includes(asked) ? asked : DEFAULT_HOURS;
}
