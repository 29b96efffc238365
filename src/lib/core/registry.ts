/**
 * What the sensor registry holds and says about a sensor: shared by the server (src/lib/server/registry)
 * and the registry page. Types and constants only.
 */
import type { Sensor } from './sensor';

export const SENSOR_STATUSES = ['active', 'maintenance', 'decommissioned'] as const;
export type SensorStatus = (typeof SENSOR_STATUSES)[number];
export const CHANGE_ACTIONS = ['seed', 'create', 'edit', 'move', 'decommission', 'import'] as const;
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];

/** A catalog sensor plus what only the registry knows. Catalog keys it does not model ride along. */
export type RegisteredSensor = Sensor & {
  status: SensorStatus;
  revision: number;
  updatedAt: number;
  updatedBy: string;
  [extra: string]: unknown;
};

export interface FieldDiff {
  field: string;
  from: unknown;
  to: unknown;
}

export interface SensorChange {
  id: number;
  sensorId: string;
  revision: number;
  action: ChangeAction;
  actor: string;
  role: string;
  reason: string;
  at: number;
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
  /** What changed, field by field ("flood.siaga3: 240 → 230"), for people reading the history. */
  diff: FieldDiff[];
}
