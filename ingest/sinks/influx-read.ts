import { isOpen, type Alert, type AlertEvent } from '../../src/lib/core/alert';
import { alertEventsFrom, type InfluxConfig } from '../../src/lib/core/influx-config';
import { influxQl, type InfluxSeries } from '../../src/lib/influx/query';

/** Rows the history read takes at most; past it the newest are kept (a restart needs the latest states). */
export const ALERT_HISTORY_LIMIT = 100_000;
/**
 * How far back the restore looks for alerts still open without a recent event (a dead sensor's
 * acknowledged `sensor_silent` is written once). One row per sensor and rule: bounded by the catalog.
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

/**
 * The newest stored state of every sensor's alert of each rule over `days`: the policy holds one alert
 * per sensor and rule, so its latest event says whether that alert is still open however long ago it
 * was written.
 */
export async function readLatestAlertStates(config: InfluxConfig, days = OPEN_ALERT_LOOKBACK_DAYS): Promise<Alert[]> {
  const q =
    `SELECT LAST("doc") AS "doc" FROM ${alertEventsFrom(config.database, config.retention)} ` +
    `WHERE time > now() - ${Math.trunc(days)}d GROUP BY "sensor", "rule"`;
  const body = await influxQl(config, q);
  return (body.results?.[0]?.series ?? []).flatMap((series) => [...alertRows(series)].map((r) => r.alert));
}

/**
 * The alerts to hold open after a restart: the newest state of each alert in the recent history,
 * and those the recent window no longer shows but whose sensor and rule wrote nothing since.
 */
export async function readOpenAlerts(config: InfluxConfig, opts: { days?: number; limit?: number; lookbackDays?: number } = {}): Promise<Alert[]> {
  const [latest, recent] = await Promise.all([readLatestAlertStates(config, opts.lookbackDays), readAlertHistory(config, opts.days, opts.limit)]);
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
