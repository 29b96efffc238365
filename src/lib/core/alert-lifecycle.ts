import type { Alert, AlertComment, AlertEvent, AlertStep } from './alert';
import type { AlertAction } from './events';
import { reject, type Rejection } from './errors';
import { boundComments, commentProblem, MAX_COMMENT_CHARS } from './alert-comments';

export { MAX_COMMENT_CHARS };
/** Procedures have a handful of steps; this bounds what a client can make an alert carry. */
export const MAX_ALERT_STEPS = 50;
export const STEP_ID_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
const NAME_PATTERN = /^[\p{L}\p{N} ._@-]{1,64}$/u;

/**
 * Why an action is refused: stable codes that go to the client as sent, which words each in the
 * reader's language (i18n/error-text.ts); an English sentence here reached the Indonesian UI as is.
 */
export const ACTION_REFUSALS = {
  alreadyResolved: 'alert is already resolved',
  alreadyAcknowledged: 'alert is already acknowledged',
  worsened: 'alert got worse since the copy acknowledged',
  badAssignee: 'invalid assignee',
  emptyComment: 'empty comment',
  longComment: 'comment too long',
  controlInComment: 'comment has control characters',
  badStepId: 'invalid step id',
  badStepDone: 'invalid step state',
  tooManySteps: 'too many steps',
  unknownAction: 'unknown action'
} as const;

const COMMENT_REFUSALS = {
  empty: ACTION_REFUSALS.emptyComment,
  long: ACTION_REFUSALS.longComment,
  control: ACTION_REFUSALS.controlInComment
} as const;

/**
 * Applies a person's action to an alert: acknowledge, assign, comment, tick a procedure step or resolve.
 * Pure: returns the event to publish and store, or why the action is refused.
 */
export function applyAlertAction(alert: Alert, action: AlertAction, by: string, at: number): AlertEvent | Rejection {
  if (alert.state === 'resolved') return reject('bad_shape', ACTION_REFUSALS.alreadyResolved);
  const next: Alert = { ...alert, comments: [...alert.comments], updatedAt: at };
  switch (action.action) {
    case 'acknowledge':
      if (alert.state === 'acknowledged') return reject('bad_shape', ACTION_REFUSALS.alreadyAcknowledged);
      // Made on a copy from before a worsening this one carries (the console had not shown it yet): it was for the
      // milder condition, and taken here it would end the new round of paging unseen.
      if (action.version !== undefined && alertVersion(alert) > action.version) return reject('bad_shape', ACTION_REFUSALS.worsened);
      next.state = 'acknowledged';
      next.acknowledgedAt = at;
      next.acknowledgedBy = by;
      if (action.via) next.acknowledgedVia = action.via;
      return { type: 'acknowledged', at, by, alert: next };
    case 'assign':
      if (typeof action.assignee !== 'string' || !NAME_PATTERN.test(action.assignee)) return reject('bad_shape', ACTION_REFUSALS.badAssignee);
      next.assignee = action.assignee;
      return { type: 'assigned', at, by, alert: next };
    case 'comment': {
      const text = typeof action.text === 'string' ? action.text.trim() : '';
      const problem = commentProblem(text);
      if (problem) return reject('bad_shape', COMMENT_REFUSALS[problem]);
      next.comments = boundComments([...next.comments, { by, at, text }]);
      return { type: 'commented', at, by, alert: next };
    }
    case 'step': {
      if (typeof action.stepId !== 'string' || !STEP_ID_PATTERN.test(action.stepId)) return reject('bad_shape', ACTION_REFUSALS.badStepId);
      if (typeof action.done !== 'boolean') return reject('bad_shape', ACTION_REFUSALS.badStepDone);
      const others = (alert.steps ?? []).filter((s) => s.id !== action.stepId);
      if (others.length >= MAX_ALERT_STEPS) return reject('bad_shape', ACTION_REFUSALS.tooManySteps);
      next.steps = [...others, { id: action.stepId, done: action.done, by, at }];
      return { type: 'stepped', at, by, alert: next };
    }
    case 'resolve':
      next.state = 'resolved';
      next.resolvedAt = at;
      next.resolvedBy = by;
      return { type: 'resolved', at, by, alert: next };
    default:
      return reject('bad_shape', ACTION_REFUSALS.unknownAction);
  }
}

/**
 * Which of two copies of one alert is the newer: > 0 when `a` is, < 0 when `b` is, 0 when neither (same version,
 * same updatedAt). Clocks alone cannot tell: a person's action is stamped with the web's clock on the copy the web
 * had, so an acknowledgement made before a worsening reached the web is dated after it, and the ingest refuses it
 * (ingest/detect/alert-merge.ts). So, in order:
 * - a resolution is final: the ingest accepts a person's resolution on any copy, and never reopens an alert id;
 * - the larger `worsenedAt` (a version only the ingest sets, only growing; none is oldest);
 * - the later `updatedAt`.
 */
export function compareAlertCopies(a: Alert, b: Alert): number {
  const closed = Number(a.state === 'resolved') - Number(b.state === 'resolved');
  if (closed !== 0) return closed;
  // a version that is no number (a hand-written or damaged copy) counts as none: one such copy must
  // not win both ways and freeze the alert on every wall
  const wa = versionOf(a);
  const wb = versionOf(b);
  if (wa !== wb) return wa > wb ? 1 : -1;
  return a.updatedAt - b.updatedAt;
}

