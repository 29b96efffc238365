/**
 * An audit entry's detail in the reader's language. New entries carry what they say as data, a code of
 * messages-audit-*.ts and its values (`detailCode`, `detailArgs`), beside the English `detail` they always had;
 * older ones, and the few kinds still written as text, have only that sentence and are shown as they are.
 * The English sentence is built from the same texts (`auditDetail`), so the two never say different things.
 */
import { fitRefusalArgs, MAX_ARG_CHARS, refusalsText } from './audit-refusals';
import { errorText } from './error-text';
import { auditMessagesEn } from './messages-audit-en';
import { auditMessagesId, type AuditMessageKey } from './messages-audit-id';
import { LOCALES, type Lang } from './translate';

// a refusal's problems as values (`refused`, `edit.refused`): made by refusalArgs, said again by refusals below
export { MAX_ARG_CHARS, MAX_STORED_ARGS_CHARS, refusalArgs } from './audit-refusals';

export type AuditArgs = Readonly<Record<string, string | number>>;
/** A detail's own text, not one of the parts that frame it or name a value. */
export type AuditCode = Exclude<AuditMessageKey, `${'part' | 'reason' | 'verb' | 'token' | 'problem' | 'failure'}.${string}`>;

/**
 * What an entry says as data; `view`, `giveUp`, `failure`, `mergedFrom`, `movedFrom`, `dropped` and `more` (with `windowS`, `sinceAt`)
 * add the framing parts; a self test's channels are numbered values (selfTestArgs).
 */
export interface AuditDetail {
  code: AuditCode;
  args?: AuditArgs;
}

/** The fields an entry stores for a detail. */
export interface AuditDetailFields {
  detail: string;
  detailCode: AuditCode;
  detailArgs: AuditArgs;
}

const TEXTS: Record<Lang, Record<AuditMessageKey, string>> = { id: auditMessagesId, en: auditMessagesEn };

export function isAuditCode(value: unknown): value is AuditCode {
  return typeof value === 'string' && Object.hasOwn(auditMessagesId, value) && !/^(part|reason|verb|token|problem|failure)\./.test(value);
}

/** Values that are codes themselves, said in words; `stored` keeps them as written (the English `detail`). */
function shownValue(lang: Lang, code: AuditCode, name: string, value: string | number, stored: boolean): string {
  if (stored) return String(value);
  // A time outside Date's range (a row written by hand) would throw out of the whole page: shown as stored instead.
  if (name.endsWith('At') && typeof value === 'number' && !Number.isNaN(new Date(value).getTime())) {
    return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'short', timeStyle: 'medium', timeZone: 'Asia/Makassar' }).format(value);
  }
  const named = `${name === 'error' && code === 'ack.token' ? 'token' : name}.${value}`;
  // a delivery's failure is a channel's own text (shown as it is) or one of Pantau's, said in words
  if ((name === 'reason' || name === 'verb' || name === 'problem' || name === 'failure' || code === 'ack.token') && Object.hasOwn(auditMessagesId, named)) return TEXTS[lang][named as AuditMessageKey];
  if (name === 'error' && (code === 'alert.refused' || code === 'ack.failed')) return errorText(lang, String(value));
  return String(value);
}

/**
 * The text with its values in; null, when read back, if one is missing: an entry of another version whose code
 * took other values is shown by its English sentence, not with a bare `{placeholder}` in it.
 */
function fill(lang: Lang, key: AuditMessageKey, code: AuditCode, args: AuditArgs, stored: boolean): string | null {
  let missing = false;
  const text = TEXTS[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (Object.hasOwn(args, name)) return shownValue(lang, code, name, args[name], stored);
    missing = true;
    return whole;
  });
  return missing && !stored ? null : text;
}

/** A self test's channels as flat values (details store no lists): `count`, then `kind0`, `channelId0`, … per channel. */
export function selfTestArgs(channels: readonly { kind: string; channelId: number; requestId?: string; problem?: string; detail?: string }[]): AuditArgs {
  const out: Record<string, string | number> = { count: channels.length };
  channels.forEach((c, i) => {
    for (const [k, v] of Object.entries(c)) if (v !== undefined) out[`${k}${i}`] = v;
  });
  return out;
}

