import type { AlertEvent } from '../../src/lib/core/alert';
import { alertEventsFrom, type InfluxConfig } from '../../src/lib/core/influx-config';
import { influxQl } from '../../src/lib/influx/query';

/** Alert events of the last days (their own policy), oldest first, to rebuild alert state after a restart. */
export async function readAlertHistory(config: InfluxConfig, days = 7): Promise<AlertEvent[]> {
  const q = `SELECT "doc", "event", "by" FROM ${alertEventsFrom(config.database, config.retention)} WHERE time > now() - ${Math.trunc(days)}d ORDER BY time ASC LIMIT 100000`;
  const body = await influxQl(config, q);
  const events: AlertEvent[] = [];
  for (const series of body.results?.[0]?.series ?? []) {
    const iTime = series.columns.indexOf('time');
    const iDoc = series.columns.indexOf('doc');
    const iEvent = series.columns.indexOf('event');
    const iBy = series.columns.indexOf('by');
    for (const row of series.values) {
      try {
        const alert = JSON.parse(String(row[iDoc]));
        // A row without a doc (null), or with something else in it, cannot restore an alert.
        if (!alert || typeof alert !== 'object' || typeof alert.id !== 'string') continue;
        events.push({ type: row[iEvent] as AlertEvent['type'], at: Number(row[iTime]), by: String(row[iBy] ?? ''), alert });
      } catch {
        // A damaged doc is skipped: one bad row must not keep the service from starting.
      }
    }
  }
  return events;
}
