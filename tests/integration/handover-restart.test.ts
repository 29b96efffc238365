/**
 * Two ingest workers (INGEST_WORKERS=2, the real processes, their own Mosquitto, the test's InfluxDB)
 * and a registry version that moves a gauge from worker A to worker B while A is down. B handles a
 * reading of the gauge before the version (not its sensor then); A's persistent session queues it, and A
 * restarts under the new version. A must still store it (handover.json next to its journal): before, it
 * started with no memory of owning the gauge and skipped its own backlog, and the reading was lost.
 */
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import catalogJson from '../../src/lib/catalog/samarinda.json';
import type { Catalog } from '../../src/lib/core/sensor';
import { TOPICS, sensorTopic } from '../../src/lib/core/topic';
import { createPartition, linkedGroups } from '../../ingest/partition';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase, influxQuery } from '../helpers/influx';
import { spawnProcess, type SpawnedProcess } from '../helpers/processes';
import { createTempDir, startMosquitto, type MosquittoHandle } from '../helpers/services';
import { waitFor } from '../helpers/wait';

const v1 = catalogJson as unknown as Catalog;
const services = readTestServices();
const db = uniqueDb('handover');
const linked = linkedGroups(v1);
const owner = (c: Catalog, id: string) => createPartition({ workers: 2, index: 0, groups: linkedGroups(c) }).ownerOfSensor(id);
const free = v1.sensors.filter((s) => s.kind === 'flood' && !linked.has(s.id)).map((s) => s.id);
// Two unlinked gauges u < s on different workers: linking u → s puts s in u's group, on u's worker.
const [upstream, moved] = free.flatMap((u) => free.filter((s) => u < s && owner(v1, u) !== owner(v1, s)).map((s) => [u, s]))[0];
const v2: Catalog = { ...v1, sensors: v1.sensors.map((s) => (s.id === upstream ? { ...s, downstream: [moved] } : s)) };
const A = owner(v1, moved);
const B = 1 - A;

let broker: MosquittoHandle;
let client: mqtt.MqttClient;
const temps: { remove(): Promise<void> }[] = [];
const running: SpawnedProcess[] = [];
const status = new Map<string, { othersSkipped: number; handedOver?: number }>();
const clientId = (index: number) => `w${index}-${db}`;

async function startWorker(index: number, walDir: string): Promise<SpawnedProcess> {
  const proc = await spawnProcess({
    name: `ingest-w${index}`,
    args: ['ingest/main.ts'],
    env: {
      MQTT_URL: broker.url,
      INFLUX_URL: services.influxUrl,
      INFLUX_DB: db,
      INGEST_WORKERS: '2',
      INGEST_WORKER_INDEX: String(index),
      INGEST_CLIENT_ID: clientId(index),
      INGEST_CATALOG_SOURCE: 'registry',
      INGEST_WAL_DIR: walDir,
      INGEST_FLUSH_MS: '50'
    },
    readyLine: /connected to/,
    timeoutMs: 30_000
  });
  running.push(proc);
  return proc;
}

beforeAll(async () => {
  const brokerDir = await createTempDir('pantau-handover-mqtt-');
  temps.push(brokerDir);
  [broker] = await Promise.all([startMosquitto({ dataDir: brokerDir.dir }), createDatabase(services.influxUrl, db)]);
  client = await mqtt.connectAsync(broker.url, { clientId: `handover-${db}` });
  client.on('message', (topic, payload) => status.set(topic, JSON.parse(payload.toString())));
  await client.subscribeAsync(`${TOPICS.status}/ingest/+`, { qos: 0 });
  await client.publishAsync(TOPICS.registryCatalog, JSON.stringify({ version: 1, catalog: v1 }), { qos: 1, retain: true });
}, 60_000);

afterAll(async () => {
  await Promise.all(running.map((p) => p.stop()));
  await client?.endAsync();
  await broker?.stop();
  await dropDatabase(services.influxUrl, db);
  for (const t of temps) await t.remove();
}, 60_000);

describe('ingest workers: a sensor moved while its old owner is down', () => {
  it('the old owner stores its queued reading of the moved sensor after restarting under the new version', async () => {
    expect([owner(v1, moved), owner(v2, moved)]).toEqual([A, B]);
    const [walA, walB] = [await createTempDir('pantau-handover-wal-'), await createTempDir('pantau-handover-wal-')];
    temps.push(walA, walB);
    const a = await startWorker(A, walA.dir);
    const b = await startWorker(B, walB.dir);
    await waitFor('both workers on v1', () => [a, b].every((p) => /catalog from the sensor registry v1/.test(p.logs())), { timeoutMs: 20_000 });
    await a.stop(); // its persistent session queues what comes meanwhile

    const ts = Date.now() - 5_000;
    await client.publishAsync(sensorTopic('flood', moved), JSON.stringify({ ts, values: { water_level: 42 } }), { qos: 1 });
    // B acknowledges and skips it: not its sensor under v1
    await waitFor('B skipped the reading', () => (status.get(`${TOPICS.status}/ingest/${clientId(B)}`)?.othersSkipped ?? 0) >= 1, { timeoutMs: 25_000 });
    await client.publishAsync(TOPICS.registryCatalog, JSON.stringify({ version: 2, catalog: v2 }), { qos: 1, retain: true });
    await waitFor('B applied v2', () => /registry v2:/.test(b.logs()), { timeoutMs: 20_000 });

    const restarted = await startWorker(A, walA.dir);
    expect(restarted.logs()).toMatch(/catalog from the sensor registry v2/);
    const count = async () => Number((await influxQuery(services.influxUrl, db, `SELECT count(water_level) FROM flood WHERE sensor = '${moved}' AND time = ${ts}ms`))[0]?.count ?? 0);
    await waitFor(`${moved}'s reading stored`, async () => (await count()) >= 1, { timeoutMs: 20_000 });
    expect(await count()).toBe(1);
    const ofA = await waitFor('A counted it as handed over', () => {
      const s = status.get(`${TOPICS.status}/ingest/${clientId(A)}`);
      return (s?.handedOver ?? 0) >= 1 ? s : null;
    }, { timeoutMs: 25_000 });
    expect(ofA.handedOver).toBe(1);
  }, 150_000);
});
