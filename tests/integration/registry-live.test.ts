/**
 * A registry version applied by a running ingest (real Mosquitto and InfluxDB of `npm test`, the real
 * ingest process with INGEST_CATALOG_SOURCE=registry): the retained `{version, catalog}` message is
 * what the command center publishes; this test publishes it itself, as a command center would.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import catalogFile from '../../src/lib/catalog/samarinda.json';
import type { AlertEvent } from '../../src/lib/core/alert';
import type { Catalog, Sensor } from '../../src/lib/core/sensor';
import { TOPICS, sensorTopic } from '../../src/lib/core/topic';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase } from '../helpers/influx';
import { spawnProcess, type SpawnedProcess } from '../helpers/processes';
import { waitFor } from '../helpers/wait';

const services = readTestServices();
const db = uniqueDb('registry_live');
const v1 = catalogFile as unknown as Catalog;
// A gauge nobody links to, and an air sensor: their changes touch no other sensor.
const gauge = v1.sensors.find((s) => s.id === 'flood-simpang-sempaja')!;
const air = v1.sensors.find((s) => s.id === 'air-palaran-1')!;
const v2: Catalog = {
  ...v1,
  sensors: v1.sensors.filter((s) => s.id !== air.id).map((s): Sensor => (s.id === gauge.id ? { ...s, flood: { siaga3: 10, siaga2: 20, siaga1: 60 } } : s))
};
let client: mqtt.MqttClient;
let ingest: SpawnedProcess;
const alertEvents: AlertEvent[] = [];
const deadLetters: { code: string; topic: string }[] = [];
const live: { sensorId: string; ts: number }[] = [];

const publishCatalog = (payload: string) => client.publishAsync(TOPICS.registryCatalog, payload, { retain: true, qos: 1 });
/** Publishes a reading and waits until the ingest has taken it: it goes out in a live batch. */
async function accepted(sensor: Sensor, values: Record<string, number>): Promise<void> {
  const ts = Date.now();
  await client.publishAsync(sensorTopic(sensor.kind, sensor.id), JSON.stringify({ ts, values }), { qos: 1 });
  await waitFor(`${sensor.id}'s reading in a live batch`, () => live.some((r) => r.sensorId === sensor.id && r.ts === ts), { timeoutMs: 20_000 });
}
const floodRaised = () => alertEvents.filter((e) => e.type === 'raised' && e.alert.sensorId === gauge.id && e.alert.rule === 'flood_level');

beforeAll(async () => {
  await createDatabase(services.influxUrl, db);
  client = await mqtt.connectAsync(services.mqttUrl, { clientId: `registry-live-${db}` });
  await client.subscribeAsync([TOPICS.alertEvents, TOPICS.deadLetter, TOPICS.live], { qos: 1 });
  client.on('message', (topic, payload) => {
    const body = JSON.parse(payload.toString());
    if (topic === TOPICS.alertEvents) alertEvents.push(body);
    else if (topic === TOPICS.deadLetter) deadLetters.push(body);
    else live.push(...body);
  });
  await publishCatalog(JSON.stringify({ version: 1, catalog: v1 }));
  ingest = await spawnProcess({
    name: 'ingest',
    args: ['ingest/main.ts'],
    env: {
      MQTT_URL: services.mqttUrl,
      INFLUX_URL: services.influxUrl,
      INFLUX_DB: db,
      INGEST_CLIENT_ID: `ingest-${db}`,
      INGEST_CATALOG_SOURCE: 'registry',
      INGEST_WAL_DIR: mkdtempSync(path.join(tmpdir(), 'pantau-wal-'))
    },
    readyLine: /connected to/,
    timeoutMs: 30_000
  });
}, 60_000);

afterAll(async () => {
  await ingest?.stop();
  // Other files' ingests must not start from this test's catalog.
  await publishCatalog('');
  await client?.endAsync();
  await dropDatabase(services.influxUrl, db);
});

describe('a running ingest and a new registry version', () => {
  it('applies a lowered flood threshold and a removal without a restart', async () => {
    expect(ingest.logs()).toMatch(/catalog from the sensor registry v1/);
    await accepted(gauge, { water_level: 15 });
    await accepted(air, { pm25: 12 });
    expect(floodRaised()).toEqual([]);
    expect(deadLetters.filter((d) => d.topic.endsWith(air.id))).toEqual([]);

    await publishCatalog(JSON.stringify({ version: 2, catalog: v2 }));
    await waitFor('the ingest applies v2', () => /registry v2: 1 changed \(flood-simpang-sempaja thresholds\), 0 added, 1 removed \(air-palaran-1\)/.test(ingest.logs()), { timeoutMs: 20_000 });

    // The same level, now at Siaga 2 (20 cm): raised at once.
    await accepted(gauge, { water_level: 15 + 10 });
    const raised = await waitFor('a flood_level alert after v2', () => floodRaised()[0], { timeoutMs: 20_000 });
    expect(raised.alert).toMatchObject({ level: 2, value: 25 });

    await client.publishAsync(sensorTopic('air', air.id), JSON.stringify({ ts: Date.now(), values: { pm25: 12 } }), { qos: 1 });
    const refused = await waitFor('the removed sensor dead-lettered', () => deadLetters.find((d) => d.topic === sensorTopic('air', air.id)), { timeoutMs: 20_000 });
    expect(refused.code).toBe('unknown_sensor');
    expect(ingest.isRunning()).toBe(true);
  });

  it('refuses a broken catalog and ignores an older version, keeping the one applied', async () => {
    await publishCatalog(JSON.stringify({ version: 3, catalog: { city: 'X', districts: [], sensors: [] } }));
    await waitFor('the broken catalog refused', () => /registry catalog message ignored: .*; keeping v2/.test(ingest.logs()), { timeoutMs: 20_000 });
    await publishCatalog(JSON.stringify({ version: 1, catalog: v1 }));
    await waitFor('the older version ignored', () => /registry catalog v1 ignored: v2 is newer/.test(ingest.logs()), { timeoutMs: 20_000 });
    // Still v2: the removed sensor stays unknown, the lowered threshold stays.
    const before = deadLetters.length;
    await client.publishAsync(sensorTopic('air', air.id), JSON.stringify({ ts: Date.now(), values: { pm25: 12 } }), { qos: 1 });
    await waitFor('refused again', () => deadLetters.slice(before).some((d) => d.topic === sensorTopic('air', air.id) && d.code === 'unknown_sensor'), { timeoutMs: 20_000 });
    expect(ingest.logs()).not.toMatch(/Z registry v[13]:/);
  });

  it('a renamed gauge: its open alert takes the new name at once, on the alert topic, without a new page', async () => {
    const open = floodRaised()[0].alert;
    const renamed = `${gauge.name} (relokasi)`;
    const v4: Catalog = { ...v2, sensors: v2.sensors.map((s) => (s.id === gauge.id ? { ...s, name: renamed } : s)) };
    const before = alertEvents.length;
    await publishCatalog(JSON.stringify({ version: 4, catalog: v4 }));
    const updated = await waitFor('the open alert renamed', () => alertEvents.slice(before).find((e) => e.alert.id === open.id), { timeoutMs: 20_000 });
    expect(updated.type).toBe('updated');
    expect(updated.alert.sensorName).toBe(renamed);
    expect(updated.alert.title.en).toContain(renamed);
    expect(updated.alert.updatedAt).toBeGreaterThan(open.updatedAt);
    expect(alertEvents.slice(before).filter((e) => e.type === 'raised')).toEqual([]);
  });
});
