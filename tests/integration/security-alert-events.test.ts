/**
 * Forged alert events and readings that get past the broker (a stolen credential, a broker without
 * ACL) still cannot take over an alert in the ingest or freeze a sensor on the wall: the real ingest
 * and web processes against the test Mosquitto, probed with mosquitto_pub and MQTT.js.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AlertEvent } from '../../src/lib/core/alert';
import type { Snapshot } from '../../src/lib/core/events';
import type { LiveReading } from '../../src/lib/core/reading';
import { TOPICS, sensorTopic } from '../../src/lib/core/topic';
import catalog from '../../src/lib/catalog/samarinda.json';
import { stateAtSeverity } from '../../src/lib/core/state-fixtures';
import { readTestServices, uniqueDb } from '../helpers/env';
import { ALERT_EVENTS, createDatabase, dropDatabase, influxQuery } from '../helpers/influx';
import { spawnProcess, type SpawnedProcess } from '../helpers/processes';
import { startWeb, type TestWeb } from '../helpers/web';
import { waitFor } from '../helpers/wait';
import { mosquittoPub } from './mqtt-tools';

const services = readTestServices();
const db = uniqueDb('secevents');
const gauge = catalog.sensors.find((s) => s.id === 'flood-benanga')!;
const env = { MQTT_URL: services.mqttUrl, INFLUX_URL: services.influxUrl, INFLUX_DB: db };
let ingest: SpawnedProcess;
let web: TestWeb;
let base = '';
const heard: AlertEvent[] = [];
let listener: mqtt.MqttClient;

function forgedAlert(id: string, at: number): Alert {
  return {
    id, sensorId: gauge.id, sensorName: gauge.name, kind: 'flood', district: gauge.district, rule: 'flood_level', category: 'emergency',
    severity: 'critical', level: 1, title: { id: 'Siaga 1', en: 'Level 1' }, explanation: { id: 'palsu', en: 'forged' },
    action: { id: 'EVAKUASI SEKARANG (palsu)', en: 'EVACUATE NOW (forged)' }, value: 999, state: 'raised', raisedAt: at, updatedAt: at, comments: []
  };
}

async function snapshot(): Promise<Snapshot> {
  const socket = io(base, { transports: ['websocket'], reconnection: false });
  try {
    return await new Promise<Snapshot>((resolve, reject) => {
      socket.once('snapshot', resolve);
      socket.once('connect_error', reject);
    });
  } finally {
    socket.close();
  }
}

beforeAll(async () => {
  await createDatabase(services.influxUrl, db);
  const walDir = mkdtempSync(path.join(tmpdir(), 'pantau-wal-'));
  listener = await mqtt.connectAsync(services.mqttUrl, { clientId: `sec-${db}` });
  listener.on('message', (_t, p) => heard.push(JSON.parse(p.toString()) as AlertEvent));
  await listener.subscribeAsync(TOPICS.alertEvents, { qos: 1 });
  ingest = await spawnProcess({ name: 'ingest', args: ['ingest/main.ts'], env: { ...env, INGEST_CLIENT_ID: `ingest-${db}`, INGEST_WAL_DIR: walDir }, readyLine: /connected to/ });
  web = await startWeb({ db, untilMqtt: {} });
  base = web.url;
}, 90_000);

afterAll(async () => {
  await listener?.endAsync();
  await Promise.all([ingest?.stop(), web?.stop()]);
  await dropDatabase(services.influxUrl, db);
});

describe('alert events the ingest did not make', () => {
  it('never adopts a forged raised alert: its own alert gets its own id and text', async () => {
    const at = Date.now();
    const forged: AlertEvent = { type: 'raised', at, by: 'attacker', alert: forgedAlert('forged-alert-1', at) };
    expect((await mosquittoPub(services.mqttUrl, TOPICS.alertEvents, JSON.stringify(forged))).code).toBe(0);
    // A forged acknowledgement of the forged alert, too.
    const ack: AlertEvent = { type: 'acknowledged', at: at + 1, by: 'sari', alert: { ...forged.alert, state: 'acknowledged', updatedAt: at + 1 } };
    expect((await mosquittoPub(services.mqttUrl, TOPICS.alertEvents, JSON.stringify(ack))).code).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    const level = gauge.flood!.siaga1 + 20;
    expect((await mosquittoPub(services.mqttUrl, sensorTopic('flood', gauge.id), JSON.stringify({ ts: Date.now(), values: { water_level: level } }))).code).toBe(0);
    const own = await waitFor('the ingest raising its own flood alert', () =>
      heard.find((e) => e.by === 'pantau' && e.alert.sensorId === gauge.id && e.alert.rule === 'flood_level')
    );
    expect(own.type).toBe('raised');
    expect(own.alert.id).not.toBe('forged-alert-1');
    expect(own.alert.action.en).not.toContain('forged');
    const rows = await waitFor('the alert stored', async () => {
      const r = await influxQuery(services.influxUrl, db, `SELECT * FROM ${ALERT_EVENTS} WHERE sensor = '${gauge.id}'`);
      return r.length > 0 ? r : null;
    });
    expect(rows.filter((r) => r.alert_id === 'forged-alert-1' || String(r.doc).includes('forged'))).toEqual([]);
  });
});

describe('live readings dated in the future', () => {
  it('are refused by the web (readings and alert events): the sensor keeps its real reading and the data age stays meaningful', async () => {
    const live = (sensorId: string, ts: number, level: number): LiveReading => ({
      sensorId, kind: 'flood', ts, values: { water_level: level }, district: gauge.district, severity: 0, state: stateAtSeverity('flood', 0)
    });
    const now = Date.now();
    const batch = [live('flood-benanga', Date.UTC(2100, 0, 1), 2999), live('flood-gunung-lingai', now, 123)];
    expect((await mosquittoPub(services.mqttUrl, TOPICS.live, JSON.stringify(batch), 0)).code).toBe(0);
    const snap = await waitFor('the real reading on the wall', async () => {
      const s = await snapshot();
      return s.readings.some((r) => r.sensorId === 'flood-gunung-lingai' && r.values.water_level === 123) ? s : null;
    });
    expect(snap.readings.filter((r) => r.ts > now + 3_600_000)).toEqual([]);
    // An alert dated in 2100 would shadow every real update of it: refused like the reading.
    const far = Date.UTC(2100, 0, 1);
    const future: AlertEvent = { type: 'raised', at: far, by: 'pantau', alert: { ...forgedAlert('future-alert', far), id: 'future-alert' } };
    const marker: AlertEvent = { type: 'raised', at: now, by: 'pantau', alert: forgedAlert('marker-alert', now) };
    for (const e of [future, marker]) expect((await mosquittoPub(services.mqttUrl, TOPICS.alertEvents, JSON.stringify(e))).code).toBe(0);
    const withMarker = await waitFor('the marker alert on the wall', async () => {
      const s = await snapshot();
      return s.alerts.some((a) => a.id === 'marker-alert') ? s : null;
    });
    expect(withMarker.alerts.some((a) => a.id === 'future-alert')).toBe(false);
    const health = (await (await fetch(`${base}/api/health`)).json()) as { lastReadingAt: number };
    expect(health.lastReadingAt).toBeLessThanOrEqual(Date.now() + 5 * 60_000);
    expect(health.lastReadingAt).toBeGreaterThanOrEqual(now);
  });
});
