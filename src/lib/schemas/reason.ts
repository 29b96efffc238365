/**
 * A schema's reason for refusing a value, made from a code and its values (i18n/messages-refusal-en.ts): the English
 * message the schema answers with as before, remembered with what made it, so that the audit log can store the code and
 * values of each problem and say it in the reader's language (i18n/audit-refusals.ts). Only messages made here are
 * known; any other is shown as it is.
 */
import { refusalMessagesEn } from '../i18n/messages-refusal-en';
import type { RefusalCode } from '../i18n/messages-refusal-id';

export type ReasonArgs = Readonly<Record<string, string | number>>;
export interface Reason {
  code: RefusalCode;
  args: ReasonArgs;
}

/** Schemas are made at module load and per directory read (districts): a bound all the same, so this never grows. */
const MAX_KNOWN = 2_000;
const known = new Map<string, Reason>();

/** `template` with its {placeholders} filled from `args` (braces naming no value, `{id, en}`, stay as they are). */
export function fillReason(template: string, args: ReasonArgs): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(args, name) ? String(args[name]) : whole));
}

/** The English message for `code` with `args`, remembered as theirs. */
export function say(code: RefusalCode, args: ReasonArgs = {}): string {
  const message = fillReason(refusalMessagesEn[code], args);
  if (known.size < MAX_KNOWN || known.has(message)) known.set(message, { code, args });
  return message;
}

/**
 * Messages made with a request's own values (a sensor id, a revision) are as many as the requests: `say` would fill its
 * bound with them and then remember no more. These are kept apart, only the latest MAX_RECENT: a refusal is audited
 * within the request that made it, long before as many others are made.
 */
const MAX_RECENT = 1_000;
const recent = new Map<string, Reason>();

/**
 * What the audit log keeps of a value (audit-detail.ts cuts every one to it): a request's values are cut to it here too,
 * so that what is remembered stays bounded (an id from a URL path was kept whole: 1,000 of 16 KB each).
 */
export const MAX_ARG_CHARS = 300;

/** The English message for `code` with a request's own values `args` (long ones cut), remembered for a while (see MAX_RECENT). */
export function sayWith(code: RefusalCode, args: ReasonArgs): string {
  const cut: ReasonArgs = Object.fromEntries(Object.entries(args).map(([k, v]) => [k, typeof v === 'string' ? v.slice(0, MAX_ARG_CHARS) : v]));
  const message = fillReason(refusalMessagesEn[code], cut);
  recent.delete(message);
  recent.set(message, { code, args: cut });
  if (recent.size > MAX_RECENT) recent.delete(recent.keys().next().value as string);
  return message;
}

/** The code and values a message was made from, or undefined for one not made by `say` or (lately) `sayWith`. */
export function reasonOf(message: string): Reason | undefined {
  return known.get(message) ?? recent.get(message);
}
