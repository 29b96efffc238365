/**
 * Two ingest workers (INGEST_WORKERS=2, the real processes, their own Mosquitto, the test's InfluxDB)
 * and a registry version that links a gauge with an open, assigned flood alert to a gauge on the other
 * worker. The alert must go on there: the old owner publishes no `resolved` (an all-clear to responders
 * and the CAP feed mid-flood), the new owner no second `raised` (the whole chain paged again), and the
 * next worsening comes from the new owner on the same alert, its assignee kept.
 */
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import catalogJson from '../../src/lib/catalog/samarinda.json';
import type { AlertEvent } from '../../src/lib/core/alert';
import type { Catalog } from '../../src/lib/core/sensor';
import { TOPICS, sensorTopic } from '../../src/lib/core/topic';
import { createPartition, linkedGroups } from '../../ingest/partition';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase } from '../helpers/influx';
import { spawnProcess, type SpawnedProcess } from '../helpers/processes';
import { createTempDir, startMosquitto, type MosquittoHandle } from '../helpers/services';
import { waitFor } from '../helpers/wait';

const v1 = catalogJson as unknown as Catalog;
const services = readTestServices();
const db = uniqueDb('alert_handover');
const linked = linkedGroups(v1);
const owner = (c: Catalog, id: string) => createPartition({ workers: 2, index: 0, groups: linkedGroups(c) }).ownerOfSensor(id);
const free = v1.sensors.filter((s) => s.kind === 'flood' && s.flood && !linked.has(s.id)).map((s) => s.id);
// Two unlinked gauges u < s on different workers: linking u → s puts s in u's group, on u's worker.
const [upstream, moved] = free.flatMap((u) => free.filter((s) => u < s && owner(v1, u) !== owner(v1, s)).map((s) => [u, s]))[0];
const v2: Catalog = { ...v1, sensors: v1.sensors.map((s) => (s.id === upstream ? { ...s, downstream: [moved] } : s)) };
const levels = v1.sensors.find((s) => s.id === moved)!.flood!;

let broker: MosquittoHandle;
let client: mqtt.MqttClient;
const temps: { remove(): Promise<void> }[] = [];
const running: SpawnedProcess[] = [];
const events: AlertEvent[] = [];

async function startWorker(index: number): Promise<SpawnedProcess> {
  const wal = await createTempDir('pantau-alert-handover-wal-');
  temps.push(wal);
  const proc = await spawnProcess({
    name: `ingest-w${index}`,
    args: ['ingest/main.ts'],
    env: {
      MQTT_URL: broker.url,
      INFLUX_URL: services.influxUrl,
      INFLUX_DB: db,
      INGEST_WORKERS: '2',
      INGEST_WORKER_INDEX: String(index),
      INGEST_CLIENT_ID: `w${index}-${db}`,
      INGEST_CATALOG_SOURCE: 'registry',
      INGEST_WAL_DIR: wal.dir,
      INGEST_FLUSH_MS: '50'
    },
    readyLine: /connected to/,
    timeoutMs: 30_000
  });
  running.push(proc);
  return proc;
}

const level = (ts: number, cm: number) => client.publishAsync(sensorTopic('flood', moved), JSON.stringify({ ts, values: { water_level: cm } }), { qos: 1 });

beforeAll(async () => {
  const brokerDir = await createTempDir('pantau-alert-handover-mqtt-');
  temps.push(brokerDir);
  [broker] = await Promise.all([startMosquitto({ dataDir: brokerDir.dir }), createDatabase(services.influxUrl, db)]);
  client = await mqtt.connectAsync(broker.url, { clientId: `alert-handover-${db}` });
  client.on('message', (topic, payload) => topic === TOPICS.alertEvents && events.push(JSON.parse(payload.toString()) as AlertEvent));
  await client.subscribeAsync(TOPICS.alertEvents, { qos: 1 });
  await client.publishAsync(TOPICS.registryCatalog, JSON.stringify({ version: 1, catalog: v1 }), { qos: 1, retain: true });
}, 60_000);

afterAll(async () => {
  await Promise.all(running.map((p) => p.stop()));
  await client?.endAsync();
  await broker?.stop();
  await dropDatabase(services.influxUrl, db);
  for (const t of temps) await t.remove();
}, 60_000);

describe('ingest workers: an open alert of a sensor a registry version moves', () => {
  it('goes on at the new owner with its id and assignee: no all-clear, no second raise', async () => {
    const [oldOwner, newOwner] = [owner(v1, moved), owner(v2, moved)];
    expect(oldOwner).not.toBe(newOwner);
    const workers = [await startWorker(0), await startWorker(1)];
    await waitFor('both workers on v1', () => workers.every((p) => /catalog from the sensor registry v1/.test(p.logs())), { timeoutMs: 20_000 });

    const t = Date.now() - 120_000;
    await level(t, levels.siaga2 + 5);
    await level(t + 60_000, levels.siaga2 + 5); // Siaga 2 held: raised by the old owner
    const raised = await waitFor('raised', () => events.find((e) => e.type === 'raised' && e.alert.sensorId === moved), { timeoutMs: 20_000 });
    const at = Date.now();
    const assigned: AlertEvent = { type: 'assigned', at, by: 'budi', alert: { ...raised.alert, assignee: 'budi', updatedAt: at } };
    await client.publishAsync(TOPICS.alertEvents, JSON.stringify(assigned), { qos: 1 });
    await new Promise((r) => setTimeout(r, 1000)); // the assignment reaches both workers before the version
    const seen = events.length;

    await client.publishAsync(TOPICS.registryCatalog, JSON.stringify({ version: 2, catalog: v2 }), { qos: 1, retain: true });
    await waitFor('both workers on v2', () => workers.every((p) => /registry v2:/.test(p.logs())), { timeoutMs: 20_000 });
    expect(workers[newOwner].logs()).toMatch(/registry v2: .*; 1 from and 0 to other workers, open alerts kept/);
    expect(workers[oldOwner].logs()).toMatch(/registry v2: .*; 0 from and 1 to other workers, open alerts kept/);

    await level(Date.now(), levels.siaga1 + 5); // worse: told on the same alert, now by the new owner
    const told = await waitFor('Siaga 1 told', () => events.slice(seen).find((e) => e.alert.sensorId === moved && e.alert.level === 3), { timeoutMs: 20_000 });
    // was: `resolved` from the old owner at the version, and a new `raised` from the new one
    const news = events.slice(seen).filter((e) => e.alert.sensorId === moved && e.type !== 'updated');
    expect(news.map((e) => e.type)).toEqual(['escalated']);
    expect([told.alert.id, told.alert.assignee]).toEqual([raised.alert.id, 'budi']);
  }, 150_000);
});
