/**
 * A forecast warning told unchecked (ingest/detect/alert-unchecked.ts) read back from real InfluxDB after a restart: its
 * state is the alert's `uncheckedSince`, carried in the stored `doc`, so the ingest does not tell it unchecked again and
 * the command center's screens show it, whatever its wording. An alert stored before the field (its English wording
 * only) is still known as unchecked.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Alert, AlertEvent } from '../../src/lib/core/alert';
import { uncheckedSince } from '../../src/lib/core/alert-unchecked';
import { foldAlertEvents } from '../../src/lib/core/alert-lifecycle';
import { formatAlertEventLine } from '../../src/lib/core/line-protocol';
import { parseInfluxConfig } from '../../src/lib/core/influx-config';
import { indexSensors } from '../../src/lib/core/sensor';
import { testAlert } from '../../src/lib/server/alert-fixtures';
import { readRecentAlertEvents } from '../../src/lib/server/history';
import { createInfluxClient } from '../../src/lib/server/influx';
import { readOpenAlerts } from '../../ingest/sinks/influx-read';
import { createAlertPolicy } from '../../ingest/detect/alert-policy';
import { CATALOG } from '../../ingest/detect/test-support';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase, influxWrite } from '../helpers/influx';

const services = readTestServices();
const HOUR = 3_600_000;
const now = Date.now();
const held = now - 5 * HOUR;
const dbs: string[] = [];

/** An acknowledged rise warning on Gunung Lingai held since `held`; told unchecked in the way `over` says. */
function warning(id: string, over: Partial<Alert>): Alert {
  const a = testAlert(id, now - HOUR);
  const acked = { state: 'acknowledged' as const, acknowledgedAt: held, acknowledgedBy: 'budi' };
  return { ...a, sensorId: 'gunung-lingai', sensorName: 'Gunung Lingai', rule: 'rate_of_rise', raisedAt: held - HOUR, heldSince: held, ...acked, ...over };
}
// worded as no version ever did: only the field says it is unchecked (before the field, told unchecked again)
const coded = warning('coded-1', { uncheckedSince: held + 2 * HOUR, explanation: { id: 'Belum terperiksa. Prakiraan terakhir: x', en: 'Not checked. The last forecast said: x' } });
const old = warning('old-1', { explanation: { id: 'Prakiraan tak terperiksa: … Prakiraan terakhir: x', en: 'Forecast unchecked: … The last forecast said: x' } });

afterAll(async () => {
  for (const db of dbs) await dropDatabase(services.influxUrl, db);
});

describe.each([
  ['with its state', coded],
  ['stored before its state was a field', old]
])('an unchecked forecast warning restored from InfluxDB (%s)', (_how, alert) => {
  it('is known as unchecked by the ingest (not told again) and by the command center', async () => {
    const db = uniqueDb('unchecked');
    dbs.push(db);
    await createDatabase(services.influxUrl, db);
    const raised: AlertEvent = { type: 'raised', at: alert.updatedAt, by: 'pantau', alert };
    await influxWrite(services.influxUrl, db, [formatAlertEventLine(raised)]);
    const config = parseInfluxConfig({ INFLUX_URL: services.influxUrl, INFLUX_DB: db });

    const [restored] = await readOpenAlerts(config);
    expect(uncheckedSince(restored)).toBe(held + 2 * HOUR);
    // the gauge still faulty (distrust carried over the restart): the restored warning stays as it is
    const policy = createAlertPolicy(indexSensors(CATALOG), {}, (s) => s.intervalS * 1000, () => 0, () => NaN, () => ({ since: held, rule: null }));
    policy.applyExternal({ ...raised, alert: restored });
    expect(policy.tick(now)).toEqual([]);

    const web = foldAlertEvents(await readRecentAlertEvents(createInfluxClient(config), now));
    expect(uncheckedSince(web.get(alert.id)!)).toBe(held + 2 * HOUR);
  });
});
