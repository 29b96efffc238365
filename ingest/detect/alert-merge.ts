import type { Alert, AlertStep } from '../../src/lib/core/alert';
import { MAX_ALERT_STEPS } from '../../src/lib/core/alert-lifecycle';

/**
 * Keeps what people did (acknowledge, assign, comment, tick procedure steps) on top of the detector's own copy: the web
 * applies actions to the copy it has, which may be one `updated` behind ours, so level, severity
 * and texts always come from ours.
 */
export function mergeHumanFields(ours: Alert, theirs: Alert): Alert {
  // An acknowledgement made on a copy from before the alert got worse was for the milder condition
  // (reopened): told by the copy's worsenedAt, a version, not by clocks (a person's acknowledgement
  // carries the web's clock, the worsening the ingest's).
  const theirAck = theirs.acknowledgedAt !== undefined && (theirs.worsenedAt ?? -Infinity) >= (ours.worsenedAt ?? -Infinity);
  const merged: Alert = {
    ...ours,
    state: ours.state === 'acknowledged' || (theirs.state === 'acknowledged' && theirAck) ? 'acknowledged' : ours.state,
    comments: theirs.comments.length >= ours.comments.length ? theirs.comments : ours.comments,
    updatedAt: Math.max(ours.updatedAt, theirs.updatedAt)
  };
  const ackFrom = theirAck ? theirs : ours;
  if (ackFrom.acknowledgedAt !== undefined) {
    merged.acknowledgedAt = ackFrom.acknowledgedAt;
    merged.acknowledgedBy = ackFrom.acknowledgedBy;
    if (ackFrom.acknowledgedVia !== undefined) merged.acknowledgedVia = ackFrom.acknowledgedVia;
  }
  const assignee = theirs.assignee ?? ours.assignee;
  if (assignee !== undefined) merged.assignee = assignee;
  const steps = mergeSteps(ours.steps, theirs.steps);
  if (steps) merged.steps = steps;
  return merged;
}

/**
 * Each step's newest tick from either copy. Without this the detector's next event (a newer copy
 * without them) took the operator's ticked checklist off the console.
 */
function mergeSteps(ours: readonly AlertStep[] | undefined, theirs: readonly AlertStep[] | undefined): AlertStep[] | undefined {
  if (!ours?.length) return theirs?.length ? [...theirs] : undefined;
  if (!theirs?.length) return [...ours];
  const byId = new Map<string, AlertStep>();
  for (const s of [...ours, ...theirs]) {
    const held = byId.get(s.id);
    if (!held || held.at <= s.at) byId.set(s.id, s);
  }
  // Both copies are bounded; their union is bounded again, keeping the newest ticks.
  return [...byId.values()].sort((a, b) => a.at - b.at).slice(-MAX_ALERT_STEPS);
}

/**
 * An open alert that got worse, on the ingest's clock at `at` (acknowledge links are checked against
 * it): unacknowledged again (assignee, comments and steps kept).
 */
export function reopened(alert: Alert, at: number): Alert {
  const { acknowledgedAt: _a, acknowledgedBy: _b, acknowledgedVia: _v, ...rest } = alert;
  return { ...rest, state: 'raised', worsenedAt: at };
}
