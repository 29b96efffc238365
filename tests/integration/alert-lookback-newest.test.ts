/**
 * The look-back for alerts open longer than the recent window (src/lib/influx/alert-lookback.ts), on real InfluxDB:
 * it restores each alert's newest copy by the core's ordering (compareAlertCopies: version, then clock), not the last
 * stored document by time. An acknowledgement made on the copy from before a worsening is stored later, on the web's
 * clock, though the ingest refused it; with both older than the week, a restart held the alert acknowledged at its old
 * level (the ingest) and listed it so (the command center).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AlertEvent } from '../../src/lib/core/alert';
import { foldAlertEvents } from '../../src/lib/core/alert-lifecycle';
import { formatAlertEventLine } from '../../src/lib/core/line-protocol';
import { parseInfluxConfig } from '../../src/lib/core/influx-config';
import { testAlert } from '../../src/lib/server/alert-fixtures';
import { readOpenAlerts } from '../../ingest/sinks/influx-read';
import { readOlderOpenAlertEvents, readRecentAlertEvents } from '../../src/lib/server/history';
import { createInfluxClient } from '../../src/lib/server/influx';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase, influxWrite } from '../helpers/influx';

const services = readTestServices();
const MIN = 60_000;
const DAY = 1440 * MIN;
const now = Date.now();
const db = uniqueDb('lookback');

function event(type: AlertEvent['type'], alert: Alert, at: number, state: Alert['state'] = alert.state): AlertEvent {
  const by = type === 'acknowledged' || type === 'commented' ? 'petugas' : 'pantau';
  return { type, at, by, alert: { ...alert, state, updatedAt: at, ...(state === 'acknowledged' ? { acknowledgedAt: at, acknowledgedBy: by } : {}) } };
}

// Raised 20 days ago, worse 15 days ago; the web acknowledged its copy from before the worsening a minute after it.
const old: Alert = { ...testAlert('long-1', now - 20 * DAY), sensorId: 'flood-01', raisedAt: now - 20 * DAY, level: 1 };
const worse: Alert = { ...old, level: 2, worsenedAt: now - 15 * DAY };
// Another, acknowledged on its worsened copy and then commented on: its newest copy is the acknowledged one.
const other: Alert = { ...testAlert('long-2', now - 20 * DAY), sensorId: 'flood-02', raisedAt: now - 20 * DAY, level: 2, worsenedAt: now - 18 * DAY };
const otherAcked = event('acknowledged', other, now - 17 * DAY, 'acknowledged');
const events = [
  event('raised', old, now - 20 * DAY),
  event('escalated', worse, now - 15 * DAY),
  event('acknowledged', old, now - 15 * DAY + MIN, 'acknowledged'),
  event('raised', { ...other, worsenedAt: undefined, level: 1 }, now - 20 * DAY),
  event('escalated', other, now - 18 * DAY),
  otherAcked,
  { ...event('commented', otherAcked.alert, now - 16 * DAY), alert: { ...otherAcked.alert, updatedAt: now - 16 * DAY, comments: [{ by: 'petugas', at: now - 16 * DAY, text: 'pompa dipasang' }] } }
];
// A third, updated often since: the docs read are each pair's newest (per group), not the newest of all pairs.
const busy: Alert = { ...testAlert('long-3', now - 10 * DAY), sensorId: 'flood-03', raisedAt: now - 10 * DAY };
events.push(event('raised', busy, now - 10 * DAY), ...Array.from({ length: 15 }, (_, i) => event('updated', { ...busy, value: 211 + i }, now - 9 * DAY + i * MIN)));
let config: ReturnType<typeof parseInfluxConfig>;

beforeAll(async () => {
  await createDatabase(services.influxUrl, db);
  await influxWrite(services.influxUrl, db, events.map(formatAlertEventLine));
  config = parseInfluxConfig({ INFLUX_URL: services.influxUrl, INFLUX_DB: db });
});
afterAll(async () => dropDatabase(services.influxUrl, db));

const states = (alerts: Iterable<Alert>) => [...alerts].map((a) => [a.id, a.state, a.level, a.comments.length]).sort();
const expected = [
  ['long-1', 'raised', 2, 0],
  ['long-2', 'acknowledged', 2, 1],
  ['long-3', 'raised', 1, 0]
];

describe('alerts open longer than the recent window, restored from the look-back', () => {
  it('the ingest holds each at its newest copy: the worsened one still raised, not the stale acknowledgement', async () => {
    const open = await readOpenAlerts(config);
    expect(states(open)).toEqual(expected);
    expect(open.find((a) => a.id === 'long-3')?.value).toBe(225);
  });

  it('the command center lists each at its newest copy too', async () => {
    const client = createInfluxClient(config);
    const recent = await readRecentAlertEvents(client, Date.now());
    expect(recent).toEqual([]);
    const open = [...foldAlertEvents(await readOlderOpenAlertEvents(client, recent)).values()].filter((a) => a.state !== 'resolved');
    expect(states(open)).toEqual(expected);
  });
});