function versionOf(a: Alert): number {
  return typeof a.worsenedAt === 'number' && Number.isFinite(a.worsenedAt) ? a.worsenedAt : -Infinity;
}

/**
 * The alert's version as people's actions and links name it: its `worsenedAt`, 0 when it never got worse (or the
 * number is damaged). An acknowledgement or link for a smaller version was made on a milder state.
 */
export function alertVersion(a: Alert): number {
  return Math.max(0, versionOf(a));
}

/** Whether `candidate` replaces the copy `held`: newer by compareAlertCopies, or as new (the later in order wins a tie). */
export function newerCopy(candidate: Alert, held: Alert | undefined): boolean {
  return !held || compareAlertCopies(candidate, held) >= 0;
}

/**
 * The copy to hold once `candidate` meets `held`: the newer (newerCopy), with what people did that only the other has
 * (comments, the assignee, each step's newest tick). An assignment made on the web's copy from before a worsening is
 * merged by the ingest (mergeHumanFields) but published only with its next event for the alert, so the worsened copy
 * that wins lacks it; and the fold reads the two in time order, either first. The acknowledgement only onto an open,
 * unacknowledged copy of the same version (carriedAck): one of the milder condition does not carry over a worsening (the
 * ingest refuses it too), and a resolution is final. The newer copy itself when nothing is carried, so callers can tell
 * a change by identity.
 */
export function mergeAlertCopies(candidate: Alert, held: Alert | undefined): Alert {
  if (!held) return candidate;
  const [newer, older] = newerCopy(candidate, held) ? [candidate, held] : [held, candidate];
  const comments = unionComments(newer.comments, older.comments);
  const steps = unionSteps(newer.steps, older.steps);
  const assignee = newer.assignee ?? older.assignee;
  const ack = carriedAck(newer, older);
  if (comments === newer.comments && steps === newer.steps && assignee === newer.assignee && !ack) return newer;
  const merged: Alert = { ...newer, comments, ...ack };
  if (assignee !== undefined) merged.assignee = assignee;
  if (steps !== undefined) merged.steps = steps;
  return merged;
}

/**
 * Whether `copy` holds an acknowledgement that stands for the copy `of`: made on its version or a later one. Within a
 * version an acknowledgement is never taken back (only a worsening, a new version, reopens an alert), so a copy of the
 * same version without it was stamped before the acknowledgement reached whoever stamped it: the ingest's silent
 * `updated` (a forecast warning's refresh, every ~30 min) published before it merged a person's acknowledgement dated
 * earlier on the web's clock. The rule the ingest merges a person's acknowledgement by too (mergeHumanFields).
 */
export function acknowledgesVersion(copy: Alert, of: Alert): boolean {
  return copy.state === 'acknowledged' && copy.acknowledgedAt !== undefined && versionOf(copy) >= versionOf(of);
}

/** What an acknowledgement sets on an alert (applyAlertAction): carried together or not at all. */
type AckFields = Pick<Alert, 'state' | 'acknowledgedAt' | 'acknowledgedBy' | 'acknowledgedVia'>;

/** `older`'s acknowledgement for the open, unacknowledged `newer` of its version; null when none carries. */
function carriedAck(newer: Alert, older: Alert): AckFields | null {
  if (newer.state !== 'raised' || !acknowledgesVersion(older, newer)) return null;
  const ack: AckFields = { state: 'acknowledged', acknowledgedAt: older.acknowledgedAt };
  if (older.acknowledgedBy !== undefined) ack.acknowledgedBy = older.acknowledgedBy;
  if (older.acknowledgedVia !== undefined) ack.acknowledgedVia = older.acknowledgedVia;
  return ack;
}

/** Both lists' comments once each, oldest first, bounded as applyAlertAction bounds them; `newer` itself if it has all. */
export function unionComments(newer: readonly AlertComment[], older: readonly AlertComment[]): AlertComment[] {
  const key = (c: AlertComment) => `${c.at}|${c.by}|${c.text}`;
  const have = new Set((newer ?? []).map(key));
  const missing = (older ?? []).filter((c) => !have.has(key(c)));
  if (missing.length === 0) return newer as AlertComment[];
  return boundComments([...newer, ...missing].sort((a, b) => a.at - b.at));
}

/** Each step's newest tick from either copy (the newer copy's on a tie), bounded; `newer` itself if none is newer. */
export function unionSteps(newer: readonly AlertStep[] | undefined, older: readonly AlertStep[] | undefined): AlertStep[] | undefined {
  const byId = new Map((newer ?? []).map((s) => [s.id, s]));
  const fresher = (older ?? []).filter((s) => (byId.get(s.id)?.at ?? -Infinity) < s.at);
  if (fresher.length === 0) return newer as AlertStep[] | undefined;
  for (const s of fresher) byId.set(s.id, s);
  return [...byId.values()].sort((a, b) => a.at - b.at).slice(-MAX_ALERT_STEPS);
}

/** Rebuilds current alerts from stored events: the newest copy per alert id wins, with people's fields (mergeAlertCopies). */
export function foldAlertEvents(events: Iterable<AlertEvent>): Map<string, Alert> {
  const alerts = new Map<string, Alert>();
  for (const e of events) alerts.set(e.alert.id, mergeAlertCopies(e.alert, alerts.get(e.alert.id)));
  return alerts;
}
