/**
 * How every edge schema reports problems: one line per problem, `where: what` (`sensors[3]: lat must
 * be a number in [-90, 90]`), bounded, as data. Schemas word their messages as the reason without the
 * key ("must be …"); the key is prefixed here from the issue's path, so messages stay short and the
 * path is never spelled twice.
 */
import * as v from 'valibot';

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/** A file with thousands of broken entries needs the first few lines, not all of them. */
export const MAX_PROBLEMS = 50;

function segment(key: unknown): string {
  return typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
}

function pathText(keys: unknown[], root: string): string {
  const text = keys.map(segment).join('');
  return root ? root + text : text.replace(/^\./, '');
}

/**
 * `sensors.3.lat` + "must be …" → `sensors[3]: lat must be …`; an element itself (`sensors.3`) →
 * `sensors[3]: must be …`; a top-level key → `city must be …`; no path → the message alone. `root`
 * names a value that is itself a list or has no name of its own (`PANTAU_WEBHOOKS[0]: url …`).
 */
export function formatIssue(issue: v.BaseIssue<unknown>, root = ''): string {
  const keys = (issue.path ?? []).map((p) => p.key);
  if (keys.length === 0) return root ? `${root}: ${issue.message}` : issue.message;
  const last = keys[keys.length - 1];
  if (typeof last === 'number') return `${pathText(keys, root)}: ${issue.message}`;
  const parent = pathText(keys.slice(0, -1), root);
  return parent ? `${parent}: ${String(last)} ${issue.message}` : `${String(last)} ${issue.message}`;
}

export function check<S extends v.GenericSchema>(schema: S, input: unknown, options: { root?: string; max?: number } = {}): Checked<v.InferOutput<S>> {
  const result = v.safeParse(schema, input);
  if (result.success) return { ok: true, value: result.output };
  return { ok: false, errors: result.issues.slice(0, options.max ?? MAX_PROBLEMS).map((issue) => formatIssue(issue, options.root)) };
}
