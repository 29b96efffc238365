/**
 * Error codes from the live connection and the server (action replies, handshake refusals) in the
 * reader's language: they used to be shown as sent, English inside Indonesian sentences. The codes
 * are the stable strings the server sends; one it does not know is shown inside a generic "refused"
 * text (most are refusals of what the person asked, not faults of the server).
 */
import { ACTION_REFUSALS, MAX_ALERT_STEPS, MAX_COMMENT_CHARS } from '../core/alert-lifecycle';
import { translate, type Lang, type MessageKey } from './translate';

const ERROR_KEYS: Readonly<Record<string, MessageKey>> = {
  'not-connected': 'error.notConnected',
  'no-answer': 'error.noAnswer',
  forbidden: 'error.forbidden',
  'too many requests': 'error.tooManyRequests',
  'server busy, try again': 'error.serverBusy',
  'server error, try again': 'error.serverFault',
  'unknown alert': 'error.unknownAlert',
  'unknown step': 'error.unknownStep',
  'bad action': 'error.badAction',
  [ACTION_REFUSALS.alreadyResolved]: 'error.alreadyResolved',
  [ACTION_REFUSALS.alreadyAcknowledged]: 'error.alreadyAcknowledged',
  [ACTION_REFUSALS.worsened]: 'error.worsened',
  [ACTION_REFUSALS.badAssignee]: 'error.badAssignee',
  [ACTION_REFUSALS.emptyComment]: 'error.emptyComment',
  [ACTION_REFUSALS.longComment]: 'error.longComment',
  [ACTION_REFUSALS.controlInComment]: 'error.controlInComment',
  [ACTION_REFUSALS.badStepId]: 'error.badStepId',
  [ACTION_REFUSALS.badStepDone]: 'error.badStepDone',
  [ACTION_REFUSALS.tooManySteps]: 'error.tooManySteps',
  [ACTION_REFUSALS.unknownAction]: 'error.badAction',
  'login required': 'error.loginRequired',
  'forbidden origin': 'error.forbiddenOrigin',
  'too many clients': 'error.tooManyClients',
  'too many connections from this address': 'error.tooManyConnects'
};

/** The limits some texts name. */
const LIMITS = { maxComment: MAX_COMMENT_CHARS, maxSteps: MAX_ALERT_STEPS };

export function errorText(lang: Lang, code: string): string {
  const key = Object.hasOwn(ERROR_KEYS, code) ? ERROR_KEYS[code] : undefined;
  return key ? translate(lang, key, LIMITS) : translate(lang, 'error.other', { detail: code });
}
