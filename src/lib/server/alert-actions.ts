import { CLIENT_ACK_VIAS, type ActionResult, type AlertAction } from '../core/events';
import type { AuditSink } from './auth/audit';
import type { Identity } from './auth/gate';
import { may } from './auth/roles';
import { parseAlertAction } from '../schemas/wire';
import { auditDetail, type AuditDetailFields } from '../i18n/audit-detail';

/** The error of an action the server failed to carry out (took nothing: its outbox file could not be written): worth trying again. */
export const ACTION_FAULT = 'server error, try again';

/**
 * One path for people's alert actions, over Socket.IO and over HTTP alike: shape (schemas/wire.ts),
 * then the role's permission for this very action (an operator may comment but not resolve), then the
 * action itself, and an audit entry for every outcome.
 */
export const ALERT_ACTIONS: ReadonlySet<string> = new Set(['acknowledge', 'assign', 'comment', 'resolve', 'step']);

export type ActAs = (action: AlertAction, user: string) => Promise<ActionResult>;

/** `byLink`: the acknowledge-link route, the one caller that may say an acknowledgement came by a message's link. */
export interface ActionOptions {
  byLink?: boolean;
}

export async function performAction(identity: Identity, payload: unknown, act: ActAs, audit?: AuditSink, options: ActionOptions = {}): Promise<ActionResult> {
  const action = parseAlertAction(payload);
  if (!action) return { ok: false, error: 'bad action' };
  // A console or app client naming a message channel would make the alert say something untrue.
  if (action.via && !options.byLink && !CLIENT_ACK_VIAS.includes(action.via)) return { ok: false, error: 'bad action' };
  const { user, role } = identity;
  const record = (ok: boolean, said: AuditDetailFields | { detail: '' }) =>
    audit?.({ at: Date.now(), user, role, action: `alert:${ALERT_ACTIONS.has(action.action) ? action.action : 'unknown'}`, target: action.alertId, ok, ...said });
  if (!ALERT_ACTIONS.has(action.action) || !may(role, action.action as AlertAction['action'])) {
    record(false, auditDetail('alert.forbidden'));
    return { ok: false, error: 'forbidden' };
  }
  try {
    const result = await act(action as AlertAction, user);
    record(result.ok, result.ok ? { detail: '' } : auditDetail('alert.refused', { error: result.error }));
    return result;
  } catch (err) {
    // A fault (the outbox's disk refused), not a refusal: the audit keeps its text, the person is told to try again.
    record(false, auditDetail('alert.fault', { error: (err as Error).message }));
    return { ok: false, error: ACTION_FAULT };
  }
}
