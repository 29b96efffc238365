/**
 * An acknowledge link about a worsening the command center never heard over MQTT (a catch-up that ran before the
 * ingest's write landed misses it for good): the link's page reads that one alert back from InfluxDB, the hub takes the
 * worsened copy in as the catch-up would (the walls hear it too) and the link works. Real Mosquitto, InfluxDB and
 * socket.io-client; the used-link store (Postgres) is an in-memory stand-in, it plays no part here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import type { Alert, AlertEvent } from '../../src/lib/core/alert';
import type { Catalog } from '../../src/lib/core/sensor';
import type { ActionResult, AlertAction, ClientToServerEvents, SequencedAlertEvent, ServerToClientEvents } from '../../src/lib/core/events';
import { formatAlertEventLine } from '../../src/lib/core/line-protocol';
import { TOPICS } from '../../src/lib/core/topic';
import { signAckToken, ACK_TOKEN_TTL_MS } from '../../src/lib/notify/ack-token';
import { createAckService } from '../../src/lib/server/ack/service';
import type { AckLinkStore } from '../../src/lib/server/ack/link-store';
import { parseWebConfig } from '../../src/lib/server/config';
import { createRealtimeHub, type RealtimeHub } from '../../src/lib/server/realtime';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase, influxWrite } from '../helpers/influx';
import { waitFor } from '../helpers/wait';
import { mosquittoPub } from './mqtt-tools';
import { createTestAuth, sessionCookieFor, type TestAuth } from '../helpers/auth';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const catalog: Catalog = {
  city: 'Test',
  districts: [],
  sensors: [{ id: 'fl-ar-1', kind: 'flood', name: 'Gauge 1', district: 'Sungai Pinang', lat: -0.48, lon: 117.15, intervalS: 60, flood: { siaga3: 150, siaga2: 200, siaga1: 250 } }]
};

const raisedAt = Date.now() - 60_000;
const v1: Alert = {
  id: `fl-ar-1:flood_level:${raisedAt}`, sensorId: 'fl-ar-1', sensorName: 'Gauge 1', kind: 'flood', district: 'Sungai Pinang', rule: 'flood_level',
  category: 'emergency', severity: 'warning', level: 1, title: { id: 'Siaga 3', en: 'Level 3' }, explanation: { id: 'naik', en: 'rising' },
  action: { id: 'cek', en: 'check' }, value: 160, state: 'raised', raisedAt, updatedAt: raisedAt, comments: []
};
const worsenedAt = raisedAt + 30_000;
const v2: Alert = { ...v1, level: 2, severity: 'critical', value: 210, title: { id: 'Siaga 2', en: 'Level 2' }, worsenedAt, updatedAt: worsenedAt };

describe('an acknowledge link ahead of the command center', () => {
  const services = readTestServices();
  const db = uniqueDb('ackrefresh');
  let auth: TestAuth;
  let server: Server;
  let hub: RealtimeHub;
  let client: Client;
  const heard: SequencedAlertEvent[] = [];

  beforeAll(async () => {
    auth = await createTestAuth([{ user: 'operator1', role: 'responder' }]);
    await createDatabase(services.influxUrl, db);
    server = createServer();
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    hub = await createRealtimeHub({ config: parseWebConfig({ MQTT_URL: services.mqttUrl, INFLUX_URL: services.influxUrl, INFLUX_DB: db, ...auth.env }), httpServer: server, catalog, log: () => undefined });
    await waitFor('hub connected to MQTT', () => hub.status().mqtt);
    client = connect(url, { extraHeaders: { cookie: sessionCookieFor(auth, 'operator1') }, transports: ['websocket'], reconnection: false });
    client.on('alert', (e) => heard.push(e));
    await new Promise<void>((ok) => client.once('snapshot', () => ok()));
  });

  afterAll(async () => {
    client?.disconnect();
    await hub?.close();
    await new Promise((ok) => server?.close(ok));
    await dropDatabase(services.influxUrl, db);
    await auth?.cleanup();
  });

  const act = (action: AlertAction) => new Promise<ActionResult>((ok) => client.emit('alert:action', action, ok));

  it('reads the worsening back from InfluxDB, replaces the console acknowledgement of the older copy, and the link works', async () => {
    expect((await mosquittoPub(services.mqttUrl, TOPICS.alertEvents, JSON.stringify({ type: 'raised', at: raisedAt, by: 'ingest', alert: v1 } satisfies AlertEvent))).code).toBe(0);
    await waitFor('the milder copy at the server', () => hub.alert(v1.id));
    // The operator acknowledges the copy the hub holds (the ingest refuses it: older version; paging goes on).
    expect((await act({ alertId: v1.id, action: 'acknowledge', via: 'console', version: 0 })).ok).toBe(true);
    // The worsening is stored, but this hub never hears it over MQTT.
    await influxWrite(services.influxUrl, db, formatAlertEventLine({ type: 'escalated', at: worsenedAt, by: 'ingest', alert: v2 }));
    expect(hub.alert(v1.id)).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'operator1' });

    const links: AckLinkStore = { person: async (id) => ({ id, name: 'Budi', active: true }), usedAt: async () => null, claim: async () => true, release: async () => undefined };
    const svc = createAckService({ secret: SECRET, store: links, hub, roleOf: () => undefined, audit: () => undefined });
    const link = signAckToken(SECRET, { alertId: v1.id, personId: 'budi', exp: Date.now() + ACK_TOKEN_TTL_MS, jti: 'sms.ar1', version: worsenedAt });
    // was: behind (and 'closed, acknowledged by operator1' before that), for as long as the hub did not resubscribe
    expect(await svc.inspect(link, '10.0.0.1')).toMatchObject({ status: 'confirm', alert: { state: 'raised', severity: 'critical' } });
    expect(hub.alert(v1.id)).toMatchObject({ state: 'raised', level: 2, worsenedAt });
    // The walls hear the worsened copy as from a catch-up, as a worsening: the alerts page's alarm rings on raised and
    // escalated only (was 'updated': the per-alert read selects only the docs).
    const worse = await waitFor('the worsened copy at the console', () => heard.find((e) => e.alert.id === v1.id && e.alert.worsenedAt === worsenedAt && e.alert.state === 'raised'));
    expect(worse.type).toBe('escalated');

    expect(await svc.accept(link, '10.0.0.1')).toMatchObject({ status: 'done', alert: { state: 'acknowledged', acknowledgedBy: 'person:budi' } });
    expect(hub.alert(v1.id)).toMatchObject({ state: 'acknowledged', level: 2, acknowledgedBy: 'person:budi' });
    await waitFor('the link acknowledgement at the console', () => heard.find((e) => e.type === 'acknowledged' && e.alert.acknowledgedBy === 'person:budi'));
  });

  it('a read that finds nothing newer changes nothing and sends nothing', async () => {
    const before = heard.length;
    const held = hub.alert(v1.id);
    expect(await hub.refreshAlert(v1.id)).toEqual(held);
    expect(await hub.refreshAlert('fl-ar-1:flood_level:0')).toBeUndefined();
    // A marker event through MQTT: everything before it has been delivered.
    const marker: Alert = { ...v1, id: 'fl-ar-1:rate_of_rise:1', rule: 'rate_of_rise' };
    expect((await mosquittoPub(services.mqttUrl, TOPICS.alertEvents, JSON.stringify({ type: 'raised', at: Date.now(), by: 'ingest', alert: marker } satisfies AlertEvent))).code).toBe(0);
    await waitFor('the marker at the console', () => heard.find((e) => e.alert.id === marker.id));
    expect(heard.slice(before).map((e) => [e.type, e.alert.id, e.by])).toEqual([['raised', marker.id, 'ingest']]);
  });
});
