import type { Alert } from '../core/alert';
import { SENSOR_KINDS, type Catalog, type SensorKind } from '../core/sensor';
import type { LiveReading } from '../core/reading';
import { isStale } from '../format/severity';

export interface DistrictSummary {
  name: string;
  code: string;
  /** Worst current (non-stale) severity per kind; −1 = no live reading; absent = no sensor of that kind. */
  worst: Partial<Record<SensorKind, number>>;
  /** Worst of the kinds, −1 when nothing live. */
  overall: number;
  openAlerts: Alert[];
  sensorCount: number;
}

/** Per kecamatan: the worst live state of each kind and its open alerts (pure, for the table and the map fill). */
export function summarizeDistricts(catalog: Catalog, readings: ReadonlyMap<string, LiveReading>, alerts: Iterable<Alert>, now: number): DistrictSummary[] {
  const byName = new Map<string, DistrictSummary>();
  for (const d of catalog.districts) byName.set(d.name, { name: d.name, code: d.code, worst: {}, overall: -1, openAlerts: [], sensorCount: 0 });
  for (const s of catalog.sensors) {
    const d = byName.get(s.district);
    if (!d) continue;
    d.sensorCount++;
    const r = readings.get(s.id);
    const severity = r && !isStale(r.ts, s.intervalS, now) ? r.severity : -1;
    d.worst[s.kind] = Math.max(d.worst[s.kind] ?? -1, severity);
    d.overall = Math.max(d.overall, severity);
  }
  for (const a of alerts) {
    if (a.state === 'resolved') continue;
    byName.get(a.district)?.openAlerts.push(a);
  }
  for (const d of byName.values()) d.openAlerts.sort((a, b) => b.raisedAt - a.raisedAt);
  return [...byName.values()].sort((a, b) => b.overall - a.overall || b.openAlerts.length - a.openAlerts.length || a.name.localeCompare(b.name));
}

export { SENSOR_KINDS };
