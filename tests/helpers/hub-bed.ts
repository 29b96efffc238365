/**
 * A command center's realtime hub on real Mosquitto and InfluxDB with one console (socket.io-client) signed in, and an
 * alert in two versions: raised at Siaga 3, then worsened to Siaga 2 (`worsenedAt`). The acknowledgement-version
 * integration tests build on it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import type { Alert } from '../../src/lib/core/alert';
import type { Catalog } from '../../src/lib/core/sensor';
import type { ActionResult, AlertAction, ClientToServerEvents, SequencedAlertEvent, ServerToClientEvents } from '../../src/lib/core/events';
import { parseWebConfig } from '../../src/lib/server/config';
import { createRealtimeHub, type RealtimeHub } from '../../src/lib/server/realtime';
import { readTestServices, uniqueDb, type TestServices } from './env';
import { createDatabase, dropDatabase } from './influx';
import { waitFor } from './wait';
import { createTestAuth, sessionCookieFor, type TestAuth } from './auth';

/** One flood gauge and its alert raised a minute ago, and the same alert worsened 30 s later. */
export function worsenedAlert(sensorId: string) {
  const catalog: Catalog = {
    city: 'Test',
    districts: [],
    sensors: [{ id: sensorId, kind: 'flood', name: 'Gauge 1', district: 'Sungai Pinang', lat: -0.48, lon: 117.15, intervalS: 60, flood: { siaga3: 150, siaga2: 200, siaga1: 250 } }]
  };
  const raisedAt = Date.now() - 60_000;
  const v1: Alert = {
    id: `${sensorId}:flood_level:${raisedAt}`, sensorId, sensorName: 'Gauge 1', kind: 'flood', district: 'Sungai Pinang', rule: 'flood_level',
    category: 'emergency', severity: 'warning', level: 1, title: { id: 'Siaga 3', en: 'Level 3' }, explanation: { id: 'naik', en: 'rising' },
    action: { id: 'cek', en: 'check' }, value: 160, state: 'raised', raisedAt, updatedAt: raisedAt, comments: []
  };
  const worsenedAt = raisedAt + 30_000;
  const v2: Alert = { ...v1, level: 2, severity: 'critical', value: 210, title: { id: 'Siaga 2', en: 'Level 2' }, worsenedAt, updatedAt: worsenedAt };
  return { catalog, raisedAt, worsenedAt, v1, v2 };
}

export interface HubBed {
  services: TestServices;
  db: string;
  hub: RealtimeHub;
  /** Every alert event the console heard, in order. */
  heard: SequencedAlertEvent[];
  /** An action from the console, answered by the hub. */
  act(action: AlertAction): Promise<ActionResult>;
  close(): Promise<void>;
}

/** Starts the hub on a fresh database and signs `user` (a responder) in on one console. */
export async function startHubBed(catalog: Catalog, dbPrefix: string, user: string): Promise<HubBed> {
  const services = readTestServices();
  const db = uniqueDb(dbPrefix);
  const auth: TestAuth = await createTestAuth([{ user, role: 'responder' }]);
  await createDatabase(services.influxUrl, db);
  const server: Server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const hub = await createRealtimeHub({ config: parseWebConfig({ MQTT_URL: services.mqttUrl, INFLUX_URL: services.influxUrl, INFLUX_DB: db, ...auth.env }), httpServer: server, catalog, log: () => undefined });
  await waitFor('hub connected to MQTT', () => hub.status().mqtt);
  const client: Socket<ServerToClientEvents, ClientToServerEvents> = connect(url, { extraHeaders: { cookie: sessionCookieFor(auth, user) }, transports: ['websocket'], reconnection: false });
  const heard: SequencedAlertEvent[] = [];
  client.on('alert', (e) => heard.push(e));
  await new Promise<void>((ok) => client.once('snapshot', () => ok()));
  return {
    services,
    db,
    hub,
    heard,
    act: (action) => new Promise<ActionResult>((ok) => client.emit('alert:action', action, ok)),
    close: async () => {
      client.disconnect();
      await hub.close();
      await new Promise((ok) => server.close(ok));
      await dropDatabase(services.influxUrl, db);
      await auth.cleanup();
    }
  };
}
