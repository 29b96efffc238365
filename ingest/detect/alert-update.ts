/**
 * What an open alert says next, apart from when it is raised or resolved (alert-policy.ts decides those): a finding's
 * update, where worse than ever is news that reopens and pages; the escalation of an alert left unacknowledged; and the
 * quiet mark of an alert held open past its condition.
 */
import { SEVERITY_RANK, type Alert, type AlertEvent, type AlertRule, type Finding } from '../../src/lib/core/alert';
import { later, NONE, raiseSeverity, setPeak, type Entry } from './alert-entry';
import { withHoldNote } from './alert-hold';
import { isUnchecked } from './alert-unchecked';
import { reopened } from './alert-merge';
import { autoResolveQuietMs, type AlertPolicyOptions } from './alert-policy-options';
import type { ClockOf, IntervalOf } from './alert-policy';
import { escalationTexts, refreshDue } from './alert-refresh';
import { FROZEN_NOTE_MARK } from './texts';

/** What these steps read of the policy holding the entry: its options (flapHold: o.flapHoldRules), the engine's interval and clock. */
export interface PolicyView {
  o: AlertPolicyOptions;
  flapHold: ReadonlySet<AlertRule>;
  intervalOf: IntervalOf;
  clockOf: ClockOf;
}

/**
 * Whether finding f states the kind of condition open alert a does. A normal that comes or goes is another: a frozen
 * jump's (its level before) turned datum step (none) went on saying the frozen jump, and after a restart sensor_step did
 * not take up the step (resume). Not where the value's measure changed with it (valueField): congestion's normal is a
 * speed's only, and a loop detector whose speed comes and goes in a jam was told at every reading. So is a note that the
 * readings may be a logger's fault (Finding.suspectReadings): read from the alert's explanation, which a restart
 * restores, as the hold note is (alert-hold.ts).
 */
function sameKind(a: Alert, f: Finding): boolean {
  const sameNormal = (f.normal === undefined) === (a.normal === undefined) || f.valueField !== a.valueField;
  return sameNormal && !!f.suspectReadings === a.explanation.en.includes(FROZEN_NOTE_MARK.en);
}

/**
 * Entry e's open alert told finding f at `at`. `tell`: an event even for the same condition (an alert folded into this
 * one: its value and texts are news here).
 */
export function updateAlert(e: Entry, f: Finding, at: number, v: PolicyView, tell = false): AlertEvent[] {
  const a = e.alert!;
  const severity = a.escalated ? raiseSeverity(f.severity) : f.severity;
  const same = f.level === a.level && severity === a.severity && a.quietSince === undefined && a.heldSince === undefined && sameKind(a, f);
  // Same condition: told again only when its expected time moved enough or passed (alert-refresh.ts).
  if (same && !tell && !refreshDue(e.told, f.expectedAt, at, v.intervalOf(e.sensor))) return NONE;
  e.told = { expectedAt: f.expectedAt, at };
  // valueField and normal go with this value: a speed after an occupancy must not keep the occupancy's label; the finding's texts replace
  // an unchecked warning's (alert-unchecked.ts), so its state goes with them
  const { quietSince: _q, closesAt: _c, valueField: _v, normal: _n, heldSince: _h, uncheckedSince: _u, ...rest } = a;
  const next: Alert = { ...rest, level: f.level, severity, title: f.title, explanation: f.explanation, action: f.action, value: f.value, updatedAt: later(a, at) };
  if (f.valueField !== undefined) next.valueField = f.valueField;
  if (f.normal !== undefined) next.normal = f.normal;
  // Worse than ever in this alert (Siaga 3 → Siaga 2, warning → critical) is news: the
  // acknowledgement was for the milder condition, and as an update it paged nobody once
  // acknowledged. Better, or back to a level already had, stays an update (no page per wobble).
  const worse = f.level > e.peakLevel || SEVERITY_RANK[severity] > e.peakRank;
  setPeak(e, next);
  if (!worse) return [{ type: 'updated', at: next.updatedAt, by: v.o.by, alert: (e.alert = next) }];
  // News on the clock people act on: after any acknowledgement applied (its updatedAt), and when the
  // ingest saw it (a reading from a sensor behind the clock is older than the page it causes).
  const clock = v.clockOf();
  // a version per worsening: the clock is the last tick's, the same for two worsenings between ticks
  const seen = Math.max(Number.isFinite(clock) ? clock : at, (a.worsenedAt ?? -Infinity) + 1);
  const stamp = Math.max(at, seen, a.updatedAt + 1);
  e.alert = reopened({ ...next, updatedAt: stamp }, seen);
  return [{ type: 'escalated', at: stamp, by: v.o.by, alert: e.alert }];
}

/** Entry e's open alert at `now`, escalated when it has stayed unacknowledged too long (escalateAfterMs). */
export function maybeEscalate(e: Entry, now: number, v: PolicyView): AlertEvent[] {
  const [a, o] = [e.alert, v.o];
  if (!a || a.state !== 'raised' || a.escalated) return NONE;
  if (a.category === 'maintenance' && !o.escalateMaintenance) return NONE;
  const after = o.escalateAfterMs[a.severity];
  if (after === null || now - (a.worsenedAt ?? a.raisedAt) < Math.max(after, o.escalateAfterIntervals * v.intervalOf(e.sensor))) return NONE;
  const next: Alert = { ...a, escalated: true, severity: raiseSeverity(a.severity), updatedAt: later(a, now) };
  // A page after the time its alert told states no passed time as expected (alert-refresh.ts). What
  // it told stays e.told: the next reading tells the newest forecast at once.
  const texts = escalationTexts(e.told, e.lastFinding, now);
  // an unchecked warning's texts say what is known now (alert-unchecked.ts), not a finding from before its fault
  if (texts && !isUnchecked(a)) Object.assign(next, texts, { explanation: withHoldNote(a, texts.explanation) });
  e.alert = next;
  setPeak(e, next);
  return [{ type: 'escalated', at: next.updatedAt, by: o.by, alert: next }];
}

/**
 * An alert held open past its condition (flapHoldRules) says so as the condition ends: quiet
 * since its last active reading, closing itself at the end of the hold. Operators would otherwise
 * read an alert open for hours as a condition that still holds.
 */
export function markQuiet(e: Entry, at: number, v: PolicyView): AlertEvent[] {
  const a = e.alert;
  if (!a || !v.flapHold.has(e.rule) || a.quietSince !== undefined || !Number.isFinite(e.lastActiveAt)) return NONE;
  const closesAt = e.lastActiveAt + autoResolveQuietMs(v.o, e.rule, v.intervalOf(e.sensor));
  const next: Alert = { ...a, quietSince: e.lastActiveAt, closesAt, updatedAt: later(a, at) };
  e.alert = next;
  return [{ type: 'updated', at: next.updatedAt, by: v.o.by, alert: next }];
}
