/**
 * What the ingest reads at start to hold open alerts again (ingest/sinks/influx-read.ts), on real
 * InfluxDB: past the row limit the newest states are kept, and an alert open for longer than the
 * recent window without an event (a dead sensor's acknowledged `sensor_silent`) comes back too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AlertEvent } from '../../src/lib/core/alert';
import { formatAlertEventLine } from '../../src/lib/core/line-protocol';
import { parseInfluxConfig } from '../../src/lib/core/influx-config';
import { testAlert } from '../../src/lib/server/alert-fixtures';
import { readAlertHistory, readOpenAlerts } from '../../ingest/sinks/influx-read';
import { readOlderOpenAlertEvents, readRecentAlertEvents } from '../../src/lib/server/history';
import { createInfluxClient } from '../../src/lib/server/influx';
import { foldAlertEvents } from '../../src/lib/core/alert-lifecycle';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase, influxWrite } from '../helpers/influx';
import { spawnProcess } from '../helpers/processes';
import { waitFor } from '../helpers/wait';
import { findFreePort } from '../../scripts/lib/free-port';

const services = readTestServices();
const MIN = 60_000;
const DAY = 1440 * MIN;
const now = Date.now();
const dbs: string[] = [];

async function databaseWith(events: AlertEvent[]) {
  const db = uniqueDb('restore');
  dbs.push(db);
  await createDatabase(services.influxUrl, db);
  await influxWrite(services.influxUrl, db, events.map(formatAlertEventLine));
  return parseInfluxConfig({ INFLUX_URL: services.influxUrl, INFLUX_DB: db });
}

/** An alert's event at `at`: the alert as it was after it. */
function event(type: AlertEvent['type'], alert: Alert, at: number, state: Alert['state'] = alert.state): AlertEvent {
  return { type, at, by: type === 'acknowledged' ? 'petugas' : 'pantau', alert: { ...alert, state, updatedAt: at, ...(state === 'resolved' ? { resolvedAt: at } : {}) } };
}

afterAll(async () => {
  for (const db of dbs) await dropDatabase(services.influxUrl, db);
});

