/**
 * People's actions while InfluxDB hangs (a real influxd paused with SIGSTOP: it accepts connections and answers
 * nothing, as a database that is overloaded or stuck). An acknowledgement must reach the broker, where the ingest
 * and the notifier hear it (an acknowledgement stops the paging), at once (before a write to it could time out) and be answered ok; it waits in
 * the command center's outbox on disk and is in InfluxDB once the database answers again. Real Mosquitto, InfluxDB
 * and socket.io-client; the hub writes to a private InfluxDB so pausing it stops no other test.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/lib/core/alert';
import type { ActionResult, AlertAction, ClientToServerEvents, ServerToClientEvents } from '../../src/lib/core/events';
import { TOPICS } from '../../src/lib/core/topic';
import { parseWebConfig } from '../../src/lib/server/config';
import { createRealtimeHub, type RealtimeHub } from '../../src/lib/server/realtime';
import { OUTBOX_FILE } from '../../src/lib/server/outbox-file';
import { formatAlertEventLine } from '../../src/lib/server/influx';
import { createTestAuth, sessionCookieFor, type TestAuth } from '../helpers/auth';
import { readTestServices, uniqueDb } from '../helpers/env';
import { worsenedAlert } from '../helpers/hub-bed';
import { ALERT_EVENTS, createDatabase, influxQuery, influxWrite } from '../helpers/influx';
import { createTempDir, startInflux, type InfluxHandle } from '../helpers/services';
import { waitFor } from '../helpers/wait';
import { mosquittoPub } from './mqtt-tools';

const { catalog, v2 } = worsenedAlert('fl-ip-1');
const byConsole = { ...v2, id: `${v2.id}-console` };
const byLink = { ...v2, id: `${v2.id}-link` };
const acrossRestart = { ...v2, id: `${v2.id}-restart` };

describe('an acknowledgement while InfluxDB hangs (SIGSTOP)', () => {
  const services = readTestServices();
  const db = uniqueDb('influxpaused');
  let tmp: Awaited<ReturnType<typeof createTempDir>>;
  let influx: InfluxHandle;
  let paused = false;
  let auth: TestAuth;
  let server: Server;
  let hub: RealtimeHub;
  let startHub: () => Promise<RealtimeHub>;
  let console_: Socket<ServerToClientEvents, ClientToServerEvents>;
  let notifier: MqttClient;
  const heard: { event: AlertEvent; at: number }[] = [];
  const logs: string[] = [];

  beforeAll(async () => {
    tmp = await createTempDir('pantau-influx-paused-');
    influx = await startInflux({ dataDir: path.join(tmp.dir, 'influxdb') });
    await createDatabase(influx.url, db);
    auth = await createTestAuth([{ user: 'Siti', role: 'responder' }]);
    server = createServer();
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const env = { MQTT_URL: services.mqttUrl, INFLUX_URL: influx.url, INFLUX_DB: db, PANTAU_WEB_DATA_DIR: path.join(tmp.dir, 'web'), ...auth.env };
    // The audit log is not under test: its own writer would wait for the paused InfluxDB at close (auth/audit.ts).
    const options = { config: parseWebConfig(env), catalog, audit: () => undefined, log: (m: string) => logs.push(m) };
    startHub = () => createRealtimeHub(options);
    hub = await createRealtimeHub({ ...options, httpServer: server });
    await waitFor('hub connected to MQTT', () => hub.status().mqtt);
    console_ = connect(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, {
      extraHeaders: { cookie: sessionCookieFor(auth, 'Siti') }, transports: ['websocket'], reconnection: false
    });
    await new Promise<void>((ok) => console_.once('snapshot', () => ok()));
    // What the notifier does: listen on the alert events topic.
    notifier = mqtt.connect(services.mqttUrl);
    await new Promise<void>((ok, fail) => notifier.once('connect', () => notifier.subscribe(TOPICS.alertEvents, { qos: 1 }, (err) => (err ? fail(err) : ok()))));
    notifier.on('message', (_topic, payload) => heard.push({ event: JSON.parse(payload.toString()) as AlertEvent, at: Date.now() }));
  }, 120_000);

  afterAll(async () => {
    if (paused) process.kill(influx.pid, 'SIGCONT');
    console_?.disconnect();
    notifier?.end(true);
    await hub?.close();
    await new Promise((ok) => server?.close(ok));
    await influx?.stop();
    await auth?.cleanup();
    await tmp?.remove();
  });

  it('is answered ok and heard on MQTT before a write could have timed out, by console and by link; stored in InfluxDB once it answers', async () => {
    for (const alert of [byConsole, byLink]) {
      expect((await mosquittoPub(services.mqttUrl, TOPICS.alertEvents, JSON.stringify({ type: 'raised', at: alert.updatedAt, by: 'pantau', alert }))).code).toBe(0);
    }
    await waitFor('both alerts at the hub', () => hub.alert(byConsole.id) && hub.alert(byLink.id));

    process.kill(influx.pid, 'SIGSTOP');
    paused = true;
    const t0 = Date.now();
    const act = (action: AlertAction) => new Promise<ActionResult>((ok) => console_.emit('alert:action', action, ok));
    const [fromConsole, fromLink] = await Promise.all([
      act({ alertId: byConsole.id, action: 'acknowledge', via: 'console', version: v2.worsenedAt }),
      hub.actAs({ user: 'Siti', role: 'responder' }, { alertId: byLink.id, action: 'acknowledge', via: 'email', version: v2.worsenedAt }, { byLink: true })
    ]);
    const answeredMs = Date.now() - t0;
    expect([fromConsole.ok, fromLink.ok]).toEqual([true, true]);
    // Below InfluxDB's 5-s write timeout, which the actions waited out before (then refused): not a speed test,
    // a loaded 2-core CI machine may take a second or two.
    const BEFORE_WRITE_TIMEOUT_MS = 4_000;
    expect(answeredMs).toBeLessThan(BEFORE_WRITE_TIMEOUT_MS);
    const acks = await waitFor('both acknowledgements on MQTT', () => {
      const got = heard.filter((h) => h.event.type === 'acknowledged');
      return got.length === 2 ? got : null;
    }, { timeoutMs: BEFORE_WRITE_TIMEOUT_MS });
    expect(acks.map((h) => h.event.alert.id).sort()).toEqual([byConsole.id, byLink.id].sort());
    expect(Math.max(...acks.map((h) => h.at)) - t0).toBeLessThan(BEFORE_WRITE_TIMEOUT_MS);
    expect(acks.find((h) => h.event.alert.id === byLink.id)?.event.alert).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'Siti', acknowledgedVia: 'email' });
    expect([hub.alert(byConsole.id)?.state, hub.alert(byLink.id)?.state]).toEqual(['acknowledged', 'acknowledged']);
    // Not in InfluxDB yet: kept on disk meanwhile.
    const outbox = path.join(tmp.dir, 'web', OUTBOX_FILE);
    expect(readFileSync(outbox, 'utf8').trim().split('\n')).toHaveLength(2);

    // Past the write's 5 s timeout: the first try fails and the outbox tries again.
    await waitFor('the first write to time out', () => logs.some((l) => l.includes('storing alert events in InfluxDB failed')), { timeoutMs: 10_000 });
    process.kill(influx.pid, 'SIGCONT');
    paused = false;
    const rows = await waitFor('both acknowledgements in InfluxDB', async () => {
      const r = await influxQuery(influx.url, db, `SELECT "alert_id", "by" FROM ${ALERT_EVENTS} WHERE "event" = 'acknowledged'`);
      return r.length === 2 ? r : null;
    }, { timeoutMs: 45_000, intervalMs: 500 });
    expect(rows.map((r) => r.alert_id).sort()).toEqual([byConsole.id, byLink.id].sort());
    await waitFor('the outbox emptied', () => readFileSync(outbox, 'utf8') === '');
    expect(logs.some((l) => l.includes('InfluxDB stores alert events again'))).toBe(true);
  }, 90_000);

  it('survives a restart of the command center while InfluxDB still hangs: the next start stores it and shows it acknowledged', async () => {
    const raised: AlertEvent = { type: 'raised', at: acrossRestart.updatedAt, by: 'pantau', alert: acrossRestart };
    await influxWrite(influx.url, db, formatAlertEventLine(raised));
    expect((await mosquittoPub(services.mqttUrl, TOPICS.alertEvents, JSON.stringify(raised))).code).toBe(0);
    await waitFor('the alert at the hub', () => hub.alert(acrossRestart.id));

    process.kill(influx.pid, 'SIGSTOP');
    paused = true;
    const result = await hub.actAs({ user: 'Siti', role: 'responder' }, { alertId: acrossRestart.id, action: 'acknowledge', via: 'console', version: v2.worsenedAt });
    expect(result.ok).toBe(true);
    const outbox = path.join(tmp.dir, 'web', OUTBOX_FILE);
    expect(readFileSync(outbox, 'utf8')).toContain(acrossRestart.id);
    await hub.close();
    expect(logs.some((l) => /1 events not in InfluxDB, [01] not acknowledged by the broker; kept in /.test(l))).toBe(true);

    process.kill(influx.pid, 'SIGCONT');
    paused = false;
    hub = await startHub();
    // rebuilt from InfluxDB (raised), then the outbox's acknowledgement applied over it
    await waitFor('the acknowledgement shown after the restart', () => hub.alert(acrossRestart.id)?.state === 'acknowledged');
    const rows = await waitFor('the acknowledgement in InfluxDB', async () => {
      const r = await influxQuery(influx.url, db, `SELECT "alert_id" FROM ${ALERT_EVENTS} WHERE "event" = 'acknowledged' AND "alert_id" = '${acrossRestart.id}'`);
      return r.length > 0 ? r : null;
    }, { timeoutMs: 45_000, intervalMs: 500 });
    expect(rows).toHaveLength(1);
    // emptied only once this start's own write was answered
    await waitFor('the outbox emptied', () => readFileSync(outbox, 'utf8') === '');
    expect(logs.some((l) => l.includes('1 events from before the restart, sending them'))).toBe(true);
  }, 90_000);
});
