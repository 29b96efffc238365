/**
 * Error codes from the live connection and the server (action replies, handshake refusals) in the
 * reader's language: they used to be shown as sent, English inside Indonesian sentences. The codes
 * are the stable strings the server sends; one it does not know is shown inside a generic text.
 */
import { translate, type Lang, type MessageKey } from './translate';

const ERROR_KEYS: Readonly<Record<string, MessageKey>> = {
  'not-connected': 'error.notConnected',
  'no-answer': 'error.noAnswer',
  forbidden: 'error.forbidden',
  'too many requests': 'error.tooManyRequests',
  'server busy, try again': 'error.serverBusy',
  'unknown alert': 'error.unknownAlert',
  'unknown step': 'error.unknownStep',
  'bad action': 'error.badAction',
  'alert is already resolved': 'error.alreadyResolved',
  'alert is already acknowledged': 'error.alreadyAcknowledged',
  'login required': 'error.loginRequired',
  'forbidden origin': 'error.forbiddenOrigin',
  'too many clients': 'error.tooManyClients'
};

export function errorText(lang: Lang, code: string): string {
  const key = Object.hasOwn(ERROR_KEYS, code) ? ERROR_KEYS[code] : undefined;
  return key ? translate(lang, key) : translate(lang, 'error.other', { detail: code });
}
