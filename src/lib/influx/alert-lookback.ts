import type { Alert } from '../core/alert';
import { mergeAlertCopies } from '../core/alert-lifecycle';
import { quoteInfluxString } from '../core/line-protocol';
import type { InfluxSeries } from './query';

/**
 * Alerts still open with no recent event: a dead sensor's acknowledged `sensor_silent` is written
 * once, and a read of the last days alone forgets it (the ingest then raised a duplicate; the
 * console stopped listing it after a restart). The policy holds one alert per sensor and rule, so
 * the latest event of a pair says whether it is open however long ago it was written. Two reads,
 * so that the cost follows alerts rather than events: the last `raised` and `resolved` of every
 * pair (a tag filter: updates are not read), then the latest docs of only the pairs still open, of the alert
 * their last raise named (an earlier, resolved alert of the pair must not come back from a doc stored after its
 * resolution, such as a comment made just before the hub heard it). A pair whose last mark is the close of an alert
 * merged into another (`merged_into`: a late restore kept the older of two, ingest/detect/alert-fold.ts) is open as
 * the alert kept: its merge is an `updated`, not a mark, and past the recent window it was read as closed and raised again.
 * Used by the ingest's restore and the command center's start alike.
 */

/** How far back to look (rows read: two per sensor and rule, then one per open alert). */
export const OPEN_ALERT_LOOKBACK_DAYS = 365;
/** Sensor and rule pairs per query of their latest docs (an InfluxQL statement of a few KB). */
const PAIRS_PER_QUERY = 50;
/**
 * Docs read per open pair, newest stored first; the reader keeps the newest copy of them by the core's ordering
 * (newerCopy, mergeAlertCopies), not the last by time (LAST): an acknowledgement made on the copy from before a
 * worsening is stored later, on the web's clock, though the ingest refused it, and an alert open longer than the
 * recent window came back from it acknowledged at its old level. The newest copy is among these unless more
 * actions than this on copies from before a worsening were stored after it.
 */
export const DOCS_PER_PAIR = 10;

export interface AlertPair {
  sensor: string;
  rule: string;
  /** The alert id of the pair's last raise: only its docs are read. */
  id: string;
}

/**
 * The first read: the last raise and resolve of each sensor and rule (`from`: the alert events' FROM), with the
 * resolve's `merged_into` (a field of the same point: InfluxQL's selector with a field).
 */
export function alertMarksQuery(from: string, days = OPEN_ALERT_LOOKBACK_DAYS): string {
  return `SELECT LAST("alert_id") AS "id", "merged_into" FROM ${from} WHERE time > now() - ${Math.trunc(days)}d AND ("event" = 'raised' OR "event" = 'resolved') GROUP BY "sensor", "rule", "event"`;
}

/**
 * The pairs whose last raise came after their last resolve, from the first read's series, and those whose last
 * resolve closed an alert merged into another (open as that one).
 */
export function openAlertPairs(series: readonly InfluxSeries[]): AlertPair[] {
  const last = new Map<string, AlertPair & { raised: number; resolved: number; mergedInto: string }>();
  for (const s of series) {
    const { sensor = '', rule = '', event = '' } = s.tags ?? {};
    const key = JSON.stringify([sensor, rule]);
    const pair = last.get(key) ?? { sensor, rule, id: '', raised: -Infinity, resolved: -Infinity, mergedInto: '' };
    const row = s.values[0] ?? [];
    const at = Number(row[s.columns.indexOf('time')]);
    if (event === 'raised') {
      pair.raised = at;
      pair.id = String(row[s.columns.indexOf('id')] ?? '');
    } else {
      pair.resolved = at;
      const into = row[s.columns.indexOf('merged_into')];
      pair.mergedInto = typeof into === 'string' ? into : '';
    }
    last.set(key, pair);
  }
  const open: AlertPair[] = [];
  for (const { sensor, rule, id, raised, resolved, mergedInto } of last.values()) {
    if (raised > resolved && id !== '') open.push({ sensor, rule, id });
    else if (resolved >= raised && mergedInto !== '') open.push({ sensor, rule, id: mergedInto });
  }
  return open;
}

/** The second read, in statements of at most PAIRS_PER_QUERY pairs: each open pair's latest DOCS_PER_PAIR docs of its open alert. */
export function latestDocQueries(from: string, pairs: readonly AlertPair[], days = OPEN_ALERT_LOOKBACK_DAYS): string[] {
  const out: string[] = [];
  for (let i = 0; i < pairs.length; i += PAIRS_PER_QUERY) {
    const which = pairs
      .slice(i, i + PAIRS_PER_QUERY)
      .map((p) => `("sensor" = ${quoteInfluxString(p.sensor)} AND "rule" = ${quoteInfluxString(p.rule)} AND "alert_id" = ${quoteInfluxString(p.id)})`)
      .join(' OR ');
    out.push(`SELECT "doc" FROM ${from} WHERE time > now() - ${Math.trunc(days)}d AND (${which}) GROUP BY "sensor", "rule" ORDER BY time DESC LIMIT ${DOCS_PER_PAIR}`);
  }
  return out;
}

/**
 * Folds `copies` into `held` (alert id -> copy), the newest of each kept with what people did on the others
 * (mergeAlertCopies): the reader folds each statement's rows as it reads them, so it holds one copy per open alert,
 * not every doc read (up to DOCS_PER_PAIR per pair, each with its comment list).
 */
export function foldNewestCopies(held: Map<string, Alert>, copies: Iterable<Alert>): Map<string, Alert> {
  for (const a of copies) held.set(a.id, mergeAlertCopies(a, held.get(a.id)));
  return held;
}
