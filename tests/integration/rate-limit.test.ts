/**
 * One sensor publishing 100× its allowed rate is cut off with `rate_limited` dead letters while
 * five others, publishing at their normal pace at the same time, lose nothing. Real Mosquitto,
 * real InfluxDB, the ingest process, MQTT.js clients as sensors.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog, Sensor } from '../../src/lib/core/sensor';
import { TOPICS, sensorTopic } from '../../src/lib/core/topic';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase, influxQuery } from '../helpers/influx';
import { spawnProcess, type SpawnedProcess } from '../helpers/processes';
import { sleep, waitFor } from '../helpers/wait';

const services = readTestServices();
const db = uniqueDb('ratelimit');
/** Readings per second one sensor may send; the ingest's token bucket holds 10 s of it. */
const MAX_RATE_PER_S = 5;
const BURST = MAX_RATE_PER_S * 10;
const FLOOD_RATE_PER_S = MAX_RATE_PER_S * 100;
const DURATION_MS = 3_000;
const NORMAL_RATE_PER_S = 2;

function gauge(id: string): Sensor {
  return { id, kind: 'flood', name: id, district: 'Samarinda Ulu', lat: -0.5, lon: 117.1, intervalS: 1, flood: { siaga3: 150, siaga2: 200, siaga1: 250 } };
}
const flooder = gauge('fl-flood');
const others = ['fl-ok-1', 'fl-ok-2', 'fl-ok-3', 'fl-ok-4', 'fl-ok-5'].map(gauge);
const catalog: Catalog = { city: 'T', districts: [{ code: '1', name: 'Samarinda Ulu', lat: -0.5, lon: 117.1 }], sensors: [flooder, ...others] };

let ingest: SpawnedProcess;
let watcher: mqtt.MqttClient;
const clients: mqtt.MqttClient[] = [];
const deadLetters: { code: string; sensorId?: string }[] = [];

beforeAll(async () => {
  await createDatabase(services.influxUrl, db);
  const catalogPath = path.join(mkdtempSync(path.join(tmpdir(), 'pantau-rate-')), 'catalog.json');
  writeFileSync(catalogPath, JSON.stringify(catalog));
  watcher = await mqtt.connectAsync(services.mqttUrl, { clientId: `dl-${db}` });
  await watcher.subscribeAsync(TOPICS.deadLetter, { qos: 1 });
  watcher.on('message', (_t, p) => deadLetters.push(JSON.parse(p.toString())));
  ingest = await spawnProcess({
    name: 'ingest',
    args: ['ingest/main.ts'],
    env: {
      MQTT_URL: services.mqttUrl, INFLUX_URL: services.influxUrl, INFLUX_DB: db, PANTAU_CATALOG: catalogPath,
      INGEST_CLIENT_ID: `ingest-${db}`, INGEST_FLUSH_MS: '50', INGEST_MAX_SENSOR_RATE: String(MAX_RATE_PER_S)
    },
    readyLine: /connected to/,
    timeoutMs: 30_000
  });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.endAsync()));
  await ingest?.stop();
  await watcher?.endAsync();
  await dropDatabase(services.influxUrl, db);
});

/** Publishes `count` readings with distinct timestamps, `perTick` every `tickMs`; resolves when all are acknowledged. */
async function publishPaced(sensor: Sensor, t0: number, count: number, perTick: number, tickMs: number): Promise<void> {
  const client = await mqtt.connectAsync(services.mqttUrl, { clientId: `s-${sensor.id}-${db}` });
  clients.push(client);
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const payload = JSON.stringify({ ts: t0 + i, values: { water_level: 10 + (i % 50) } });
    pending.push(client.publishAsync(sensorTopic('flood', sensor.id), payload, { qos: 1 }));
    if ((i + 1) % perTick === 0) await sleep(tickMs);
  }
  await Promise.all(pending);
}

async function countStored(sensorId: string): Promise<number> {
  const rows = await influxQuery(services.influxUrl, db, `SELECT COUNT(water_level) FROM flood WHERE sensor = '${sensorId}'`);
  return Number(rows[0]?.count ?? 0);
}

describe('per-sensor rate limit', () => {
  it('cuts off a sensor at 100× its rate and stores every reading of the others', async () => {
    const t0 = Date.now() - 60_000;
    const floodCount = (FLOOD_RATE_PER_S * DURATION_MS) / 1000;
    const normalCount = (NORMAL_RATE_PER_S * DURATION_MS) / 1000;
    const started = Date.now();
    await Promise.all([
      // 50 messages every 100 ms = 500/s, 100× the limit.
      publishPaced(flooder, t0, floodCount, FLOOD_RATE_PER_S / 10, 100),
      ...others.map((s) => publishPaced(s, t0, normalCount, 1, 1000 / NORMAL_RATE_PER_S))
    ]);
    const elapsedS = (Date.now() - started) / 1000;

    for (const s of others) {
      await waitFor(`all ${normalCount} readings of ${s.id}`, async () => (await countStored(s.id)) === normalCount, { timeoutMs: 15_000 });
    }
    // Every flooder message ends either stored or dead-lettered: wait until the two add up.
    const flooderStored = await waitFor('every flooder message stored or refused', async () => {
      const stored = await countStored(flooder.id);
      return stored + deadLetters.filter((d) => d.code === 'rate_limited').length === floodCount ? stored : null;
    }, { timeoutMs: 15_000 });
    const limitedNow = deadLetters.filter((d) => d.code === 'rate_limited');
    expect(limitedNow.length).toBeGreaterThan(floodCount / 2);
    // The bucket passes the burst plus the refill over the run, nothing more. The ingest refills by its own arrival
    // times: 3 s of slack for an ingest behind the publisher on a busy machine (15 tokens of the flood's 1,500).
    expect(flooderStored).toBeGreaterThanOrEqual(BURST);
    expect(flooderStored).toBeLessThanOrEqual(BURST + Math.ceil((elapsedS + 3) * MAX_RATE_PER_S));
    expect(limitedNow.every((d) => d.sensorId === flooder.id)).toBe(true);
    expect(deadLetters.filter((d) => d.code !== 'rate_limited')).toEqual([]);
    expect(ingest.isRunning()).toBe(true);
  });
});
