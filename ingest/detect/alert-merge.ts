import type { Alert } from '../../src/lib/core/alert';

/**
 * Keeps what people did (acknowledge, assign, comment) on top of the detector's own copy: the web
 * applies actions to the copy it has, which may be one `updated` behind ours, so level, severity
 * and texts always come from ours.
 */
export function mergeHumanFields(ours: Alert, theirs: Alert): Alert {
  const merged: Alert = {
    ...ours,
    state: ours.state === 'acknowledged' || theirs.state === 'acknowledged' ? 'acknowledged' : ours.state,
    comments: theirs.comments.length >= ours.comments.length ? theirs.comments : ours.comments,
    updatedAt: Math.max(ours.updatedAt, theirs.updatedAt)
  };
  const ackFrom = theirs.acknowledgedAt !== undefined ? theirs : ours;
  if (ackFrom.acknowledgedAt !== undefined) {
    merged.acknowledgedAt = ackFrom.acknowledgedAt;
    merged.acknowledgedBy = ackFrom.acknowledgedBy;
  }
  const assignee = theirs.assignee ?? ours.assignee;
  if (assignee !== undefined) merged.assignee = assignee;
  return merged;
}
