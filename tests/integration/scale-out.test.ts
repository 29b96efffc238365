/**
 * Beyond one machine: two ingest workers split the sensors by hash (INGEST_WORKERS=2), two command
 * centers share Socket.IO through Redis. Every reading is handled by exactly one worker and stored once;
 * an alert raised by either worker reaches the clients of both command centers exactly once.
 */
import mqtt from 'mqtt';
import { createClient } from 'redis';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, SequencedAlertEvent, ServerToClientEvents, Snapshot } from '../../src/lib/core/events';
import type { Catalog, SensorKind } from '../../src/lib/core/sensor';
import { TOPICS, sensorTopic } from '../../src/lib/core/topic';
import catalogJson from '../../src/lib/catalog/samarinda.json';
import { createPartition, linkedGroups } from '../../ingest/partition';
import { startRedis, type RedisHandle } from '../../bench/lib/redis';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase, influxQuery } from '../helpers/influx';
import { spawnProcess, type SpawnedProcess } from '../helpers/processes';
import { startWeb } from '../helpers/web';
import { createTempDir, startMosquitto, type MosquittoHandle } from '../helpers/services';
import { sleep, waitFor } from '../helpers/wait';

const catalog = catalogJson as unknown as Catalog;
const services = readTestServices();
const db = uniqueDb('scaleout');
const WORKERS = 2;
const READINGS = 4000;
/** Harmless values: the bulk readings should not be what raises the alerts we look for. */
const QUIET: Record<SensorKind, Record<string, number>> = { traffic: { speed: 40 }, flood: { water_level: 0 }, air: { pm25: 5 } };

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const temps: Array<{ remove(): Promise<void> }> = [];
let broker: MosquittoHandle;
let redis: RedisHandle;
const workers: SpawnedProcess[] = [];
const webs: { proc: SpawnedProcess; url: string; client: Client; alerts: SequencedAlertEvent[] }[] = [];
let watcher: mqtt.MqttClient;
const status = new Map<string, { received: number; othersSkipped: number }>();

beforeAll(async () => {
  const brokerDir = await createTempDir('pantau-scale-mqtt-');
  temps.push(brokerDir);
  [broker, redis] = await Promise.all([startMosquitto({ dataDir: brokerDir.dir }), startRedis(), createDatabase(services.influxUrl, db)]);
  const env = { MQTT_URL: broker.url, INFLUX_URL: services.influxUrl, INFLUX_DB: db };
  watcher = await mqtt.connectAsync(broker.url, { clientId: `status-${db}` });
  watcher.on('message', (topic, payload) => status.set(topic, JSON.parse(payload.toString())));
  await watcher.subscribeAsync(`${TOPICS.status}/ingest/+`, { qos: 0 });
  for (let index = 0; index < WORKERS; index++) {
    const wal = await createTempDir('pantau-scale-wal-');
    temps.push(wal);
    workers.push(
      await spawnProcess({
        name: `ingest-w${index}`,
        args: ['ingest/main.ts'],
        env: {
          ...env,
          INGEST_WORKERS: String(WORKERS),
          INGEST_WORKER_INDEX: String(index),
          INGEST_CLIENT_ID: `w${index}-${db}`,
          INGEST_WAL_DIR: wal.dir,
          INGEST_FLUSH_MS: '50',
          INGEST_MAX_SENSOR_RATE: '100000'
        },
        readyLine: /connected to/,
        timeoutMs: 30_000
      })
    );
  }
  for (let i = 0; i < 2; i++) {
    const proc = await startWeb({ db, name: `web-${i}`, env: { ...env, REDIS_URL: redis.url } });
    const url = proc.url;
    const client: Client = io(url, { transports: ['websocket'], reconnection: false });
    const alerts: SequencedAlertEvent[] = [];
    client.on('alert', (e) => alerts.push(e));
    await new Promise<Snapshot>((resolve) => client.once('snapshot', resolve));
    webs.push({ proc, url, client, alerts });
  }
}, 180_000);

afterAll(async () => {
  for (const w of webs) w.client.close();
  await watcher?.endAsync();
  await Promise.all([...workers.map((w) => w.stop()), ...webs.map((w) => w.proc.stop())]);
  await Promise.all([broker?.stop(), redis?.stop()]);
  await dropDatabase(services.influxUrl, db);
  for (const t of temps) await t.remove();
}, 60_000);

