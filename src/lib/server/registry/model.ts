/**
 * The registry's pure part: what a registered sensor is, how a change is checked against the one
 * catalog schema (src/lib/catalog/validate.ts), and how two versions of a sensor differ.
 */
import { validateCatalog } from '../../catalog/validate';
import type { Catalog, Sensor } from '../../core/sensor';

import { SENSOR_STATUSES, type ChangeAction, type FieldDiff, type RegisteredSensor, type SensorStatus } from '../../core/registry';

export { SENSOR_STATUSES, CHANGE_ACTIONS } from '../../core/registry';
export type { ChangeAction, FieldDiff, RegisteredSensor, SensorChange, SensorStatus } from '../../core/registry';

export interface Actor {
  user: string;
  role: string;
}

/** One sensor to write: what it was (null when new) and what it becomes. */
export interface Write {
  actor: Actor;
  action: ChangeAction;
  reason: string;
  before: RegisteredSensor | null;
  next: Record<string, unknown>;
}

/** The city and districts the registry's sensors are checked against (from the catalog file). */
export type CatalogBase = Pick<Catalog, 'city' | 'districts'>;

/** Keys of a sensor that belong to the registry, not to the catalog a reader sees. */
const REGISTRY_KEYS = new Set(['status', 'revision', 'updatedAt', 'updatedBy']);
export const MAX_REASON_CHARS = 500;

export function isSensorStatus(v: unknown): v is SensorStatus {
  return typeof v === 'string' && (SENSOR_STATUSES as readonly string[]).includes(v);
}

/** The catalog entry of a registered sensor (registry bookkeeping stripped). */
export function catalogSensor(s: object): Sensor {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s as Record<string, unknown>)) if (!REGISTRY_KEYS.has(k) && v !== undefined) out[k] = v;
  return out as unknown as Sensor;
}

/** What the ingest and command center run: every sensor not decommissioned, in registry order. */
export function buildCatalog(base: CatalogBase, sensors: readonly RegisteredSensor[]): Catalog {
  return { city: base.city, districts: base.districts, sensors: sensors.filter((s) => s.status !== 'decommissioned').map(catalogSensor) };
}

/** `sensors[3]` or `sensors.3` in the validator's messages, whichever style it uses. */
const SENSOR_INDEX = /sensors(?:\[(\d+)\]|\.(\d+))/g;

/** Replace the validator's array positions with names people know (a sensor id, a CSV row). */
export function relabelErrors(errors: readonly string[], labelOf: (index: number) => string | undefined): string[] {
  return errors.map((e) => e.replace(SENSOR_INDEX, (whole, a: string | undefined, b: string | undefined) => labelOf(Number(a ?? b)) ?? whole));
}

export type CandidateCheck = { ok: true } | { ok: false; errors: string[] };

/**
 * The catalog the command center would run after a change, checked by the one catalog schema.
 * `sensors` is every live sensor with the change applied; `labelOf` names positions in the errors.
 */
export function checkCandidate(base: CatalogBase, sensors: readonly Sensor[], labelOf?: (index: number) => string | undefined): CandidateCheck {
  const result = validateCatalog({ city: base.city, districts: base.districts, sensors: sensors.map(catalogSensor) });
  if (result.ok) return { ok: true };
  return { ok: false, errors: relabelErrors(result.errors, labelOf ?? ((i) => (sensors[i] ? `sensor ${sensors[i].id}` : undefined))) };
}

/**
 * One sensor on its own (its links left out: they are checked with the whole catalog). For bulk
 * imports, so every row's own mistakes are reported, not just the first row's.
 */
export function checkAlone(base: CatalogBase, sensor: Record<string, unknown>, label: string): string[] {
  const { downstream: _links, ...alone } = sensor;
  const result = validateCatalog({ city: base.city, districts: base.districts, sensors: [catalogSensor(alone)] });
  return result.ok ? [] : relabelErrors(result.errors, () => label).map((e) => (e.includes(label) ? e : `${label}: ${e}`));
}

/** Field-level differences, nested objects flattened (`flood.siaga3`), arrays compared whole. */
export function diffSensors(before: Record<string, unknown> | null, after: Record<string, unknown>): FieldDiff[] {
  const out: FieldDiff[] = [];
  const walk = (a: Record<string, unknown>, b: Record<string, unknown>, prefix: string) => {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !REGISTRY_KEYS.has(k) || k === 'status').sort();
    for (const k of keys) {
      const [x, y] = [a[k], b[k]];
      if (isPlainObject(x) && isPlainObject(y)) walk(x, y, `${prefix}${k}.`);
      else if (JSON.stringify(x) !== JSON.stringify(y)) out.push({ field: prefix + k, from: x ?? null, to: y ?? null });
    }
  };
  walk(before ?? {}, after, '');
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A reason is required for every change: the history must say why. */
export function parseReason(v: unknown): { ok: true; reason: string } | { ok: false; error: string } {
  if (typeof v !== 'string' || v.trim().length === 0) return { ok: false, error: 'reason is required: say why this change is made' };
  if (v.length > MAX_REASON_CHARS) return { ok: false, error: `reason must be at most ${MAX_REASON_CHARS} characters` };
  return { ok: true, reason: v.trim() };
}
