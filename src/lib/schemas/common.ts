/** Building blocks every edge schema shares, so each rule is worded once. */
import * as v from 'valibot';
import { say, sayWith } from './reason';

/**
 * A JSON object with these fields (and any others, kept: a newer file still loads in an older
 * process). Arrays are refused, which valibot's object schemas let through. `typeMessage` is the
 * reason when the value is not an object; a missing key "is required".
 */
export function jsonObject<E extends v.ObjectEntries>(entries: E, typeMessage: string) {
  const message: v.ErrorMessage<v.BaseIssue<unknown>> = (issue) => (issue.path?.length ? say('required') : typeMessage);
  return v.pipe(
    v.unknown(),
    v.check((x) => !Array.isArray(x), typeMessage),
    v.looseObject(entries, message)
  );
}

/** A short, non-blank text (names, codes): nothing a screen or a log line would choke on. */
export function text(max = 200) {
  const message = say('nonEmpty');
  return v.pipe(v.string(message), v.check((s) => s.trim().length > 0 && s.length <= max, message));
}

/** A finite number in [min, max] (or (min, max] with `aboveMin`); one message whatever is wrong. */
export function numberIn(min: number, max: number, options: { aboveMin?: boolean; unit?: string } = {}) {
  const unit = options.unit ? ` ${options.unit}` : '';
  const message = say('numberIn', { range: `${options.aboveMin ? '(' : '['}${min}, ${max}]`, unit });
  const number = v.pipe(v.number(message), v.finite(message), v.maxValue(max, message));
  return options.aboveMin ? v.pipe(number, v.gtValue(min, message)) : v.pipe(number, v.minValue(min, message));
}

/** An array of `item`, with its length bounded (a file cannot make a process hold unbounded lists). */
export function listOf<S extends v.GenericSchema>(item: S, message: string, { min = 0, max }: { min?: number; max: number }) {
  return v.pipe(v.array(item, message), v.minLength(min, message), v.maxLength(max, say('atMostEntries', { max })));
}

/**
 * A file's text that must be JSON, then match `schema`: one pipeline, so a syntax error is one more problem line. The
 * syntax error names the text (one message per broken file or retained message), so it is said as a request's values
 * are (sayWith): with `say` they filled its bound for good and later schemas' reasons were no longer coded.
 */
export function jsonText<S extends v.GenericSchema>(schema: S) {
  return v.pipe(
    v.string(say('text')),
    v.parseJson(undefined, (issue) => sayWith('notJson', { error: issue.received.slice(1, -1) })),
    schema
  );
}
