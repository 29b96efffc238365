import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket as NetSocket } from 'node:net';
import { createConnection, createServer as createNetServer, type Server as NetServer } from 'node:net';
import { findFreePort } from '../../scripts/lib/free-port';
import mqtt, { type MqttClient } from 'mqtt';
import { io as connect, type Socket } from 'socket.io-client';
import type { Alert, AlertEvent } from '../../src/lib/core/alert';
import type { Catalog } from '../../src/lib/core/sensor';
import type { LiveReading } from '../../src/lib/core/reading';
import type { ActionResult, ClientToServerEvents, SequencedAlertEvent, ServerToClientEvents, Snapshot } from '../../src/lib/core/events';
import { TOPICS } from '../../src/lib/core/topic';
import { formatAlertEventLine } from '../../src/lib/server/influx';
import { parseWebConfig } from '../../src/lib/server/config';
import { createRealtimeHub, type RealtimeHub } from '../../src/lib/server/realtime';
import { stateAtSeverity } from '../../src/lib/core/state-fixtures';
import { readTestServices, uniqueDb } from '../helpers/env';
import { ALERT_EVENTS, createDatabase, dropDatabase, influxQuery, influxWrite } from '../helpers/influx';
import { waitFor } from '../helpers/wait';
import { mosquittoPub } from './mqtt-tools';
import { createTestAuth, sessionCookieFor, type TestAuth } from '../helpers/auth';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const catalog: Catalog = {
  city: 'Test',
  districts: [],
  sensors: [
    { id: 'fl-rt-1', kind: 'flood', name: 'Gauge 1', district: 'Sungai Pinang', lat: -0.48, lon: 117.15, intervalS: 60, flood: { siaga3: 150, siaga2: 200, siaga1: 250 } },
    { id: 'air-rt-1', kind: 'air', name: 'Air 1', district: 'Samarinda Kota', lat: -0.5, lon: 117.14, intervalS: 60 }
  ]
};

function alert(id: string, at: number): Alert {
  return {
    id, sensorId: 'fl-rt-1', sensorName: 'Gauge 1', kind: 'flood', district: 'Sungai Pinang', rule: 'flood_level',
    category: 'emergency', severity: 'warning', level: 2, title: { id: 'Siaga 2', en: 'Level 2' },
    explanation: { id: 'naik', en: 'rising' }, action: { id: 'cek', en: 'check' }, value: 210, state: 'raised',
    raisedAt: at, updatedAt: at, comments: []
  };
}

// Siti and Budi are responders: the hubs below verify their session cookies (PANTAU_USERS etc. in authEnv).
let auth: TestAuth;
let authEnv: Record<string, string> = {};
beforeAll(async () => {
  auth = await createTestAuth([
    { user: 'Siti', role: 'responder' },
    { user: 'Budi', role: 'responder' }
  ]);
  authEnv = auth.env;
});
afterAll(() => auth?.cleanup());

/** A socket.io-client, logged in as `user`, that records everything the server pushes. */
function createRecorder(url: string, user: string) {
  const client: Client = connect(url, { extraHeaders: { cookie: sessionCookieFor(auth, user) }, transports: ['websocket'], reconnection: false });
  const rec = { client, snapshots: [] as Snapshot[], readings: [] as LiveReading[], alerts: [] as SequencedAlertEvent[] };
  client.on('snapshot', (s) => rec.snapshots.push(s));
  client.on('readings', (batch) => rec.readings.push(...batch));
  client.on('alert', (e) => rec.alerts.push(e));
  return rec;
}

