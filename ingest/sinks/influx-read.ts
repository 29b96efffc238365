import { isOpen, type Alert, type AlertEvent } from '../../src/lib/core/alert';
import { mergeAlertCopies } from '../../src/lib/core/alert-lifecycle';
import { alertEventsFrom, type InfluxConfig } from '../../src/lib/core/influx-config';
import { OPEN_ALERT_LOOKBACK_DAYS, alertMarksQuery, foldNewestCopies, latestDocQueries, openAlertPairs } from '../../src/lib/influx/alert-lookback';
import { influxQl, type InfluxSeries } from '../../src/lib/influx/query';

/** Rows the history read takes at most; past it the newest are kept (a restart needs the latest states). */
export const ALERT_HISTORY_LIMIT = 100_000;

/**
 * Alert events of the last days (their own policy), oldest first, to rebuild alert state after a
 * restart. Read newest first, so a history past the limit loses its oldest events, not the newest states.
 */
export function readAlertHistory(config: InfluxConfig, days = 7, limit = ALERT_HISTORY_LIMIT): Promise<AlertEvent[]> {
  return readAlertEvents(config, `time > now() - ${Math.trunc(days)}d`, limit);
}

/** Alert events matching `where` (InfluxQL; what it quotes, quoted by the caller), oldest first; past `limit` the newest. */
export async function readAlertEvents(config: InfluxConfig, where: string, limit = ALERT_HISTORY_LIMIT): Promise<AlertEvent[]> {
  const q = `SELECT "doc", "event", "by" FROM ${alertEventsFrom(config.database, config.retention)} WHERE ${where} ORDER BY time DESC LIMIT ${Math.trunc(limit)}`;
  const body = await influxQl(config, q);
  const events: AlertEvent[] = [];
  for (const series of body.results?.[0]?.series ?? []) {
    const iEvent = series.columns.indexOf('event');
    const iBy = series.columns.indexOf('by');
    for (const { at, alert, row } of alertRows(series)) events.push({ type: row[iEvent] as AlertEvent['type'], at, by: String(row[iBy] ?? ''), alert });
  }
  return events.reverse();
}

/**
 * The look-back reads touch every shard of the year (about 1 s for 200,000 events, 25,000 alerts,
 * 2,100 sensor and rule pairs on one core): more time than a read of the last days needs.
 */
const LOOKBACK_TIMEOUT_MS = 60_000;

/**
 * The newest stored copy (by the core's ordering, of the few latest docs read: src/lib/influx/alert-lookback.ts) of
 * each sensor's alert of a rule that may still be open, one per alert: each statement's rows are folded as read,
 * oldest first (read newest first), so a tie goes to the later stored as in the fold of the recent history.
 */
export async function readLatestAlertStates(config: InfluxConfig, days = OPEN_ALERT_LOOKBACK_DAYS): Promise<Alert[]> {
  const from = alertEventsFrom(config.database, config.retention);
  const marks = await influxQl(config, alertMarksQuery(from, days), 'GET', LOOKBACK_TIMEOUT_MS);
  const newest = new Map<string, Alert>();
  for (const q of latestDocQueries(from, openAlertPairs(marks.results?.[0]?.series ?? []), days)) {
    const body = await influxQl(config, q, 'GET', LOOKBACK_TIMEOUT_MS);
    for (const series of body.results?.[0]?.series ?? []) foldNewestCopies(newest, [...alertRows(series)].map((r) => r.alert).reverse());
  }
  return [...newest.values()];
}

/**
 * The alerts to hold open after a restart: the newest state of each alert in the recent history,
 * and those the recent window no longer shows but whose sensor and rule wrote nothing since. The
 * look-back is the lesser part: when it fails, the recent history still restores (`onLookbackError`).
 */
export async function readOpenAlerts(
  config: InfluxConfig,
  opts: { days?: number; limit?: number; lookbackDays?: number; onLookbackError?: (err: Error) => void } = {}
): Promise<Alert[]> {
  const [latest, recent] = await Promise.all([
    readLatestAlertStates(config, opts.lookbackDays).catch((err: Error) => (opts.onLookbackError?.(err), [] as Alert[])),
    readAlertHistory(config, opts.days, opts.limit)
  ]);
  const byId = new Map<string, Alert>();
  // Newest by version, then clock (mergeAlertCopies, with people's comments, assignee and steps from the others): an
  // acknowledgement made on the copy from before a worsening is stamped later on the web's clock, but the merge refused
  // it live, so it must not come back as the alert's state.
  for (const alert of [...latest, ...recent.map((e) => e.alert)]) byId.set(alert.id, mergeAlertCopies(alert, byId.get(alert.id)));
  return [...byId.values()].filter(isOpen);
}

/** The rows of a series whose `doc` is an alert; a damaged one is skipped (one bad row must not keep the service from starting). */
function* alertRows(series: InfluxSeries): Generator<{ at: number; alert: Alert; row: unknown[] }> {
  const iTime = series.columns.indexOf('time');
  const iDoc = series.columns.indexOf('doc');
  for (const row of series.values) {
    let alert: unknown;
    try {
      alert = JSON.parse(String(row[iDoc]));
    } catch {
      continue;
    }
    // A row without a doc (null), or with something else in it, cannot restore an alert.
    if (!alert || typeof alert !== 'object' || typeof (alert as Alert).id !== 'string') continue;
    yield { at: Number(row[iTime]), alert: alert as Alert, row };
  }
}