describe('scale-out: 2 ingest workers, 2 command centers with Redis', () => {
  it('both command centers joined the Redis adapter', async () => {
    const probe = createClient({ url: redis.url });
    await probe.connect();
    try {
      // The adapter's request channel has one subscriber per instance.
      const subscribers = await waitFor('2 adapter subscribers', async () => {
        const n = (await probe.pubSubNumSub('socket.io-request#/#'))['socket.io-request#/#'];
        return n === 2 ? n : null;
      });
      expect(subscribers).toBe(2);
    } finally {
      await probe.quit();
    }
  });

  it(`stores ${READINGS} QoS 1 readings over every sensor exactly once, each handled by one worker`, async () => {
    const publisher = await mqtt.connectAsync(broker.url, { clientId: `pub-${db}` });
    const t0 = Date.now() - 3_600_000;
    const sent = new Map<string, number>();
    for (let start = 0; start < READINGS; start += 500) {
      const batch: Promise<unknown>[] = [];
      for (let i = start; i < Math.min(READINGS, start + 500); i++) {
        const s = catalog.sensors[i % catalog.sensors.length];
        const ts = t0 + Math.floor(i / catalog.sensors.length) * 1000;
        sent.set(s.kind, (sent.get(s.kind) ?? 0) + 1);
        batch.push(publisher.publishAsync(sensorTopic(s.kind, s.id), JSON.stringify({ ts, values: QUIET[s.kind] }), { qos: 1 }));
      }
      await Promise.all(batch);
    }
    await publisher.endAsync();
    const countStored = async () => {
      let total = 0;
      for (const kind of sent.keys()) {
        const field = Object.keys(QUIET[kind as SensorKind])[0];
        const rows = await influxQuery(services.influxUrl, db, `SELECT count(${field}) FROM ${kind} WHERE time >= ${t0}ms`);
        total += Number(rows[0]?.count ?? 0);
      }
      return total;
    };
    // InfluxDB keeps one point per (series, ts): the count is the number of distinct (sensor, ts) stored.
    await waitFor(`${READINGS} distinct (sensor, ts) stored`, async () => (await countStored()) >= READINGS, { timeoutMs: 30_000 });
    expect(await countStored()).toBe(READINGS);
    // No point written twice either: the workers' own counters (status every 10 s) add up to N.
    const counts = await waitFor(
      'both workers counted every reading',
      () => {
        const all = [...status.values()];
        const received = all.reduce((n, s) => n + s.received, 0);
        return all.length === WORKERS && received >= READINGS ? all : null;
      },
      { timeoutMs: 25_000 }
    );
    expect(counts.reduce((n, s) => n + s.received, 0)).toBe(READINGS);
    for (const s of counts) {
      expect(s.received + s.othersSkipped).toBe(READINGS);
      expect(s.received).toBeGreaterThan(READINGS / 5);
    }
  }, 90_000);

  it('an alert from either worker reaches the clients of both command centers exactly once', async () => {
    const groups = linkedGroups(catalog);
    const owner = createPartition({ workers: WORKERS, index: 0, groups });
    const gauges = [0, 1].map((w) => catalog.sensors.find((s) => s.kind === 'flood' && s.flood && owner.ownerOfSensor(s.id) === w)!);
    expect(gauges.every(Boolean)).toBe(true);
    const publisher = await mqtt.connectAsync(broker.url, { clientId: `alert-pub-${db}` });
    // Two readings: a sudden jump is held for one reading as a possible spike before it pages.
    for (const g of gauges) {
      for (const ts of [Date.now() - 1000, Date.now()]) {
        await publisher.publishAsync(sensorTopic('flood', g.id), JSON.stringify({ ts, values: { water_level: g.flood!.siaga2 + 10, rainfall: 40 } }), { qos: 1 });
      }
    }
    await publisher.endAsync();
    const raisedFor = (alerts: SequencedAlertEvent[], sensorId: string) =>
      alerts.filter((e) => e.type === 'raised' && e.alert.sensorId === sensorId && e.alert.rule === 'flood_level');
    await waitFor('both alerts on both command centers', () => webs.every((w) => gauges.every((g) => raisedFor(w.alerts, g.id).length > 0)), { timeoutMs: 20_000 });
    // Time for a duplicate (through Redis, or a second worker) to arrive if one were coming.
    await sleep(1500);
    for (const w of webs) {
      for (const g of gauges) expect(raisedFor(w.alerts, g.id)).toHaveLength(1);
    }
    expect(raisedFor(webs[0].alerts, gauges[0].id)[0].alert.id).toBe(raisedFor(webs[1].alerts, gauges[0].id)[0].alert.id);
  }, 60_000);
});