describe('realtime hub with real Mosquitto, InfluxDB and socket.io-client', () => {
  const services = readTestServices();
  const db = uniqueDb('realtime');
  const t0 = Date.now();
  let server: Server;
  let hub: RealtimeHub;
  let url: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    await createDatabase(services.influxUrl, db);
    // State from "before the restart": one open alert and one stored reading.
    const stored: AlertEvent = { type: 'raised', at: t0 - 60_000, by: 'ingest', alert: alert('fl-rt-1:flood_level:old', t0 - 60_000) };
    await influxWrite(services.influxUrl, db, [
      formatAlertEventLine(stored),
      `flood,district=Sungai\\ Pinang,sensor=fl-rt-1 water_level=205,rainfall=3 ${t0 - 30_000}`,
      // An hour of clean air, then one bad reading: alone ISPU 147 (Tidak Sehat), the hour's mean 32.5 µg/m³ ISPU 71 (Sedang).
      ...[50, 40, 30].map((min) => `air,district=Samarinda\\ Kota,sensor=air-rt-1 pm25=10 ${t0 - min * 60_000}`),
      `air,district=Samarinda\\ Kota,sensor=air-rt-1 pm25=100 ${t0 - 20_000}`
    ]);
    server = createServer();
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const config = parseWebConfig({ MQTT_URL: services.mqttUrl, INFLUX_URL: services.influxUrl, INFLUX_DB: db, ...authEnv });
    hub = await createRealtimeHub({ config, httpServer: server, catalog, log: () => undefined });
    await waitFor('hub connected to MQTT', () => hub.status().mqtt);
  });

  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await hub?.close();
    await new Promise((ok) => server?.close(ok));
    await dropDatabase(services.influxUrl, db);
  });

  it('pushes rebuilt state, live readings, alert events, actions and missed events', async () => {
    const a = createRecorder(url, 'Siti');
    const b = createRecorder(url, 'Budi');
    clients.push(a.client, b.client);

    // 1. Snapshot: state rebuilt from InfluxDB, with a label computed from the catalog thresholds.
    const snap = await waitFor('snapshot', () => a.snapshots[0]);
    expect(snap.alerts.map((x) => x.id)).toContain('fl-rt-1:flood_level:old');
    const rebuilt = snap.readings.find((r) => r.sensorId === 'fl-rt-1');
    expect(rebuilt?.values.water_level).toBe(205);
    expect(rebuilt?.severity).toBe(2);
    // The air sensor rebuilt with the hourly index the ingest shows live, not its last reading's own.
    const air = snap.readings.find((r) => r.sensorId === 'air-rt-1');
    expect(air?.state).toEqual({ kind: 'air', category: 'sedang', ispu: 71, pollutant: 'pm25', window: 'hourly' });
    expect(air?.severity).toBe(1);

    // 2. Live readings from the ingest's topic, with junk in the same batch dropped.
    const reading: LiveReading = { sensorId: 'air-rt-1', kind: 'air', ts: Date.now(), values: { pm25: 80 }, district: 'Samarinda Kota', severity: 2, state: stateAtSeverity('air', 2) };
    const pub1 = await mosquittoPub(services.mqttUrl, TOPICS.live, JSON.stringify([reading, { sensorId: 'x', kind: 'bogus' }]), 0);
    expect(pub1.code).toBe(0);
    const got = await waitFor('readings batch', () => a.readings.find((r) => r.sensorId === 'air-rt-1'));
    expect(got.values.pm25).toBe(80);
    expect(a.readings.some((r) => r.sensorId === 'x')).toBe(false);

    // 3. An alert event from the ingest reaches every client with a seq.
    const raised: AlertEvent = { type: 'raised', at: Date.now(), by: 'ingest', alert: alert('fl-rt-1:flood_level:new', Date.now()) };
    expect((await mosquittoPub(services.mqttUrl, TOPICS.alertEvents, JSON.stringify(raised))).code).toBe(0);
    const raisedSeen = await waitFor('raised alert', () => b.alerts.find((e) => e.alert.id === raised.alert.id));
    expect(raisedSeen.seq).toBeGreaterThan(0);

    // 4. Acknowledge through Socket.IO: pushed to the other client, stored in InfluxDB.
    const result = await new Promise<ActionResult>((ok) => a.client.emit('alert:action', { alertId: raised.alert.id, action: 'acknowledge' }, ok));
    expect(result.ok).toBe(true);
    const ack = await waitFor('ack at client b', () => b.alerts.find((e) => e.type === 'acknowledged'));
    expect(ack.by).toBe('Siti');
    expect(ack.alert.state).toBe('acknowledged');
    // Stored right after it was answered and published (the outbox writes it), not before.
    const rows = await waitFor('the acknowledgement in InfluxDB', async () => {
      const r = await influxQuery(services.influxUrl, db, `SELECT "alert_id", "by", "state", "doc" FROM ${ALERT_EVENTS} WHERE "event" = 'acknowledged'`);
      return r.length > 0 ? r : null;
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ alert_id: raised.alert.id, by: 'Siti', state: 'acknowledged' });
    expect(JSON.parse(String(rows[0].doc)).acknowledgedBy).toBe('Siti');

    // A refused action is an answer, not a crash.
    const again = await new Promise<ActionResult>((ok) => a.client.emit('alert:action', { alertId: raised.alert.id, action: 'acknowledge' }, ok));
    expect(again).toEqual({ ok: false, error: 'alert is already acknowledged' });
    const unknown = await new Promise<ActionResult>((ok) => a.client.emit('alert:action', { alertId: 'nope', action: 'resolve' }, ok));
    expect(unknown.ok).toBe(false);

    // 5. The server's own publication comes back over MQTT; it must not be pushed twice. A later
    // event from another publisher arrives after the echo (one broker, one subscription, in order).
    const marker: AlertEvent = { type: 'raised', at: Date.now(), by: 'ingest', alert: alert('air-marker', Date.now()) };
    await mosquittoPub(services.mqttUrl, TOPICS.alertEvents, JSON.stringify({ ...marker, alert: { ...marker.alert, sensorId: 'air-rt-1' } }));
    const markerSeen = await waitFor('marker', () => b.alerts.find((e) => e.alert.id === 'air-marker'));
    expect(b.alerts.filter((e) => e.type === 'acknowledged')).toHaveLength(1);
    expect(markerSeen.seq).toBe(ack.seq + 1);

    // 6. b drops off, misses an event, comes back and catches up with alerts:since.
    const lastSeen = markerSeen.seq;
    b.client.disconnect();
    const missed: AlertEvent = { type: 'raised', at: Date.now(), by: 'ingest', alert: { ...alert('fl-rt-1:rate_of_rise:1', Date.now()), rule: 'rate_of_rise' } };
    await mosquittoPub(services.mqttUrl, TOPICS.alertEvents, JSON.stringify(missed));
    await waitFor('missed event at a', () => a.alerts.find((e) => e.alert.id === missed.alert.id));
    b.client.connect();
    await waitFor('b reconnected', () => b.client.connected);
    const caughtUp = await new Promise<SequencedAlertEvent[]>((ok) => b.client.emit('alerts:since', lastSeen, ok));
    expect(caughtUp.map((e) => e.alert.id)).toEqual([missed.alert.id]);
  });
});

