/**
 * The look-back (src/lib/influx/alert-lookback.ts) on real InfluxDB reads only the docs of the alert each open sensor
 * and rule pair last raised. It read the pair's last docs whatever their alert: an earlier alert of the same pair,
 * resolved, came back open from a doc stored just after its resolution (a comment made on the web before the hub heard
 * it) when its `resolved` doc fell outside them, a second open alert on the wall. And it holds one copy per alert.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AlertEvent } from '../../src/lib/core/alert';
import { formatAlertEventLine } from '../../src/lib/core/line-protocol';
import { parseInfluxConfig } from '../../src/lib/core/influx-config';
import { testAlert } from '../../src/lib/server/alert-fixtures';
import { createAlertStore } from '../../src/lib/server/alert-store';
import { readLatestAlertStates, readOpenAlerts } from '../../ingest/sinks/influx-read';
import { readOlderOpenAlertEvents, readRecentAlertEvents } from '../../src/lib/server/history';
import { createInfluxClient } from '../../src/lib/server/influx';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase, influxWrite } from '../helpers/influx';

const services = readTestServices();
const MIN = 60_000;
const DAY = 1440 * MIN;
const now = Date.now();
const db = uniqueDb('ghost');

const event = (type: AlertEvent['type'], alert: Alert, at: number): AlertEvent => ({
  type, at, by: type === 'commented' ? 'petugas' : 'pantau', alert: { ...alert, updatedAt: at }
});

// The first alert of flood-09: raised 30 days ago, resolved 20 days ago (the sensor's clock); a comment made on the
// web just before the hub heard the resolution is stored 2 min after it, on its copy still raised.
const first: Alert = { ...testAlert('ghost-1', now - 30 * DAY), sensorId: 'flood-09', raisedAt: now - 30 * DAY };
const resolvedAt = now - 20 * DAY;
// The second, raised 10 days ago (older than the week), updated 8 times since: 9 docs of its own, the comment the 10th.
const second: Alert = { ...testAlert('ghost-2', now - 10 * DAY), sensorId: 'flood-09', raisedAt: now - 10 * DAY };
const events: AlertEvent[] = [
  event('raised', first, now - 30 * DAY),
  event('resolved', { ...first, state: 'resolved', resolvedAt, resolvedBy: 'pantau' }, resolvedAt),
  event('commented', { ...first, comments: [{ by: 'petugas', at: resolvedAt + 2 * MIN, text: 'cek' }] }, resolvedAt + 2 * MIN),
  event('raised', second, now - 10 * DAY),
  ...Array.from({ length: 8 }, (_, i) => event('updated', { ...second, value: 220 + i }, now - 10 * DAY + (i + 1) * MIN))
];
let config: ReturnType<typeof parseInfluxConfig>;

beforeAll(async () => {
  await createDatabase(services.influxUrl, db);
  await influxWrite(services.influxUrl, db, events.map(formatAlertEventLine));
  config = parseInfluxConfig({ INFLUX_URL: services.influxUrl, INFLUX_DB: db });
});
afterAll(async () => dropDatabase(services.influxUrl, db));

describe('the look-back reads only the alert a pair last raised', () => {
  it('the ingest holds the second alert alone, at its newest copy, and reads one copy of it', async () => {
    const open = await readOpenAlerts(config);
    expect(open.map((a) => [a.id, a.state, a.value])).toEqual([['ghost-2', 'raised', 227]]);
    expect((await readLatestAlertStates(config)).map((a) => a.id)).toEqual(['ghost-2']);
  });

  it('the command center lists the second alert alone', async () => {
    const client = createInfluxClient(config);
    const recent = await readRecentAlertEvents(client, Date.now());
    expect(recent).toEqual([]);
    const older = await readOlderOpenAlertEvents(client, recent);
    expect(older.map((e) => e.alert.id)).toEqual(['ghost-2']);
    const store = createAlertStore();
    store.load(older, Date.now());
    expect(store.list(Date.now()).map((a) => [a.id, a.state, a.value])).toEqual([['ghost-2', 'raised', 227]]);
  });
});
