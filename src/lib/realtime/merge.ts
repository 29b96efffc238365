import { SEVERITY_RANK, type Alert, type AlertEvent } from '../core/alert';
import { mergeAlertCopies } from '../core/alert-lifecycle';
import type { LiveReading } from '../core/reading';

/**
 * Upper bounds on what the browser keeps, whatever the server sends (the page runs for days). Past MAX_SENSORS
 * the sensor heard least recently goes (evictLeastRecent): the server forgets ids outside the catalog once quiet
 * and sensors the registry removed, but a wall keeps their last reading until a snapshot, and an unattended one
 * may see no snapshot for weeks. Dropping new sensors instead kept a sensor added to the registry off that wall.
 */
export const MAX_SENSORS = 20_000;
export const MAX_ALERTS = 5_000;
/** Resolved alerts stay visible this long, then drop out (the server's snapshot keeps the same hour). */
export const RESOLVED_KEEP_MS = 60 * 60_000;

/**
 * Merges buffered reading batches into a new latest-per-sensor map. An older reading never
 * replaces a newer one (batches can cross on reconnect). Past MAX_SENSORS the least recently updated go.
 */
export function mergeReadings(
  current: ReadonlyMap<string, LiveReading>,
  batches: readonly (readonly LiveReading[])[]
): Map<string, LiveReading> {
  const next = new Map(current);
  for (const batch of batches) {
    for (const r of batch) {
      const prev = next.get(r.sensorId);
      if (prev && prev.ts > r.ts) continue;
      setMostRecent(next, r.sensorId, r);
    }
  }
  return evictLeastRecent(next, MAX_SENSORS);
}

/** Sets `key` as the map's last entry: a map updated only through this keeps its entries least recently set first. */
export function setMostRecent<K, V>(map: Map<K, V>, key: K, value: V): void {
  map.delete(key);
  map.set(key, value);
}

/** Deletes the first (least recently set) entries until at most `max` remain; returns the map. */
export function evictLeastRecent<K, V>(map: Map<K, V>, max: number): Map<K, V> {
  for (const key of map.keys()) {
    if (map.size <= max) break;
    map.delete(key);
  }
  return map;
}

/**
 * Applies alert events in order; the newer copy wins, keeping what people did on the other (core mergeAlertCopies, as
 * foldAlertEvents and the server's store).
 */
export function applyAlertEvents(
  current: ReadonlyMap<string, Alert>,
  events: readonly AlertEvent[],
  now: number
): Map<string, Alert> {
  const next = new Map(current);
  for (const e of events) {
    const held = next.get(e.alert.id);
    const merged = mergeAlertCopies(e.alert, held);
    if (merged !== held) next.set(e.alert.id, merged);
  }
  return pruneAlerts(next, now);
}

/** Drops resolved alerts older than RESOLVED_KEEP_MS, then the oldest resolved ones beyond MAX_ALERTS. */
export function pruneAlerts(alerts: Map<string, Alert>, now: number): Map<string, Alert> {
  for (const [id, a] of alerts) {
    if (a.state === 'resolved' && now - (a.resolvedAt ?? a.updatedAt) > RESOLVED_KEEP_MS) alerts.delete(id);
  }
  if (alerts.size <= MAX_ALERTS) return alerts;
  // Open alerts are never dropped before resolved ones: an emergency must not disappear from view.
  const byAge = [...alerts.values()].sort((a, b) => rankForEviction(a) - rankForEviction(b));
  for (const a of byAge.slice(0, alerts.size - MAX_ALERTS)) alerts.delete(a.id);
  return alerts;
}

function rankForEviction(a: Alert): number {
  return (a.state === 'resolved' ? 0 : 1e15) + a.updatedAt;
}

/** Open alerts first, then by severity, then newest first: the order people should look at them. */
export function compareAlerts(a: Alert, b: Alert): number {
  const open = Number(b.state !== 'resolved') - Number(a.state !== 'resolved');
  if (open) return open;
  const sev = SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity];
  if (sev) return sev;
  return b.raisedAt - a.raisedAt;
}
