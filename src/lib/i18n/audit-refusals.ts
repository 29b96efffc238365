/**
 * A refusal's problems ("name must be a non-empty string; quietHours: startMin must be a whole minute in [0, 1439]") as
 * data for the audit log, and said again in the reader's language. Each problem is its path as written (field names,
 * the same in every language) and its reason's code and values (schemas/reason.ts); one whose reason was not made there
 * is kept as the line it was and shown so.
 */
import { fillReason, MAX_ARG_CHARS, reasonOf, type Reason } from '../schemas/reason';
import { refusalMessagesEn } from './messages-refusal-en';
import { refusalMessagesId, type RefusalCode } from './messages-refusal-id';
import type { Lang } from './translate';

type Args = Readonly<Record<string, string | number>>;

/** A stored value longer than this is cut (every detail's: audit-detail.ts; said in reason.ts, where sayWith cuts by it too). */
export { MAX_ARG_CHARS };
/** What audit.ts stores of an entry's values, as JSON: beyond it none (the page then shows the English sentence). */
export const MAX_STORED_ARGS_CHARS = 2_000;
/**
 * What a refusal's values may take as JSON: audit.ts stores at most 2,000 characters of an entry's values (else none, and
 * the page shows the English sentence), and the entry's other values (its reason) need room beside them.
 */
const BUDGET_CHARS = 1_500;

const TEXTS: Record<Lang, Record<RefusalCode, string>> = { id: refusalMessagesId, en: refusalMessagesEn };

/** Line `line` as its path (`quietHours: startMin `) and the reason it ends with, when that reason is known. */
function splitProblem(line: string): { at: string; reason: Reason } | undefined {
  // a reason starts the line or follows a space (issues.ts formatIssue: `where: key reason`)
  for (let start = 0; start >= 0 && start < line.length; ) {
    const reason = reasonOf(line.slice(start));
    if (reason) return { at: line.slice(0, start), reason };
    const space = line.indexOf(' ', start);
    start = space < 0 ? -1 : space + 1;
  }
  return undefined;
}

/**
 * The values to store for refusal `errors` (details store no lists): `errors` joined as the English detail always said
 * them, `problems` (how many are kept, as problemArgs), and `problemsLeft` when the rest did not fit BUDGET_CHARS.
 */
export function refusalArgs(errors: readonly string[]): Args {
  const out: Record<string, string | number> = { errors: errors.join('; ').slice(0, MAX_ARG_CHARS), problems: 0 };
  let size = JSON.stringify(out).length;
  for (const [i, line] of errors.entries()) {
    const one = problemArgs(i, line);
    size += JSON.stringify(one).length;
    // past the budget the rest are counted, not kept: over it, the entry would keep no values at all
    if (size > BUDGET_CHARS) return { ...out, problemsLeft: errors.length - i };
    Object.assign(out, one, { problems: i + 1 });
  }
  return out;
}

/**
 * Refusal values `args` as stored with what goes beside them (an edit's reason, up to MAX_ARG_CHARS that JSON may spell
 * in six times as many: quotes, control characters) within MAX_STORED_ARGS_CHARS: the last problems kept are counted
 * instead, until they fit. refusalArgs leaves room for an ordinary reason; without this, a reason of 300 quotes took the
 * entry past the bound and it kept no values at all.
 */
export function fitRefusalArgs(args: Args): Args {
  let out = args;
  for (let kept = Number(args.problems); Number.isInteger(kept) && kept > 0 && JSON.stringify(out).length > MAX_STORED_ARGS_CHARS; ) {
    kept--;
    const prefix = `p${kept}_`;
    const rest = Object.entries(out).filter(([k]) => !k.startsWith(prefix));
    out = { ...Object.fromEntries(rest), problems: kept, problemsLeft: Number(out.problemsLeft ?? 0) + 1 };
  }
  return out;
}

/** Problem i's values: `p<i>_at`, `p<i>_code` and `p<i>_<name>` per value, or `p<i>_line` when its reason is not known. */
function problemArgs(i: number, line: string): Record<string, string | number> {
  const cut = (v: string | number) => (typeof v === 'string' ? v.slice(0, MAX_ARG_CHARS) : v);
  const split = splitProblem(line);
  if (!split) return { [`p${i}_line`]: cut(line) };
  const one: Record<string, string | number> = { [`p${i}_at`]: cut(split.at), [`p${i}_code`]: split.reason.code };
  for (const [name, value] of Object.entries(split.reason.args)) one[`p${i}_${name}`] = cut(value);
  return one;
}

/**
 * The units numberIn names (schemas/common.ts) that Indonesian says otherwise, by the value stored (' seconds'); others
 * (cm) read the same in both languages.
 */
const UNITS = new Map((['unitSeconds', 'unitKmH', 'unitVehH'] as const).map((code) => [` ${refusalMessagesEn[code]}`, code]));

/** Problem i of stored values `args` said in `lang`, or null when it is not ours. */
function problemText(lang: Lang, args: Args, i: number): string | null {
  const code = args[`p${i}_code`];
  const line = args[`p${i}_line`];
  if (typeof code !== 'string' || !Object.hasOwn(refusalMessagesId, code)) return line === undefined ? null : String(line);
  const prefix = `p${i}_`;
  const values: Record<string, string | number> = Object.fromEntries(Object.entries(args).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
  const unit = typeof values.unit === 'string' ? UNITS.get(values.unit) : undefined;
  if (unit) values.unit = ` ${TEXTS[lang][unit]}`;
  return `${args[`p${i}_at`] ?? ''}${fillReason(TEXTS[lang][code as RefusalCode], values)}`;
}

/** The problems of stored values `args` said in `lang`, joined; null when they are not ours (then the English stands). */
export function refusalsText(lang: Lang, args: Args): string | null {
  const count = args.problems;
  // each problem stores at least one value: a count beyond that is no entry of ours (and must not run a long loop)
  if (typeof count !== 'number' || !Number.isInteger(count) || count > Object.keys(args).length) return null;
  const said: string[] = [];
  for (let i = 0; i < count; i++) {
    const one = problemText(lang, args, i);
    if (one === null) return null;
    said.push(one);
  }
  const left = args.problemsLeft;
  if (typeof left === 'number' && left > 0) said.push(fillReason(TEXTS[lang].moreProblems, { count: left }));
  return said.join('; ');
}