describe('restoring open alerts at start', () => {
  describe('a history longer than the row limit', () => {
    const alert = { ...testAlert('busy-1', now - 10 * MIN), raisedAt: now - 10 * MIN };
    // Raised, updated every minute, acknowledged, then resolved a minute ago.
    const events = [
      event('raised', alert, now - 10 * MIN),
      ...Array.from({ length: 6 }, (_, i) => event('updated', alert, now - (9 - i) * MIN)),
      event('acknowledged', alert, now - 3 * MIN, 'acknowledged'),
      event('updated', alert, now - 2 * MIN, 'acknowledged'),
      event('resolved', alert, now - MIN, 'resolved')
    ];
    let config: ReturnType<typeof parseInfluxConfig>;
    beforeAll(async () => void (config = await databaseWith(events)));

    it('keeps the newest events, oldest first', async () => {
      const read = await readAlertHistory(config, 7, 3);
      expect(read.map((e) => [e.type, e.at])).toEqual(events.slice(-3).map((e) => [e.type, e.at]));
    });

    it('so an alert resolved since is not held open again', async () => {
      expect(await readOpenAlerts(config, { limit: 3 })).toEqual([]);
    });
  });

  describe('an acknowledgement made on the copy from before a worsening (refused live by the merge)', () => {
    const alert = { ...testAlert('worse-1', now - 10 * MIN), raisedAt: now - 10 * MIN };
    const worse: Alert = { ...alert, level: 2, worsenedAt: now - 5 * MIN };
    let config: ReturnType<typeof parseInfluxConfig>;
    // The web stored the acknowledgement of its older copy a minute after the worsening, on its own clock.
    beforeAll(async () => void (config = await databaseWith([event('raised', alert, now - 10 * MIN), event('escalated', worse, now - 5 * MIN), event('acknowledged', alert, now - 4 * MIN, 'acknowledged')])));

    it('does not come back as the alert state after a restart: the worsened copy, still raised, does', async () => {
      expect((await readOpenAlerts(config)).map((a) => [a.id, a.state, a.level])).toEqual([['worse-1', 'raised', 2]]);
    });
  });

  describe('an alert open longer than the recent window', () => {
    const silent: Alert = { ...testAlert('silent-1', now - 20 * DAY), sensorId: 'air-01', kind: 'air', rule: 'sensor_silent', category: 'maintenance', raisedAt: now - 20 * DAY };
    const over: Alert = { ...testAlert('over-1', now - 20 * DAY), sensorId: 'flood-02', raisedAt: now - 20 * DAY };
    // Sensor flood-03 and rule flood_level: an old alert resolved, then a newer one raised (still open).
    const first: Alert = { ...testAlert('again-1', now - 30 * DAY), sensorId: 'flood-03', raisedAt: now - 30 * DAY };
    const second: Alert = { ...testAlert('again-2', now - 12 * DAY), sensorId: 'flood-03', raisedAt: now - 12 * DAY };
    const recent: Alert = { ...testAlert('recent-1', now - DAY), sensorId: 'flood-04', raisedAt: now - DAY };
    let config: ReturnType<typeof parseInfluxConfig>;
    beforeAll(async () => {
      config = await databaseWith([
        event('raised', silent, now - 20 * DAY),
        event('acknowledged', silent, now - 19 * DAY, 'acknowledged'),
        event('raised', over, now - 20 * DAY),
        event('resolved', over, now - 15 * DAY, 'resolved'),
        event('raised', first, now - 30 * DAY),
        event('resolved', first, now - 25 * DAY, 'resolved'),
        event('raised', second, now - 12 * DAY),
        event('raised', recent, now - DAY)
      ]);
    });

    it('is restored in its newest state; alerts resolved since are not', async () => {
      const open = await readOpenAlerts(config);
      expect(open.map((a) => [a.id, a.state]).sort()).toEqual([
        ['again-2', 'raised'],
        ['recent-1', 'raised'],
        ['silent-1', 'acknowledged']
      ]);
    });

    it('the recent window alone would miss it (what the restore read before)', async () => {
      expect((await readAlertHistory(config)).map((e) => e.alert.id)).toEqual(['recent-1']);
    });

    it('the command center lists it at its start too, in its newest state', async () => {
      // src/lib/server/history.ts: the console's rebuild read a week only and dropped it
      const client = createInfluxClient(config);
      const recent = await readRecentAlertEvents(client, Date.now());
      const events = [...(await readOlderOpenAlertEvents(client, recent)), ...recent];
      const open = [...foldAlertEvents(events).values()].filter((a) => a.state !== 'resolved');
      expect(open.map((a) => [a.id, a.state]).sort()).toEqual([
        ['again-2', 'raised'],
        ['recent-1', 'raised'],
        ['silent-1', 'acknowledged']
      ]);
    });

    it('looks back only as far as it is told', async () => {
      expect((await readOpenAlerts(config, { lookbackDays: 15 })).map((a) => a.id).sort()).toEqual(['again-2', 'recent-1']);
    });
  });

  it('with InfluxDB away at start: the ingest starts without them and adopts them when it answers', async () => {
    const alert: Alert = { ...testAlert('late-1', now - 2 * DAY), sensorId: 'air-palaran-1', kind: 'air', rule: 'sensor_silent', category: 'maintenance', raisedAt: now - 2 * DAY };
    const config = await databaseWith([event('raised', alert, now - 2 * DAY), event('acknowledged', alert, now - 2 * DAY + MIN, 'acknowledged')]);
    // InfluxDB behind a port nobody listens on until the ingest has given up waiting for it.
    const port = await findFreePort();
    const influx = new URL(services.influxUrl);
    let proxy: Server | undefined;
    const wal = mkdtempSync(path.join(tmpdir(), 'pantau-wal-'));
    const ingest = await spawnProcess({
      name: 'ingest',
      args: ['ingest/main.ts'],
      env: {
        MQTT_URL: services.mqttUrl, INFLUX_URL: `http://127.0.0.1:${port}`, INFLUX_DB: config.database, INGEST_CLIENT_ID: `ingest-${config.database}`,
        INGEST_WAL_DIR: wal, INGEST_METRICS_PORT: 'off', INGEST_FORECAST_WARMUP_HOURS: '0'
      },
      readyLine: /starting with no open alerts/,
      timeoutMs: 40_000
    });
    try {
      proxy = createServer((c) => {
        const upstream = createConnection(Number(influx.port), influx.hostname);
        // A reset when the ingest stops must not throw in the test process.
        for (const s of [c, upstream]) s.on('error', () => (c.destroy(), upstream.destroy()));
        c.pipe(upstream).pipe(c);
      });
      await new Promise<void>((r) => proxy!.listen(port, '127.0.0.1', r));
      await waitFor(() => /open alerts read late/.test(ingest.logs()), { timeoutMs: 40_000 });
      expect(ingest.logs()).toMatch(/1 open alerts read late from InfluxDB; 1 open now/);
    } finally {
      await ingest.stop();
      proxy?.close();
      rmSync(wal, { recursive: true, force: true });
    }
  }, 90_000);
});
