/**
 * The look-back (src/lib/influx/alert-lookback.ts) on real InfluxDB after a late restore merged two alerts of one sensor
 * and rule (ingest/detect/alert-fold.ts): the older (A1) kept, its merge an `updated`, the newer (A2) closed with
 * `mergedInto: A1`. The pair's last raise is A2's and its last resolve A2's merged close: past the recent window it read
 * as closed, so neither the ingest nor the command center found A1 and the next start raised (and paged) it again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AlertEvent } from '../../src/lib/core/alert';
import { formatAlertEventLine } from '../../src/lib/core/line-protocol';
import { parseInfluxConfig } from '../../src/lib/core/influx-config';
import { testAlert } from '../../src/lib/server/alert-fixtures';
import { createAlertStore } from '../../src/lib/server/alert-store';
import { readOpenAlerts } from '../../ingest/sinks/influx-read';
import { readOlderOpenAlertEvents, readRecentAlertEvents } from '../../src/lib/server/history';
import { createInfluxClient } from '../../src/lib/server/influx';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase, influxWrite } from '../helpers/influx';

const services = readTestServices();
const MIN = 60_000;
const DAY = 1440 * MIN;
const now = Date.now();
const db = uniqueDb('merged');

const event = (type: AlertEvent['type'], alert: Alert, at: number): AlertEvent => ({ type, at, by: type === 'acknowledged' ? 'ani' : 'pantau', alert: { ...alert, updatedAt: at } });

/** One merge of `sensor`'s flood alerts 12 days ago: A1 raised 20 days ago and acknowledged, A2 raised at the restart. */
function merge(sensor: string, a1Id: string): { a1: Alert; events: AlertEvent[] } {
  const raised: Alert = { ...testAlert(a1Id, now - 20 * DAY), sensorId: sensor, raisedAt: now - 20 * DAY };
  const a1: Alert = { ...raised, state: 'acknowledged', acknowledgedAt: now - 20 * DAY + MIN, acknowledgedBy: 'ani' };
  const a2: Alert = { ...testAlert(`${sensor}:flood_level:${now - 12 * DAY}`, now - 12 * DAY), sensorId: sensor, raisedAt: now - 12 * DAY };
  const at = now - 12 * DAY + 10 * MIN;
  return {
    a1,
    events: [
      event('raised', raised, raised.raisedAt),
      event('acknowledged', a1, a1.acknowledgedAt!),
      event('raised', a2, a2.raisedAt),
      event('updated', { ...a1, value: 231 }, at),
      event('resolved', { ...a2, state: 'resolved', resolvedAt: at, resolvedBy: 'pantau', mergedInto: a1.id }, at)
    ]
  };
}

// flood-11: merged, A1 still open (its id with a quote: it enters the docs' InfluxQL); flood-12: merged, A1 resolved 5 days later
const open = merge('flood-11', "flood-11:flood_level:o'ld");
const closed = merge('flood-12', 'flood-12:flood_level:1');
const closedLater = event('resolved', { ...closed.a1, value: 231, state: 'resolved', resolvedAt: now - 7 * DAY - MIN, resolvedBy: 'ani' }, now - 7 * DAY - MIN);
let config: ReturnType<typeof parseInfluxConfig>;

beforeAll(async () => {
  await createDatabase(services.influxUrl, db);
  await influxWrite(services.influxUrl, db, [...open.events, ...closed.events, closedLater].map(formatAlertEventLine));
  config = parseInfluxConfig({ INFLUX_URL: services.influxUrl, INFLUX_DB: db });
});
afterAll(async () => dropDatabase(services.influxUrl, db));

describe('the look-back after a late restore merged two alerts, past the recent window', () => {
  it('the ingest reads back the kept alert, acknowledged at its merged copy, and not the one it was resolved since', async () => {
    const alerts = await readOpenAlerts(config);
    expect(alerts.map((a) => [a.id, a.state, a.acknowledgedBy, a.value])).toEqual([[open.a1.id, 'acknowledged', 'ani', 231]]);
  });

  it('the command center lists the kept alert alone', async () => {
    const client = createInfluxClient(config);
    const recent = await readRecentAlertEvents(client, Date.now());
    expect(recent).toEqual([]);
    const store = createAlertStore();
    store.load(await readOlderOpenAlertEvents(client, recent), Date.now());
    expect(store.list(Date.now()).map((a) => [a.id, a.state])).toEqual([[open.a1.id, 'acknowledged']]);
  });
});
