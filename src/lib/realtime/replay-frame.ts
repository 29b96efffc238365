import type { Alert, AlertEvent } from '../core/alert';
import { mergeAlertCopies } from '../core/alert-lifecycle';
import type { ReplayData } from '../core/history';
import type { LiveReading } from '../core/reading';
import type { Sensor } from '../core/sensor';
import { parseWitaTime } from '../core/wita-time';

/** Index of the last element with time ≤ t in a sorted list, or −1. */
function lastAtOrBefore<T>(list: readonly T[], t: number, timeOf: (x: T) => number): number {
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (timeOf(list[mid]) <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * The city at time `t`: each sensor's latest bucket at or before `t`, dated at the bucket's end (the
 * value held until then), so staleness against `t` works as it does live.
 */
export function readingsAt(data: ReplayData, sensors: ReadonlyMap<string, Sensor>, t: number): Map<string, LiveReading> {
  const out = new Map<string, LiveReading>();
  const stepMs = data.stepS * 1000;
  for (const [id, points] of Object.entries(data.sensors)) {
    const sensor = sensors.get(id);
    const i = lastAtOrBefore(points, t, (p) => p[0]);
    if (!sensor || i < 0) continue;
    const [ts, severity, values, state] = points[i];
    out.set(id, { sensorId: id, kind: sensor.kind, ts: Math.min(t, ts + stepMs), values, district: sensor.district, severity, state });
  }
  return out;
}

/**
 * Alerts as they stood at `t` (events in time order, up to `t`), open ones first. The newest copy per alert as the wall
 * chose it (core mergeAlertCopies), not the last by time: an acknowledgement made on the copy from before a worsening is
 * stamped after it on the web's clock, and the ingest refused it.
 */
export function alertsAt(events: readonly AlertEvent[], t: number): Alert[] {
  const byId = new Map<string, Alert>();
  for (const e of events) {
    if (e.at > t) break;
    byId.set(e.alert.id, mergeAlertCopies(e.alert, byId.get(e.alert.id)));
  }
  return [...byId.values()].sort((a, b) => Number(a.state === 'resolved') - Number(b.state === 'resolved') || b.updatedAt - a.updatedAt);
}

export const REPLAY_SPEEDS = [1, 10, 60, 300, 900, 3600] as const;

/**
 * Query-string state of the replay page, clamped. Times are read as /api/replay reads them (a date
 * or a time without a zone is WITA): Date.parse read a zone-less time in the browser's zone and a
 * date alone as UTC, so a shared link showed another window than the one the API was asked for.
 */
export function parseReplayParams(q: URLSearchParams, now: number): { from: number; to: number; speed: number; t: number | null; badTime: boolean } {
  let badTime = false;
  const num = (k: string) => {
    const v = q.get(k);
    if (!v) return null;
    const ms = parseWitaTime(v.trim().slice(0, 40));
    // A link with a time that is none (30 February) is said, not quietly shown as the last 6 h.
    if (ms === null) badTime = true;
    return ms;
  };
  const to = num('to') ?? now;
  const from = num('from') ?? to - 6 * 3_600_000;
  const speedAsked = Number(q.get('speed'));
  const speed = (REPLAY_SPEEDS as readonly number[]).includes(speedAsked) ? speedAsked : 60;
  const t = num('t');
  return { from, to, speed, t: t === null ? null : Math.min(to, Math.max(from, t)), badTime };
}
