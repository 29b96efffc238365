/**
 * An acknowledgement made on a copy from before a worsening the command center already holds (the browser showed the
 * milder copy; the worsened one was on its way to it): refused as stale, with the code the console words in its
 * reader's language, and nothing shown, stored or published as acknowledged; the console keeps showing the worsened
 * copy, raised. Real Mosquitto, InfluxDB and socket.io-client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import type { Alert, AlertEvent } from '../../src/lib/core/alert';
import type { Catalog } from '../../src/lib/core/sensor';
import type { ActionResult, AlertAction, ClientToServerEvents, SequencedAlertEvent, ServerToClientEvents } from '../../src/lib/core/events';
import { ACTION_REFUSALS } from '../../src/lib/core/alert-lifecycle';
import { applyAlertEvents } from '../../src/lib/realtime/merge';
import { TOPICS } from '../../src/lib/core/topic';
import { parseWebConfig } from '../../src/lib/server/config';
import { createRealtimeHub, type RealtimeHub } from '../../src/lib/server/realtime';
import { readTestServices, uniqueDb } from '../helpers/env';
import { ALERT_EVENTS, createDatabase, dropDatabase, influxQuery } from '../helpers/influx';
import { waitFor } from '../helpers/wait';
import { mosquittoPub } from './mqtt-tools';
import { createTestAuth, sessionCookieFor, type TestAuth } from '../helpers/auth';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const catalog: Catalog = {
  city: 'Test',
  districts: [],
  sensors: [{ id: 'fl-sa-1', kind: 'flood', name: 'Gauge 1', district: 'Sungai Pinang', lat: -0.48, lon: 117.15, intervalS: 60, flood: { siaga3: 150, siaga2: 200, siaga1: 250 } }]
};

const raisedAt = Date.now() - 60_000;
const v1: Alert = {
  id: `fl-sa-1:flood_level:${raisedAt}`, sensorId: 'fl-sa-1', sensorName: 'Gauge 1', kind: 'flood', district: 'Sungai Pinang', rule: 'flood_level',
  category: 'emergency', severity: 'warning', level: 1, title: { id: 'Siaga 3', en: 'Level 3' }, explanation: { id: 'naik', en: 'rising' },
  action: { id: 'cek', en: 'check' }, value: 160, state: 'raised', raisedAt, updatedAt: raisedAt, comments: []
};
const worsenedAt = raisedAt + 30_000;
const v2: Alert = { ...v1, level: 2, severity: 'critical', value: 210, title: { id: 'Siaga 2', en: 'Level 2' }, worsenedAt, updatedAt: worsenedAt };

describe('a console acknowledgement of a copy from before a worsening the server holds', () => {
  const services = readTestServices();
  const db = uniqueDb('staleack');
  let auth: TestAuth;
  let server: Server;
  let hub: RealtimeHub;
  let client: Client;
  const heard: SequencedAlertEvent[] = [];

  beforeAll(async () => {
    auth = await createTestAuth([{ user: 'Siti', role: 'responder' }]);
    await createDatabase(services.influxUrl, db);
    server = createServer();
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    hub = await createRealtimeHub({ config: parseWebConfig({ MQTT_URL: services.mqttUrl, INFLUX_URL: services.influxUrl, INFLUX_DB: db, ...auth.env }), httpServer: server, catalog, log: () => undefined });
    await waitFor('hub connected to MQTT', () => hub.status().mqtt);
    client = connect(url, { extraHeaders: { cookie: sessionCookieFor(auth, 'Siti') }, transports: ['websocket'], reconnection: false });
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

  it('is refused as stale; the console shows the worsened copy, raised; an acknowledgement of that copy is taken', async () => {
    const publish = async (e: AlertEvent) => expect((await mosquittoPub(services.mqttUrl, TOPICS.alertEvents, JSON.stringify(e))).code).toBe(0);
    await publish({ type: 'raised', at: raisedAt, by: 'ingest', alert: v1 });
    await waitFor('the milder copy at the console', () => heard.find((e) => e.alert.id === v1.id));
    await publish({ type: 'escalated', at: worsenedAt, by: 'ingest', alert: v2 });
    await waitFor('the worsening at the server', () => hub.alert(v1.id)?.worsenedAt === worsenedAt);

    // The responder acknowledges the copy the console showed: never worsened (version 0).
    const stale = await act({ alertId: v1.id, action: 'acknowledge', via: 'console', version: 0 });
    expect(stale).toEqual({ ok: false, error: ACTION_REFUSALS.worsened });
    expect(hub.alert(v1.id)?.state).toBe('raised');
    // What the console holds (its merge of what it heard) is the worsened copy, raised: no acknowledgement was shown.
    const marker: AlertEvent = { type: 'raised', at: Date.now(), by: 'ingest', alert: { ...v1, id: 'fl-sa-1:rate_of_rise:1', rule: 'rate_of_rise' } };
    await publish(marker);
    await waitFor('a later event (all before it delivered)', () => heard.find((e) => e.alert.id === marker.alert.id));
    expect(heard.filter((e) => e.type === 'acknowledged')).toEqual([]);
    const shown = applyAlertEvents(new Map(), heard, Date.now()).get(v1.id);
    expect([shown?.state, shown?.level]).toEqual(['raised', 2]);
    expect(await influxQuery(services.influxUrl, db, `SELECT "alert_id" FROM ${ALERT_EVENTS} WHERE "event" = 'acknowledged'`)).toHaveLength(0);

    // Acknowledged on the copy it now shows: taken.
    const ok = await act({ alertId: v1.id, action: 'acknowledge', via: 'console', version: worsenedAt });
    expect(ok.ok).toBe(true);
    expect(hub.alert(v1.id)).toMatchObject({ state: 'acknowledged', level: 2, acknowledgedBy: 'Siti' });
  });

  it('a worsening the command center has not heard yet: it cannot refuse, and the worsened copy replaces the acknowledgement once it arrives', async () => {
    // The ingest refuses this acknowledgement (its merge's version guard), the notifier ignores it for paging.
    const w1: Alert = { ...v1, id: `fl-sa-1:flood_level:${raisedAt + 1}`, raisedAt: raisedAt + 1 };
    const w2: Alert = { ...w1, level: 2, severity: 'critical', worsenedAt, updatedAt: worsenedAt };
    const publish = async (e: AlertEvent) => expect((await mosquittoPub(services.mqttUrl, TOPICS.alertEvents, JSON.stringify(e))).code).toBe(0);
    await publish({ type: 'raised', at: raisedAt, by: 'ingest', alert: w1 });
    await waitFor('the milder copy at the server', () => hub.alert(w1.id));
    expect((await act({ alertId: w1.id, action: 'acknowledge', via: 'console', version: 0 })).ok).toBe(true);
    await publish({ type: 'escalated', at: worsenedAt, by: 'ingest', alert: w2 });
    await waitFor('the worsening at the console', () => heard.find((e) => e.type === 'escalated' && e.alert.id === w1.id));
    expect(hub.alert(w1.id)).toMatchObject({ state: 'raised', level: 2 });
    expect(applyAlertEvents(new Map(), heard, Date.now()).get(w1.id)).toMatchObject({ state: 'raised', level: 2 });
  });
});
