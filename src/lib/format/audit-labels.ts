import { DICTIONARIES, translate, type Lang, type MessageKey } from '../i18n/translate';

/**
 * Words for an audit entry's role and action codes in the reader's language. A code with no words (a role or an
 * action added later, or one an old entry kept) is shown as the code: a raw code is still findable, a blank is not.
 */
function wordsOr(prefix: 'role' | 'action', code: string, lang: Lang): string {
  const key = `${prefix}.${code}`;
  return Object.hasOwn(DICTIONARIES.id, key) ? translate(lang, key as MessageKey) : code;
}

export const auditRoleText = (role: string, lang: Lang): string => wordsOr('role', role, lang);
export const auditActionText = (action: string, lang: Lang): string => wordsOr('action', action, lang);
