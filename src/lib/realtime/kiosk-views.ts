import { SEVERITY_RANK, type Alert } from '../core/alert';
import type { Catalog, SensorKind, Sensor } from '../core/sensor';

/** [[west, south], [east, north]] in degrees. */
export type Bounds = [[number, number], [number, number]];

export type KioskViewKind = 'city' | 'flood' | 'air' | 'traffic' | 'district';

export interface KioskView {
  /** Stable id (`city`, `flood`, `district:Sungai Pinang`): the map flies only when it changes. */
  id: string;
  kind: KioskViewKind;
  district?: string;
  /** Sensor kinds shown; null = all. */
  kinds: SensorKind[] | null;
  bounds: Bounds;
}

/** Degrees added around a view so edge sensors are not under the panels (~1 km). */
const MARGIN_DEG = 0.01;
export const DEFAULT_ROTATE_S = 20;
export const MIN_ROTATE_S = 3;
export const MAX_ROTATE_S = 600;
/** How long the wall stays on a new critical alert before it rotates again. */
export const ALERT_HOLD_MS = 30_000;

export function boundsOf(points: ReadonlyArray<{ lat: number; lon: number }>): Bounds | null {
  const ok = points.filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.lon));
  if (ok.length === 0) return null;
  const lons = ok.map((p) => p.lon);
  const lats = ok.map((p) => p.lat);
  return [
    [Math.min(...lons) - MARGIN_DEG, Math.min(...lats) - MARGIN_DEG],
    [Math.max(...lons) + MARGIN_DEG, Math.max(...lats) + MARGIN_DEG]
  ];
}

/** Samarinda's centre, for an empty catalog. */
const CITY_FALLBACK: Bounds = [[117.05, -0.6], [117.25, -0.4]];

/**
 * The views a kiosk wall rotates through: whole city, flood (the flood gauges, which sit along the
 * Karang Mumus), air, traffic, then every district with an open alert (worst first).
 */
export function buildKioskViews(catalog: Catalog, alerts: Iterable<Alert>): KioskView[] {
  const all = catalog.sensors;
  const city = boundsOf(all) ?? CITY_FALLBACK;
  const views: KioskView[] = [{ id: 'city', kind: 'city', kinds: null, bounds: city }];
  for (const kind of ['flood', 'air', 'traffic'] as const) {
    const b = boundsOf(all.filter((s) => s.kind === kind));
    if (b) views.push({ id: kind, kind, kinds: [kind], bounds: b });
  }
  const worst = new Map<string, number>();
  for (const a of alerts) {
    if (a.state === 'resolved') continue;
    worst.set(a.district, Math.max(worst.get(a.district) ?? -1, SEVERITY_RANK[a.severity]));
  }
  const districts = [...worst.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  for (const [name] of districts) {
    const d = catalog.districts.find((x) => x.name === name);
    const points: Array<{ lat: number; lon: number }> = all.filter((s) => s.district === name);
    if (d) points.push(d);
    const b = boundsOf(points);
    if (b) views.push({ id: `district:${name}`, kind: 'district', district: name, kinds: null, bounds: b });
  }
  return views;
}

/**
 * Times here are on a monotonic clock (the page passes performance.now()): the wall's clock may be stepped
 * (NTP after boot, a wake from sleep), and a step back of an hour stopped the rotation for that hour.
 */
export interface RotationState {
  /** Id of the view on screen (kept across rebuilt view lists). */
  viewId: string;
  /** When the current view came up, ms. */
  since: number;
  /** A new critical alert being shown since `at`; rotation pauses until `until`. */
  focus: { alertId: string; at: number; until: number } | null;
}

export function startRotation(now: number): RotationState {
  return { viewId: 'city', since: now, focus: null };
}

/**
 * Advances the rotation: after `intervalMs` on a view, the next one in the list; a focused alert
 * holds the screen until its time is up, then rotation resumes where it was.
 */
export function advanceRotation(state: RotationState, views: readonly KioskView[], now: number, intervalMs: number): RotationState {
  const { focus } = state;
  // Time went backwards (a clock that is not monotonic after all): count from now, never wait for the lost time.
  if (focus && now < focus.at) return { ...state, since: now, focus: { ...focus, at: now, until: now + (focus.until - focus.at) } };
  if (now < state.since) return { ...state, since: now };
  if (focus) {
    if (now < focus.until) return state;
    return { ...state, focus: null, since: now };
  }
  if (now - state.since < intervalMs || views.length === 0) return state;
  const i = views.findIndex((v) => v.id === state.viewId);
  // A district view vanishes when its alerts resolve: go on from the start.
  const next = views[(i + 1) % views.length];
  return { viewId: next.id, since: now, focus: null };
}

export function focusAlert(state: RotationState, alertId: string, now: number, holdMs = ALERT_HOLD_MS): RotationState {
  return { ...state, focus: { alertId, at: now, until: now + holdMs } };
}

/** The rotation interval from `?rotate=<seconds>`, clamped. */
export function parseRotateSeconds(value: string | null): number {
  const n = Number(value);
  if (value === null || value.trim() === '' || !Number.isFinite(n)) return DEFAULT_ROTATE_S;
  return Math.min(MAX_ROTATE_S, Math.max(MIN_ROTATE_S, n));
}

/** Per catalog sensor list, the list of each kind set asked for (a handful: one per view kind); dropped with the catalog. */
const viewSensors = new WeakMap<readonly Sensor[], Map<string, readonly Sensor[]>>();

/**
 * The sensors a view shows: the same array for the same sensors and kinds, though every alert event rebuilds the
 * views. The map re-sends its whole sensor source when the array changes (a second of CPU for a big city).
 */
export function sensorsForView(sensors: readonly Sensor[], view: KioskView | undefined): readonly Sensor[] {
  if (!view?.kinds) return sensors;
  const kinds = view.kinds;
  let byKinds = viewSensors.get(sensors);
  if (!byKinds) viewSensors.set(sensors, (byKinds = new Map()));
  const key = [...kinds].sort().join(',');
  let shown = byKinds.get(key);
  if (!shown) byKinds.set(key, (shown = sensors.filter((s) => kinds.includes(s.kind))));
  return shown;
}
