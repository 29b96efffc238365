import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, SequencedAlertEvent, ServerToClientEvents, Snapshot } from '../../src/lib/core/events';
import { sensorTopic } from '../../src/lib/core/topic';
import catalog from '../../src/lib/catalog/samarinda.json';
import { readTestServices, uniqueDb } from '../helpers/env';
import { ALERT_EVENTS, createDatabase, dropDatabase, influxQuery } from '../helpers/influx';
import { spawnProcess, type SpawnedProcess } from '../helpers/processes';
import { waitFor } from '../helpers/wait';
import { startWeb, type TestWeb } from '../helpers/web';
import { mosquittoPub } from './mqtt-tools';
import { createTestAuth, login, type TestAuth } from '../helpers/auth';

const services = readTestServices();
const db = uniqueDb('alertflow');
const gauge = catalog.sensors.find((s) => s.id === 'flood-benanga')!;
let ingest: SpawnedProcess;
let web: TestWeb;
let socket: Socket<ServerToClientEvents, ClientToServerEvents>;
let url = '';
let auth: TestAuth;
const alerts: SequencedAlertEvent[] = [];
const env = { MQTT_URL: services.mqttUrl, INFLUX_URL: services.influxUrl, INFLUX_DB: db };

beforeAll(async () => {
  await createDatabase(services.influxUrl, db);
  const walDir = mkdtempSync(path.join(tmpdir(), 'pantau-wal-'));
  ingest = await spawnProcess({ name: 'ingest', args: ['ingest/main.ts'], env: { ...env, INGEST_CLIENT_ID: `ingest-${db}`, INGEST_WAL_DIR: walDir }, readyLine: /connected to/ });
  // "tester" is a responder: only a logged-in responder may acknowledge.
  auth = await createTestAuth([{ user: 'tester', role: 'responder' }]);
  web = await startWeb({ db, auth });
  url = web.url;
  const cookie = await login(url, 'tester', auth.users[0].password);
  socket = io(url, { transports: ['websocket'], extraHeaders: { cookie } });
  socket.on('alert', (e) => alerts.push(e));
  await new Promise<Snapshot>((resolve) => socket.once('snapshot', resolve));
});

afterAll(async () => {
  socket?.close();
  await Promise.all([ingest?.stop(), web?.stop()]);
  await dropDatabase(services.influxUrl, db);
  await auth?.cleanup();
});

describe('a reading past a flood threshold', () => {
  it('raises an alert that reaches a Socket.IO client and is stored in InfluxDB', async () => {
    const level = gauge.flood!.siaga2 + 10;
    const res = await mosquittoPub(services.mqttUrl, sensorTopic('flood', gauge.id), JSON.stringify({ ts: Date.now(), values: { water_level: level, rainfall: 40 } }));
    expect(res.code).toBe(0);
    const raised = await waitFor('a flood_level alert over Socket.IO', () =>
      alerts.find((e) => e.alert.sensorId === gauge.id && e.alert.rule === 'flood_level' && e.type === 'raised')
    );
    expect(raised.alert).toMatchObject({ severity: 'critical', state: 'raised', value: level, district: gauge.district, category: 'emergency' });
    expect(raised.alert.explanation.id.length).toBeGreaterThan(0);
    expect(raised.alert.action.en.length).toBeGreaterThan(0);
    const stored = await waitFor('the alert event in InfluxDB', async () => {
      const rows = await influxQuery(services.influxUrl, db, `SELECT * FROM ${ALERT_EVENTS} WHERE sensor = '${gauge.id}'`);
      return rows.find((r) => r.alert_id === raised.alert.id) ?? null;
    });
    expect(stored).toMatchObject({ event: 'raised', rule: 'flood_level', severity: 'critical', state: 'raised' });
    expect(JSON.parse(String(stored.doc)).id).toBe(raised.alert.id);
  });

  it('can be acknowledged by a person, and everyone sees it', async () => {
    const open = alerts.find((e) => e.alert.sensorId === gauge.id && e.type === 'raised')!;
    const reply = await socket.timeout(10_000).emitWithAck('alert:action', { alertId: open.alert.id, action: 'acknowledge' });
    expect(reply).toMatchObject({ ok: true });
    const acked = await waitFor('the acknowledged event', () => alerts.find((e) => e.alert.id === open.alert.id && e.type === 'acknowledged'));
    expect(acked.alert).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'tester' });
  });
});
