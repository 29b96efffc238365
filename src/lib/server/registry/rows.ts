/**
 * Between table rows and registered sensors, and the rules for what a change may touch. Pure.
 */
import { isSensorStatus, type RegisteredSensor, type SensorStatus } from './model';
import { say, sayWith } from '../../schemas/reason';

export interface SensorRow {
  id: string;
  kind: string;
  name: string;
  district: string;
  lat: number;
  lon: number;
  interval_s: number;
  flood: Record<string, number> | null;
  traffic: Record<string, number> | null;
  downstream: string[];
  extra: Record<string, unknown>;
  status: string;
  revision: number;
  updated_at: Date;
  updated_by: string;
}

/** Catalog keys stored in their own columns; any other key lives in `extra`. */
const COLUMN_KEYS = new Set(['id', 'kind', 'name', 'district', 'lat', 'lon', 'intervalS', 'flood', 'traffic', 'downstream']);
/** What an edit may change. Id and kind never change: readings, alerts and MQTT topics carry them. */
export const EDITABLE_KEYS = new Set(['name', 'district', 'lat', 'lon', 'intervalS', 'flood', 'traffic', 'downstream', 'note', 'status']);
/** `status` through an edit: decommissioning has its own action, so the reason says so. */
const EDITABLE_STATUSES: readonly SensorStatus[] = ['active', 'maintenance'];

export function rowToSensor(r: SensorRow): RegisteredSensor {
  const s: Record<string, unknown> = { id: r.id, kind: r.kind, name: r.name, district: r.district, lat: r.lat, lon: r.lon, intervalS: r.interval_s };
  if (r.flood) s.flood = r.flood;
  if (r.traffic) s.traffic = r.traffic;
  if (r.downstream.length > 0) s.downstream = r.downstream;
  Object.assign(s, r.extra);
  return { ...s, status: r.status, revision: r.revision, updatedAt: r.updated_at.getTime(), updatedBy: r.updated_by } as RegisteredSensor;
}

/** Parameters $1..$11 for an insert or update, in column order (id, kind, … extra). */
export function sensorParams(s: Record<string, unknown>): unknown[] {
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) {
    if (!COLUMN_KEYS.has(k) && !['status', 'revision', 'updatedAt', 'updatedBy'].includes(k) && v !== undefined) extra[k] = v;
  }
  const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
  return [s.id, s.kind, s.name, s.district, s.lat, s.lon, s.intervalS, json(s.flood), json(s.traffic), Array.isArray(s.downstream) ? s.downstream : [], JSON.stringify(extra)];
}

export type EditCheck = { ok: true; next: Record<string, unknown> } | { ok: false; errors: string[] };

/**
 * The sensor after an edit, or why the edit is refused before the schema looks at it (unknown or
 * immutable keys). `null` removes an optional key (thresholds, links, note).
 */
export function applyChanges(current: RegisteredSensor, changes: unknown): EditCheck {
  if (changes === null || typeof changes !== 'object' || Array.isArray(changes)) return { ok: false, errors: [say('changesObject')] };
  const entries = Object.entries(changes as Record<string, unknown>);
  if (entries.length === 0) return { ok: false, errors: [say('changesEmpty')] };
  const errors: string[] = [];
  const next: Record<string, unknown> = { ...current };
  for (const [k, v] of entries) {
    if (k === 'id' || k === 'kind') errors.push(say('fieldFixed', { field: k }));
    else if (!EDITABLE_KEYS.has(k)) errors.push(sayWith('unknownField', { field: k.slice(0, 40) }));
    else if (k === 'status' && !(isSensorStatus(v) && EDITABLE_STATUSES.includes(v))) errors.push(say('editableStatus'));
    else if (v === null) delete next[k];
    else next[k] = v;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, next };
}

/** A new sensor's own keys, without registry bookkeeping a client might send along. */
export function newSensorFields(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) if (!['status', 'revision', 'updatedAt', 'updatedBy'].includes(k) && v !== null && v !== undefined) out[k] = v;
  return out;
}
