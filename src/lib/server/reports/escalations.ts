import { eventsPolicyFrom, MEASUREMENTS } from '../../core/influx-config';
import { parseDeliveryRecord } from '../../schemas/wire';
import type { EscalationDelivery } from '../../reports/types';
import { seriesRows, type InfluxClient, type InfluxSeries } from '../influx';

/**
 * The notifier's escalations of a period: its deliveries to a backup or a team lead (measurement
 * `deliveries` in the events policy, `reason` a tag; one line per alert a record names, the alert
 * in `alert_id`). Times are integers, the reasons constants: nothing from a request is quoted in.
 */
export const ESCALATIONS_LIMIT = 20_000;

export function buildEscalationsQuery(client: Pick<InfluxClient, 'database' | 'retention'>, startMs: number, endMs: number): string {
  const from = eventsPolicyFrom(MEASUREMENTS.deliveries, client.database, client.retention);
  const range = `time >= ${Math.trunc(startMs)}ms AND time < ${Math.trunc(endMs)}ms`;
  return `SELECT "alert_id", "doc" FROM ${from} WHERE ${range} AND ("reason" = 'backup' OR "reason" = 'lead') ORDER BY time ASC LIMIT ${ESCALATIONS_LIMIT}`;
}

export function parseEscalations(series: readonly InfluxSeries[]): EscalationDelivery[] {
  const out: EscalationDelivery[] = [];
  for (const s of series) {
    for (const row of seriesRows(s)) {
      // A row that is not a record (a corrupt doc, a newer format) is left out, as the alert view does.
      const r = typeof row.doc === 'string' ? parseDeliveryRecord(row.doc) : null;
      if (!r || (r.reason !== 'backup' && r.reason !== 'lead') || typeof row.alert_id !== 'string') continue;
      out.push({ at: Number(row.time), alertId: row.alert_id, personId: r.personId, personName: r.personName, reason: r.reason });
    }
  }
  return out;
}

export async function readEscalations(influx: InfluxClient, startMs: number, endMs: number): Promise<EscalationDelivery[]> {
  return parseEscalations(await influx.query(buildEscalationsQuery(influx, startMs, endMs)));
}
