/**
 * Two partitioned ingest workers (INGEST_WORKERS=2, the real processes on the registry's catalog) and a
 * registry version that moves a gauge between them: for the tests of what a move hands over.
 */
import mqtt from 'mqtt';
import type { Catalog } from '../../src/lib/core/sensor';
import { TOPICS } from '../../src/lib/core/topic';
import { createPartition, linkedGroups } from '../../ingest/partition';
import { createDatabase, dropDatabase } from './influx';
import { spawnProcess, type SpawnedProcess } from './processes';
import { createTempDir, startMosquitto } from './services';

const owner = (c: Catalog, id: string) => createPartition({ workers: 2, index: 0, groups: linkedGroups(c) }).ownerOfSensor(id);

/**
 * Two unlinked gauges u < s with Siaga levels on different workers under `v1`: `v2` links u → s, which puts
 * s (`moved`) in u's group, on u's worker. `from` and `to`: its owner under v1 and v2.
 */
export function gaugeMove(v1: Catalog) {
  const linked = linkedGroups(v1);
  const free = v1.sensors.filter((s) => s.kind === 'flood' && s.flood && !linked.has(s.id)).map((s) => s.id);
  const [upstream, moved] = free.flatMap((u) => free.filter((s) => u < s && owner(v1, u) !== owner(v1, s)).map((s) => [u, s]))[0];
  const v2: Catalog = { ...v1, sensors: v1.sensors.map((s) => (s.id === upstream ? { ...s, downstream: [moved] } : s)) };
  return { moved, v2, from: owner(v1, moved), to: owner(v2, moved) };
}

export interface WorkerBed {
  /** The test's own client on the bed's broker, subscribed to what it asked for. */
  client: mqtt.MqttClient;
  /** Worker `index` of two as client `w<index>-<db>`, with its journal in `walDir` (a new temporary one by default). */
  start(index: number, walDir?: string): Promise<SpawnedProcess>;
  tempDir(prefix: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * A broker of its own (Mosquitto, persistent sessions), a database on the test's InfluxDB, the registry's
 * catalog `v1` retained, and the test's client subscribed to `subscribe`; close() stops every worker started.
 */
export async function startWorkerBed(opts: { influxUrl: string; db: string; v1: Catalog; subscribe: string; onMessage(topic: string, payload: Buffer): void }): Promise<WorkerBed> {
  const temps: { remove(): Promise<void> }[] = [];
  const running: SpawnedProcess[] = [];
  const tempDir = async (prefix: string) => {
    const t = await createTempDir(prefix);
    temps.push(t);
    return t.dir;
  };
  const [broker] = await Promise.all([startMosquitto({ dataDir: await tempDir('pantau-workers-mqtt-') }), createDatabase(opts.influxUrl, opts.db)]);
  const client = await mqtt.connectAsync(broker.url, { clientId: `test-${opts.db}` });
  client.on('message', opts.onMessage);
  await client.subscribeAsync(opts.subscribe, { qos: 1 });
  await client.publishAsync(TOPICS.registryCatalog, JSON.stringify({ version: 1, catalog: opts.v1 }), { qos: 1, retain: true });
  return {
    client,
    tempDir,
    async start(index, walDir) {
      const proc = await spawnProcess({
        name: `ingest-w${index}`,
        args: ['ingest/main.ts'],
        env: {
          MQTT_URL: broker.url,
          INFLUX_URL: opts.influxUrl,
          INFLUX_DB: opts.db,
          INGEST_WORKERS: '2',
          INGEST_WORKER_INDEX: String(index),
          INGEST_CLIENT_ID: `w${index}-${opts.db}`,
          INGEST_CATALOG_SOURCE: 'registry',
          INGEST_WAL_DIR: walDir ?? (await tempDir('pantau-workers-wal-')),
          INGEST_FLUSH_MS: '50'
        },
        readyLine: /connected to/,
        timeoutMs: 30_000
      });
      running.push(proc);
      return proc;
    },
    async close() {
      await Promise.all(running.map((p) => p.stop()));
      await client.endAsync();
      await broker.stop();
      await dropDatabase(opts.influxUrl, opts.db);
      for (const t of temps) await t.remove();
    }
  };
}
