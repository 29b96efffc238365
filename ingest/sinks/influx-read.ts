import { isOpen, type Alert, type AlertEvent } from '../../src/lib/core/alert';
import { alertEventsFrom, type InfluxConfig } from '../../src/lib/core/influx-config';
import { quoteInfluxString } from '../../src/lib/core/line-protocol';
import { influxQl, type InfluxSeries } from '../../src/lib/influx/query';

/** Rows the history read takes at most; past it the newest are kept (a restart needs the latest states). */
export const ALERT_HISTORY_LIMIT = 100_000;
/**
 * How far back the restore looks for alerts still open without a recent event (a dead sensor's
 * acknowledged `sensor_silent` is written once). Rows read: two per sensor and rule, then one per open alert.
 */
export const OPEN_ALERT_LOOKBACK_DAYS = 365;

/**
 * Alert events of the last days (their own policy), oldest first, to rebuild alert state after a
 * restart. Read newest first, so a history past the limit loses its oldest events, not the newest states.
 */
export async function readAlertHistory(config: InfluxConfig, days = 7, limit = ALERT_HISTORY_LIMIT): Promise<AlertEvent[]> {
  const q =
    `SELECT "doc", "event", "by" FROM ${alertEventsFrom(config.database, config.retention)} ` +
    `WHERE time > now() - ${Math.trunc(days)}d ORDER BY time DESC LIMIT ${Math.trunc(limit)}`;
  const body = await influxQl(config, q);
  const events: AlertEvent[] = [];
  for (const series of body.results?.[0]?.series ?? []) {
    const iEvent = series.columns.indexOf('event');
    const iBy = series.columns.indexOf('by');
    for (const { at, alert, row } of alertRows(series)) events.push({ type: row[iEvent] as AlertEvent['type'], at, by: String(row[iBy] ?? ''), alert });
  }
  return events.reverse();
}

/** Sensor and rule pairs per query of their latest doc (an InfluxQL statement of a few KB). */
const PAIRS_PER_QUERY = 50;
/**
 * The look-back reads touch every shard of the year (about 1 s for 200,000 events, 25,000 alerts,
 * 2,100 sensor and rule pairs on one core): more time than a read of the last days needs.
 */
const LOOKBACK_TIMEOUT_MS = 60_000;

/**
 * The newest stored state of each sensor's alert of a rule that may still be open after `days`: the
 * policy holds one alert per sensor and rule, so its latest event says whether it is still open however
 * long ago it was written. Two reads, so that the cost follows alerts rather than events: the last
 * `raised` and `resolved` of every sensor and rule (a tag filter: updates are not read), then the
 * latest doc of only those pairs whose last raise came after their last resolve.
 */
export async function readLatestAlertStates(config: InfluxConfig, days = OPEN_ALERT_LOOKBACK_DAYS): Promise<Alert[]> {
  const from = alertEventsFrom(config.database, config.retention);
  const since = `time > now() - ${Math.trunc(days)}d`;
  const marks = await influxQl(
    config,
    `SELECT LAST("alert_id") AS "id" FROM ${from} WHERE ${since} AND ("event" = 'raised' OR "event" = 'resolved') GROUP BY "sensor", "rule", "event"`,
    'GET',
    LOOKBACK_TIMEOUT_MS
  );
  const last = new Map<string, { sensor: string; rule: string; raised: number; resolved: number }>();
  for (const series of marks.results?.[0]?.series ?? []) {
    const { sensor = '', rule = '', event = '' } = series.tags ?? {};
    const key = JSON.stringify([sensor, rule]);
    const pair = last.get(key) ?? { sensor, rule, raised: -Infinity, resolved: -Infinity };
    const at = Number(series.values[0]?.[series.columns.indexOf('time')]);
    if (event === 'raised') pair.raised = at;
    else pair.resolved = at;
    last.set(key, pair);
  }
  const open = [...last.values()].filter((p) => p.raised > p.resolved);
  const alerts: Alert[] = [];
  for (let i = 0; i < open.length; i += PAIRS_PER_QUERY) {
    const which = open
      .slice(i, i + PAIRS_PER_QUERY)
      .map((p) => `("sensor" = ${quoteInfluxString(p.sensor)} AND "rule" = ${quoteInfluxString(p.rule)})`)
      .join(' OR ');
    const body = await influxQl(config, `SELECT LAST("doc") AS "doc" FROM ${from} WHERE ${since} AND (${which}) GROUP BY "sensor", "rule"`, 'GET', LOOKBACK_TIMEOUT_MS);
    for (const series of body.results?.[0]?.series ?? []) for (const r of alertRows(series)) alerts.push(r.alert);
  }
  return alerts;
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
  for (const alert of [...latest, ...recent.map((e) => e.alert)]) {
    const prev = byId.get(alert.id);
    if (!prev || prev.updatedAt <= alert.updatedAt) byId.set(alert.id, alert);
  }
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
