// One sensor+rule's held record and the plain steps on it (new entry, peak, stamps, a raised alert's shape): apart from alert-policy.ts, which decides when.
import { ALERT_SEVERITIES, SEVERITY_RANK, type Alert, type AlertEvent, type AlertRule, type AlertSeverity, type Finding } from '../../src/lib/core/alert';
import type { Sensor } from '../../src/lib/core/sensor';
import { MAINTENANCE_RULES } from './alert-policy-options';
import type { Told } from './alert-refresh';

/** The answer "no events" (nearly every call): shared and frozen, never pushed to. */
export const NONE: AlertEvent[] = Object.freeze([]) as unknown as AlertEvent[];

export interface Entry {
  sensor: Sensor;
  rule: AlertRule;
  alert: Alert | null;
  /** When the finding turned active while no alert was open; null when not pending. */
  pendingSince: number | null;
  /** Active readings since pendingSince. */
  pendingCount: number;
  /** Last time the finding was seen active; NaN for an alert adopted from outside, not yet seen. */
  lastActiveAt: number;
  lastFinding: Finding | null;
  /** After a person resolved it, the alert may not re-raise before this time, unless worse than what they resolved. */
  suppressUntil: number;
  /** The worst level and severity rank of the alert a person resolved (with suppressUntil). */
  suppressedLevel: number;
  suppressedRank: number;
  /** Times of the most recent raises, oldest first, at most flapMaxRaises. */
  raises: number[];
  /** Id of the last alert closed here, so a late echo of it is not adopted as open again. */
  lastClosedId: string | null;
  /** The open alert's worst level and severity rank so far: only going past them is news. */
  peakLevel: number;
  peakRank: number;
  /** What the open alert's texts last said of its expected time, and when (alert-refresh.ts). */
  told: Told;
}

export function newEntry(sensor: Sensor, rule: AlertRule): Entry {
  return { sensor, rule, alert: null, pendingSince: null, pendingCount: 0, lastActiveAt: -Infinity, lastFinding: null, suppressUntil: -Infinity, suppressedLevel: 0, suppressedRank: 0, raises: [], lastClosedId: null, peakLevel: 0, peakRank: 0, told: { expectedAt: undefined, at: -Infinity } };
}

export function raiseSeverity(s: AlertSeverity): AlertSeverity {
  return s === 'info' ? 'warning' : 'critical';
}

/**
 * An alert's next updatedAt: its readings' time, but always after its last change. A person's
 * acknowledgement is stamped on the web's clock, and a sensor's readings may run behind it; the
 * command center keeps the newest copy of an alert by updatedAt, so a later change stamped
 * earlier (an escalation right after an acknowledgement) would be ignored there.
 * Events carry it as their time too: they are stored at it, and readers that take an alert's last
 * event by time (the notifier's restore, the look-back's LAST) read a resolution made on a sensor
 * minutes behind as older than the worsening before it, and held the alert open.
 */
export function later(a: Alert, at: number): number {
  return Math.max(at, a.updatedAt + 1);
}

/** The entry's peak after `a`, written onto `a` too (a restart restores it from the stored alert). */
export function setPeak(e: Entry, a: Alert): void {
  e.peakLevel = Math.max(e.peakLevel, a.level, a.peakLevel ?? 0);
  e.peakRank = Math.max(e.peakRank, SEVERITY_RANK[a.severity], a.peakSeverity ? SEVERITY_RANK[a.peakSeverity] : 0);
  a.peakLevel = e.peakLevel;
  a.peakSeverity = ALERT_SEVERITIES[e.peakRank];
}

/** The entry holds `a` as a new open alert: its peak starts from `a`'s own. */
export function holdAlert(e: Entry, a: Alert): void {
  e.alert = a;
  e.peakLevel = e.peakRank = 0;
  setPeak(e, a);
  // not known for an alert adopted from outside: its first finding with an expected time tells it
  e.told = { expectedAt: undefined, at: -Infinity };
}

/** The entry no longer waits for a finding to hold. */
export function clearPending(e: Entry): void {
  e.pendingSince = null;
  e.pendingCount = 0;
}

/** The alert a finding raises at `at` on sensor `s`. */
export function alertFromFinding(s: Sensor, f: Finding, at: number): Alert {
  const alert: Alert = {
    id: `${s.id}:${f.rule}:${at}`,
    sensorId: s.id,
    sensorName: s.name,
    kind: s.kind,
    district: s.district,
    rule: f.rule,
    category: MAINTENANCE_RULES.has(f.rule) ? 'maintenance' : f.category,
    severity: f.severity,
    level: f.level,
    title: f.title,
    explanation: f.explanation,
    action: f.action,
    value: f.value,
    state: 'raised',
    raisedAt: at,
    updatedAt: at,
    comments: []
  };
  if (f.valueField !== undefined) alert.valueField = f.valueField;
  if (f.normal !== undefined) alert.normal = f.normal;
  return alert;
}
