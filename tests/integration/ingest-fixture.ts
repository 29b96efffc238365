import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll } from 'vitest';
import { TOPICS } from '../../src/lib/core/topic';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase } from '../helpers/influx';
import { spawnProcess, type SpawnedProcess } from '../helpers/processes';

export interface IngestFixture {
  db: string;
  /** Every dead letter the ingest published since the file started, in order. */
  deadLetters: { code: string; topic: string }[];
  ingest(): SpawnedProcess;
}

/**
 * One ingest process on the harness's real Mosquitto and a database of its own, with a watcher of
 * the dead-letter topic; started before the file's tests and stopped (database dropped) after.
 */
export function useIngestWithDeadLetters(name: string): IngestFixture {
  const services = readTestServices();
  const db = uniqueDb(name);
  const deadLetters: IngestFixture['deadLetters'] = [];
  let ingest: SpawnedProcess | undefined;
  let watcher: mqtt.MqttClient | undefined;

  beforeAll(async () => {
    await createDatabase(services.influxUrl, db);
    watcher = await mqtt.connectAsync(services.mqttUrl, { clientId: `dl-watch-${db}` });
    await watcher.subscribeAsync(TOPICS.deadLetter, { qos: 1 });
    watcher.on('message', (_t, payload) => deadLetters.push(JSON.parse(payload.toString())));
    ingest = await spawnProcess({
      name: 'ingest',
      args: ['ingest/main.ts'],
      env: { MQTT_URL: services.mqttUrl, INFLUX_URL: services.influxUrl, INFLUX_DB: db, INGEST_CLIENT_ID: `ingest-${db}`, INGEST_FLUSH_MS: '50', INGEST_WAL_DIR: mkdtempSync(path.join(tmpdir(), 'pantau-wal-')) },
      readyLine: /connected to/,
      timeoutMs: 30_000
    });
  });

  afterAll(async () => {
    await ingest?.stop();
    await watcher?.endAsync();
    await dropDatabase(services.influxUrl, db);
  });

  return { db, deadLetters, ingest: () => ingest! };
}
