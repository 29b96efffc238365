import { eventsPolicyFrom, MEASUREMENTS } from '../../core/influx-config';
import { quoteInfluxString } from '../../core/line-protocol';
import type { DeliveryRecord } from '../../core/people';
import { parseDeliveryRecord } from '../../schemas/wire';
import { seriesRows, type InfluxClient } from '../influx';

/** An alert's deliveries shown at most: a critical alert paging a team for hours stays well under this. */
export const MAX_HISTORY_RECORDS = 200;

/** Without a raise time in the alert id, how far back deliveries are looked for. */
const FALLBACK_LOOKBACK = '30d';
/** Records are dated by the notifier's clock; a little slack before the raise covers clocks apart. */
const CLOCK_SLACK_MS = 5 * 60_000;

/** No alert of Pantau was raised before this (2020-01-01): an id naming an earlier time is not one, and would read every delivery ever stored. */
const EARLIEST_RAISE_MS = Date.UTC(2020, 0, 1);

/** An alert id is `<sensorId>:<rule>:<raisedAt>` (core/alert.ts): its raise time, or null when it is not one. */
export function raisedAtOf(alertId: string): number | null {
  const t = Number(alertId.slice(alertId.lastIndexOf(':') + 1));
  return alertId.includes(':') && Number.isSafeInteger(t) && t >= EARLIEST_RAISE_MS ? t : null;
}

/**
 * An alert's deliveries as the notifier stored them (measurement `deliveries`, events policy, one line
 * per alert a record names; line-protocol.ts formatDeliveryLines), newest MAX_HISTORY_RECORDS, oldest first.
 * `alert_id` is a field, not a tag, so the time range (from the alert's raise) is what keeps the read
 * small. The alert id is quoted through the core (it comes from the URL).
 */
export function buildDeliveriesQuery(client: Pick<InfluxClient, 'database' | 'retention'>, alertId: string): string {
  const from = eventsPolicyFrom(MEASUREMENTS.deliveries, client.database, client.retention);
  const raisedAt = raisedAtOf(alertId);
  const since = raisedAt === null ? `now() - ${FALLBACK_LOOKBACK}` : `${(raisedAt - CLOCK_SLACK_MS) * 1_000_000}`;
  return `SELECT "doc" FROM ${from} WHERE time >= ${since} AND "alert_id" = ${quoteInfluxString(alertId)} ORDER BY time DESC LIMIT ${MAX_HISTORY_RECORDS}`;
}

export async function readDeliveries(client: InfluxClient, alertId: string): Promise<DeliveryRecord[]> {
  const out: DeliveryRecord[] = [];
  for (const s of await client.query(buildDeliveriesQuery(client, alertId))) {
    for (const row of seriesRows(s)) {
      // A row that is not a record (a corrupt doc, a newer format) is skipped, not fatal to the view.
      const r = typeof row.doc === 'string' ? parseDeliveryRecord(row.doc) : null;
      if (r) out.push(r);
    }
  }
  return out.reverse();
}

const keyOf = (r: DeliveryRecord) => `${r.at}|${r.personId}|${r.channel}|${r.status}|${r.attempt}`;

/** Stored and live records of one alert, each once, oldest first (live ones may not be stored yet). */
export function mergeDeliveries(stored: DeliveryRecord[], live: DeliveryRecord[]): DeliveryRecord[] {
  const seen = new Map<string, DeliveryRecord>();
  for (const r of [...stored, ...live]) seen.set(keyOf(r), r);
  return [...seen.values()].sort((a, b) => a.at - b.at).slice(-MAX_HISTORY_RECORDS);
}
