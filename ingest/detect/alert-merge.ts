import type { Alert } from '../../src/lib/core/alert';
import { acknowledgesVersion, unionComments, unionSteps } from '../../src/lib/core/alert-lifecycle';

/**
 * Keeps what people did (acknowledge, assign, comment, tick procedure steps) on top of the detector's own copy: the web
 * applies actions to the copy it has, which may be one `updated` behind ours, so level, severity
 * and texts always come from ours.
 */
export function mergeHumanFields(ours: Alert, theirs: Alert): Alert {
  // An acknowledgement made on a copy from before the alert got worse was for the milder condition
  // (reopened): told by the copy's worsenedAt, a version, not by clocks (a person's acknowledgement
  // carries the web's clock, the worsening the ingest's). One of our version stands though we published
  // an update since (a refresh stamped after it): the web's merge takes it by the same rule.
  const theirAck = acknowledgesVersion(theirs, ours);
  const merged: Alert = {
    ...ours,
    state: ours.state === 'acknowledged' || theirAck ? 'acknowledged' : ours.state,
    // a comment made on either copy (the web's, or ours carrying one from before) is kept
    comments: unionComments(theirs.comments, ours.comments),
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
  // each step's newest tick (the detector's next event, a newer copy without them, took the checklist off the console)
  const steps = unionSteps(theirs.steps, ours.steps);
  if (steps) merged.steps = steps;
  return merged;
}

/**
 * An open alert that got worse, on the ingest's clock at `at` (acknowledge links are checked against
 * it): unacknowledged again (assignee, comments and steps kept).
 */
export function reopened(alert: Alert, at: number): Alert {
  const { acknowledgedAt: _a, acknowledgedBy: _b, acknowledgedVia: _v, ...rest } = alert;
  return { ...rest, state: 'raised', worsenedAt: at };
}
