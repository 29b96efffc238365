import type { Alert, AlertEvent } from './alert';
import type { AlertAction } from './events';
import { reject, type Rejection } from './errors';

const MAX_COMMENTS = 100;
export const MAX_COMMENT_CHARS = 1_000;
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
  badAssignee: 'invalid assignee',
  emptyComment: 'empty comment',
  longComment: 'comment too long',
  badStepId: 'invalid step id',
  badStepDone: 'invalid step state',
  tooManySteps: 'too many steps',
  unknownAction: 'unknown action'
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
      if (!text) return reject('bad_shape', ACTION_REFUSALS.emptyComment);
      if (text.length > MAX_COMMENT_CHARS) return reject('bad_shape', ACTION_REFUSALS.longComment);
      next.comments = [...next.comments, { by, at, text }].slice(-MAX_COMMENTS);
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

/** Whether `candidate` replaces the copy `held`: newer by compareAlertCopies, or as new (the later in order wins a tie). */
export function newerCopy(candidate: Alert, held: Alert | undefined): boolean {
  return !held || compareAlertCopies(candidate, held) >= 0;
}

/** Rebuilds current alerts from stored events: the newest copy per alert id wins (newerCopy). */
export function foldAlertEvents(events: Iterable<AlertEvent>): Map<string, Alert> {
  const alerts = new Map<string, Alert>();
  for (const e of events) {
    if (newerCopy(e.alert, alerts.get(e.alert.id))) alerts.set(e.alert.id, e.alert);
  }
  return alerts;
}