const SENSORS = 3_000;
const bigCatalog: Catalog = {
  city: 'Test',
  districts: [],
  sensors: Array.from({ length: SENSORS }, (_, i) => ({
    id: `air-bp-${i}`, kind: 'air' as const, name: `Air ${i}`, district: 'Samarinda Kota', lat: -0.5, lon: 117.1, intervalS: 60
  }))
};

function batch(round: number): string {
  const readings: LiveReading[] = bigCatalog.sensors.map((s) => ({
    sensorId: s.id, kind: 'air', ts: 1_000 + round, values: { pm25: round, pm10: round * 2, co: 500, no2: 20, o3: 30, so2: 10 },
    district: 'Samarinda Kota', severity: 1, state: { kind: 'air', category: 'sedang', ispu: 50 + (round % 50), pollutant: 'pm25', window: 'hourly' }
  }));
  return JSON.stringify(readings);
}

describe('Socket.IO backpressure with a client that stops reading', () => {
  const services = readTestServices();
  let server: Server;
  let hub: RealtimeHub;
  let publisher: MqttClient;
  let client: Socket<ServerToClientEvents, ClientToServerEvents>;

  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    // No database: the hub starts empty and live data still flows.
    const config = parseWebConfig({ MQTT_URL: services.mqttUrl, INFLUX_URL: services.influxUrl, INFLUX_DB: uniqueDb('backpressure') });
    hub = await createRealtimeHub({ config, httpServer: server, catalog: bigCatalog, log: () => undefined });
    await waitFor('hub on MQTT', () => hub.status().mqtt);
    publisher = mqtt.connect(services.mqttUrl);
    await new Promise((ok) => publisher.once('connect', ok));
  });

  afterAll(async () => {
    client?.disconnect();
    await publisher?.endAsync();
    await hub?.close();
    await new Promise((ok) => server?.close(ok));
  });

  it('skips batches for the slow client, then sends it every sensor once it drains', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = connect(url, { transports: ['websocket'], reconnection: false });
    const latest = new Map<string, number>();
    client.on('readings', (b) => b.forEach((r) => latest.set(r.sensorId, r.values.pm25)));
    await waitFor('connected', () => client.connected);

    // Stop reading from the TCP socket: the kernel buffers fill, then engine.io's send queue grows.
    const tcp = (client.io.engine.transport as unknown as { ws: { _socket: NetSocket } }).ws._socket;
    tcp.pause();
    let round = 0;
    await waitFor(
      'a skipped delivery',
      async () => {
        round++;
        await publisher.publishAsync(TOPICS.live, batch(round), { qos: 0 });
        return hub.stats().skippedDeliveries > 0;
      },
      { timeoutMs: 60_000, intervalMs: 100 }
    );
    const final = round + 1;
    await publisher.publishAsync(TOPICS.live, batch(final), { qos: 1 });
    tcp.resume();

    // Whatever was skipped, the client ends with every sensor at its newest value.
    await waitFor(
      'client caught up',
      () => latest.size === SENSORS && [...latest.values()].every((v) => v === final),
      { timeoutMs: 30_000 }
    );
    expect(hub.stats().skippedDeliveries).toBeGreaterThan(0);
  });
});

