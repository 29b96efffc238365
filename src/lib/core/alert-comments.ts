import type { AlertComment } from './alert';

/** At most this many characters (UTF-16 units, as the console's text box counts them) in one comment. */
export const MAX_COMMENT_CHARS = 1_000;
/** At most this many comments on one alert. */
export const MAX_COMMENTS = 100;
/**
 * At most this many bytes of comment text, as JSON stores it, on one alert. Every event of an alert (a comment, a
 * step tick, an escalation) carries the whole alert to MQTT, InfluxDB's `alert_events` and each screen, and the
 * 7-day restore reads them all back: 100 comments of 1,000 characters made ≈ 100–600 kB an event, gigabytes an hour
 * at a responder's 2 actions/s. 16 KiB holds a hundred comments of ~160 characters or sixteen of full length.
 */
export const MAX_COMMENT_BYTES = 16 * 1024;

/**
 * C0 controls other than tab and newline, DEL and C1 controls: a person types none, a screen shows none, and JSON
 * spells each C0 one in 6 bytes. A lone surrogate is no text either, and JSON spells it in 6 bytes too.
 */
const UNWANTED = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

export type CommentProblem = 'empty' | 'long' | 'control';

/** What is wrong with an already trimmed comment text, or null when it can be kept. */
export function commentProblem(text: string): CommentProblem | null {
  if (!text) return 'empty';
  if (text.length > MAX_COMMENT_CHARS) return 'long';
  if (UNWANTED.test(text)) return 'control';
  return null;
}

const encoder = new TextEncoder();

/** The bytes a comment's text takes in the stored JSON (escapes included). */
export function commentBytes(c: AlertComment): number {
  return encoder.encode(JSON.stringify(c.text)).length;
}

/**
 * The newest comments that fit MAX_COMMENTS and MAX_COMMENT_BYTES, oldest first; `comments` itself when all fit.
 * Why the oldest go rather than the new one being refused: the thread is how responders coordinate during an
 * incident, and a long incident must not leave them unable to write; the ingest's own notes (a folded alert's)
 * must always get in; and two copies' threads merged (unionComments) can exceed the bound with nobody to refuse.
 * The ones that leave are still in the record: each earlier `commented` event in `alert_events` carries the thread as
 * it was, and the audit log says who commented when.
 */
export function boundComments(comments: AlertComment[]): AlertComment[] {
  let bytes = 0;
  let keep = 0;
  for (let i = comments.length - 1; i >= 0 && keep < MAX_COMMENTS; i--) {
    bytes += commentBytes(comments[i]);
    if (bytes > MAX_COMMENT_BYTES && keep > 0) break;
    keep++;
  }
  return keep === comments.length ? comments : comments.slice(comments.length - keep);
}