/** The channels of a self test's values, said one by one (null when one lacks what its text needs). */
function selfTestChannels(lang: Lang, code: AuditCode, args: AuditArgs, stored: boolean): string | null {
  // Each channel stores at least two values: a count beyond that is no entry of ours (and must not run a long loop).
  if (!Number.isInteger(args.count) || Number(args.count) > Object.keys(args).length) return null;
  const said: (string | null)[] = [];
  for (let i = 0; i < Number(args.count); i++) {
    const c = Object.fromEntries(['kind', 'channelId', 'requestId', 'problem', 'detail'].filter((k) => Object.hasOwn(args, `${k}${i}`)).map((k) => [k, args[`${k}${i}`]]));
    const key = c.requestId !== undefined ? 'part.selfTestAsked' : c.detail !== undefined ? 'part.selfTestNotAskedWhy' : 'part.selfTestNotAsked';
    said.push(fill(lang, key, code, c, stored));
  }
  return said.includes(null) ? null : said.join('; ');
}

/** The codes whose `errors` are a refusal's problems (refusalArgs). */
const REFUSALS: ReadonlySet<AuditCode> = new Set(['refused', 'edit.refused', 'channelTest.refused']);

/** A refusal's problems in `lang` when stored as data (refusalArgs), else undefined: `errors` as stored. */
function refusals(lang: Lang, d: AuditDetail, stored: boolean): string | null | undefined {
  if (stored || !REFUSALS.has(d.code) || d.args?.problems === undefined) return undefined;
  return refusalsText(lang, d.args);
}

function render(lang: Lang, d: AuditDetail, stored: boolean): string | null {
  const channels = d.code === 'selfTest.done' ? selfTestChannels(lang, d.code, d.args ?? {}, stored) : undefined;
  const errors = refusals(lang, d, stored);
  if (channels === null || errors === null) return null;
  const args: AuditArgs = { ...d.args, ...(channels === undefined ? {} : { channels }), ...(errors === undefined ? {} : { errors }) };
  const parts = [
    args.view ? fill(lang, 'part.view', d.code, args, stored) : '',
    fill(lang, d.code, d.code, args, stored),
    args.giveUp ? fill(lang, 'part.giveUp', d.code, args, stored) : '',
    args.failure !== undefined ? fill(lang, 'part.failure', d.code, args, stored) : '',
    args.mergedFrom !== undefined ? fill(lang, 'part.merged', d.code, args, stored) : '',
    args.movedFrom !== undefined ? fill(lang, 'part.movedFrom', d.code, args, stored) : '',
    args.dropped !== undefined ? fill(lang, 'part.dropped', d.code, args, stored) : '',
    args.more !== undefined ? fill(lang, 'part.more', d.code, args, stored) : ''
  ];
  return parts.includes(null) ? null : parts.join('');
}

/** The fields to store: the code, its values (long ones cut) and the English sentence as `detail` always read. */
export function auditDetail(code: AuditCode, args: AuditArgs = {}): AuditDetailFields {
  const cut = Object.fromEntries(Object.entries(args).map(([k, v]) => [k, typeof v === 'string' ? v.slice(0, MAX_ARG_CHARS) : v]));
  const detailArgs = REFUSALS.has(code) && typeof cut.problems === 'number' ? fitRefusalArgs(cut) : cut;
  return { detail: render('en', { code, args: detailArgs }, true) ?? '', detailCode: code, detailArgs };
}

/** The sentence uncovered.ts writes of an alert no team covers, its kind and district as JSON strings. */
const UNCOVERED = /^covered by no team \(kind ("(?:[^"\\]|\\.)*"), district ("(?:[^"\\]|\\.)*")\): nobody on call is paged$/;

/**
 * An uncovered delivery stored with its English sentence only (`delivery.uncovered`: its kind and district were not
 * beside the record, one read back after a restart) said from the sentence's own values, so that Indonesian carries no
 * English within it; a sentence not Pantau's stays as it is (the text shows it alone).
 */
function uncoveredDetail(d: AuditDetail): AuditDetail {
  const error = String(d.args?.error ?? '');
  if (error === auditMessagesEn['delivery.uncoveredNone']) return { code: 'delivery.uncoveredNone' };
  const m = UNCOVERED.exec(error);
  if (!m) return d;
  try {
    return { code: 'delivery.uncoveredIn', args: { kind: String(JSON.parse(m[1])), district: String(JSON.parse(m[2])) } };
  } catch {
    return d; // an escape JSON does not know (a row written by hand)
  }
}

/** What the audit page shows: the coded detail in `lang`, else the stored sentence. */
export function formatAuditDetail(lang: Lang, entry: { detail: string; detailCode?: string; detailArgs?: AuditArgs }): string {
  if (!isAuditCode(entry.detailCode)) return entry.detail;
  const d: AuditDetail = { code: entry.detailCode, args: entry.detailArgs };
  return render(lang, d.code === 'delivery.uncovered' ? uncoveredDetail(d) : d, false) ?? entry.detail;
}