describe('alert action when InfluxDB refuses the write', () => {
  const services = readTestServices();
  const db = uniqueDb('nodb');
  let server: Server;
  let hub: RealtimeHub;
  const logs: string[] = [];

  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const config = parseWebConfig({ MQTT_URL: services.mqttUrl, INFLUX_URL: services.influxUrl, INFLUX_DB: db, ...authEnv });
    hub = await createRealtimeHub({ config, httpServer: server, catalog, log: (m) => logs.push(m) });
    // The hub created the events policy at start (its set-up); without it every alert write answers 404.
    await influxQuery(services.influxUrl, db, `DROP RETENTION POLICY "events" ON "${db}"`);
    await waitFor('hub on MQTT', () => hub.status().mqtt);
  });

  afterAll(async () => {
    await hub?.close();
    await new Promise((ok) => server?.close(ok));
    await dropDatabase(services.influxUrl, db);
  });

  it('answers ok and publishes at once; the write is retried and stored once InfluxDB takes it', async () => {
    const rec = createRecorder(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 'Siti');
    await waitFor('snapshot', () => rec.snapshots[0]);
    const raised: AlertEvent = { type: 'raised', at: Date.now(), by: 'ingest', alert: alert('fl-rt-1:flood_level:nodb', Date.now()) };
    await mosquittoPub(services.mqttUrl, TOPICS.alertEvents, JSON.stringify(raised));
    await waitFor('raised', () => rec.alerts.find((e) => e.alert.id === raised.alert.id));
    const result = await new Promise<ActionResult>((ok) => rec.client.emit('alert:action', { alertId: raised.alert.id, action: 'acknowledge' }, ok));
    expect(result.ok).toBe(true);
    expect(hub.listAlerts('open', 1).find((a) => a.id === raised.alert.id)?.state).toBe('acknowledged');
    await waitFor('the acknowledgement at the console', () => rec.alerts.some((e) => e.type === 'acknowledged'));
    rec.client.disconnect();
    await waitFor('the refused write logged', () => logs.some((l) => l.includes('storing alert events in InfluxDB failed')));
    // the policy back (the ingest's set-up would create it): the outbox's retry stores the event
    await influxQuery(services.influxUrl, db, `CREATE RETENTION POLICY "events" ON "${db}" DURATION INF REPLICATION 1`);
    const rows = await waitFor('the acknowledgement in InfluxDB', async () => {
      const r = await influxQuery(services.influxUrl, db, `SELECT "alert_id" FROM ${ALERT_EVENTS} WHERE "event" = 'acknowledged'`);
      return r.length > 0 ? r : null;
    }, { timeoutMs: 45_000, intervalMs: 500 });
    expect(rows.map((r) => r.alert_id)).toEqual([raised.alert.id]);
  }, 60_000);
});

