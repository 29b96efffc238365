/**
 * Two ingest workers (INGEST_WORKERS=2, the real processes, their own Mosquitto, the test's InfluxDB)
 * and a registry version that moves a gauge from worker A to worker B while A is down. B handles a
 * reading of the gauge before the version (not its sensor then); A's persistent session queues it, and A
 * restarts under the new version. A must still store it (handover.json next to its journal): before, it
 * started with no memory of owning the gauge and skipped its own backlog, and the reading was lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import catalogJson from '../../src/lib/catalog/samarinda.json';
import type { Catalog } from '../../src/lib/core/sensor';
import { TOPICS, sensorTopic } from '../../src/lib/core/topic';
import { readTestServices, uniqueDb } from '../helpers/env';
import { influxQuery } from '../helpers/influx';
import { gaugeMove, startWorkerBed, type WorkerBed } from '../helpers/ingest-workers';
import { waitFor } from '../helpers/wait';

const v1 = catalogJson as unknown as Catalog;
const services = readTestServices();
const db = uniqueDb('handover');
const { moved, v2, from: A, to: B } = gaugeMove(v1);
const status = new Map<string, { othersSkipped: number; handedOver?: number }>();
const clientId = (index: number) => `w${index}-${db}`;
let bed: WorkerBed;

beforeAll(async () => {
  bed = await startWorkerBed({ influxUrl: services.influxUrl, db, v1, subscribe: `${TOPICS.status}/ingest/+`, onMessage: (topic, payload) => void status.set(topic, JSON.parse(payload.toString())) });
}, 60_000);

afterAll(() => bed?.close(), 60_000);

describe('ingest workers: a sensor moved while its old owner is down', () => {
  it('the old owner stores its queued reading of the moved sensor after restarting under the new version', async () => {
    expect(A).not.toBe(B);
    const walA = await bed.tempDir('pantau-handover-wal-');
    const a = await bed.start(A, walA);
    const b = await bed.start(B);
    await waitFor('both workers on v1', () => [a, b].every((p) => /catalog from the sensor registry v1/.test(p.logs())), { timeoutMs: 20_000 });
    await a.stop(); // its persistent session queues what comes meanwhile

    const ts = Date.now() - 5_000;
    await bed.client.publishAsync(sensorTopic('flood', moved), JSON.stringify({ ts, values: { water_level: 42 } }), { qos: 1 });
    // B acknowledges and skips it: not its sensor under v1
    await waitFor('B skipped the reading', () => (status.get(`${TOPICS.status}/ingest/${clientId(B)}`)?.othersSkipped ?? 0) >= 1, { timeoutMs: 25_000 });
    await bed.client.publishAsync(TOPICS.registryCatalog, JSON.stringify({ version: 2, catalog: v2 }), { qos: 1, retain: true });
    await waitFor('B applied v2', () => /registry v2:/.test(b.logs()), { timeoutMs: 20_000 });

    const restarted = await bed.start(A, walA);
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