describe('a command center started while InfluxDB does not answer', () => {
  const services = readTestServices();
  const db = uniqueDb('rtlate');

  it('starts empty, rebuilds its live state once InfluxDB answers and sends the open alerts to walls connected meanwhile', async () => {
    await createDatabase(services.influxUrl, db);
    const open: AlertEvent = { type: 'raised', at: Date.now() - 60_000, by: 'ingest', alert: alert('fl-rt-1:flood_level:late', Date.now() - 60_000) };
    await influxWrite(services.influxUrl, db, [
      formatAlertEventLine(open),
      `flood,district=Sungai\\ Pinang,sensor=fl-rt-1 water_level=207 ${Date.now() - 30_000}`
    ]);
    // InfluxDB behind a port nobody listens on until the hub has started
    const port = await findFreePort();
    const influx = new URL(services.influxUrl);
    const server = createServer();
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const logs: string[] = [];
    const config = parseWebConfig({ MQTT_URL: services.mqttUrl, INFLUX_URL: `http://127.0.0.1:${port}`, INFLUX_DB: db, ...authEnv });
    const hub = await createRealtimeHub({ config, httpServer: server, catalog, log: (m) => void logs.push(m) });
    let proxy: NetServer | undefined;
    const wall = createRecorder(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 'Siti');
    try {
      await waitFor('the wall connected to the empty hub', () => wall.snapshots.length > 0);
      expect(wall.snapshots[0].alerts).toEqual([]);
      expect(hub.latestReadings()).toEqual([]);
      expect(logs.join('\n')).toMatch(/rebuild from InfluxDB failed, starting empty; trying again/);
      proxy = createNetServer((c) => {
        const upstream = createConnection(Number(influx.port), influx.hostname);
        for (const s of [c, upstream]) s.on('error', () => (c.destroy(), upstream.destroy()));
        c.pipe(upstream).pipe(c);
      });
      await new Promise<void>((ok) => proxy!.listen(port, '127.0.0.1', ok));
      // was: empty until readings came live again (a silent gauge's last level never)
      await waitFor('the rebuild after InfluxDB answers', () => hub.latestReadings().some((r) => r.sensorId === 'fl-rt-1'), { timeoutMs: 40_000 });
      expect(hub.latestReadings().find((r) => r.sensorId === 'fl-rt-1')?.values.water_level).toBe(207);
      // was: the wall learned of the open alert only at its next reconnect
      await waitFor('the open alert at the connected wall', () => wall.alerts.some((e) => e.alert.id === open.alert.id), { timeoutMs: 10_000 });
      expect(wall.alerts.filter((e) => e.alert.id === open.alert.id).map((e) => e.type)).toEqual(['raised']);
    } finally {
      wall.client.disconnect();
      await hub.close();
      proxy?.close();
      await new Promise((ok) => server.close(ok));
      await dropDatabase(services.influxUrl, db);
    }
  });
});
