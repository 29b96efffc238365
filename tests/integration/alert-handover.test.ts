/**
 * Two ingest workers (INGEST_WORKERS=2, the real processes, their own Mosquitto, the test's InfluxDB)
 * and a registry version that links a gauge with an open, assigned flood alert to a gauge on the other
 * worker. The alert must go on there: the old owner publishes no `resolved` (an all-clear to responders
 * and the CAP feed mid-flood), the new owner no second `raised` (the whole chain paged again), and the
 * next worsening comes from the new owner on the same alert, its assignee kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import catalogJson from '../../src/lib/catalog/samarinda.json';
import type { AlertEvent } from '../../src/lib/core/alert';
import type { Catalog } from '../../src/lib/core/sensor';
import { TOPICS, sensorTopic } from '../../src/lib/core/topic';
import { readTestServices, uniqueDb } from '../helpers/env';
import { gaugeMove, startWorkerBed, type WorkerBed } from '../helpers/ingest-workers';
import { waitFor } from '../helpers/wait';

const v1 = catalogJson as unknown as Catalog;
const services = readTestServices();
const { moved, v2, from: oldOwner, to: newOwner } = gaugeMove(v1);
const levels = v1.sensors.find((s) => s.id === moved)!.flood!;
const events: AlertEvent[] = [];
let bed: WorkerBed;

const level = (ts: number, cm: number) => bed.client.publishAsync(sensorTopic('flood', moved), JSON.stringify({ ts, values: { water_level: cm } }), { qos: 1 });

beforeAll(async () => {
  bed = await startWorkerBed({
    influxUrl: services.influxUrl,
    db: uniqueDb('alert_handover'),
    v1,
    subscribe: TOPICS.alertEvents,
    onMessage: (_topic, payload) => void events.push(JSON.parse(payload.toString()) as AlertEvent)
  });
}, 60_000);

afterAll(() => bed?.close(), 60_000);

describe('ingest workers: an open alert of a sensor a registry version moves', () => {
  it('goes on at the new owner with its id and assignee: no all-clear, no second raise', async () => {
    expect(oldOwner).not.toBe(newOwner);
    const workers = [await bed.start(0), await bed.start(1)];
    await waitFor('both workers on v1', () => workers.every((p) => /catalog from the sensor registry v1/.test(p.logs())), { timeoutMs: 20_000 });

    const t = Date.now() - 120_000;
    await level(t, levels.siaga2 + 5);
    await level(t + 60_000, levels.siaga2 + 5); // Siaga 2 held: raised by the old owner
    const raised = await waitFor('raised', () => events.find((e) => e.type === 'raised' && e.alert.sensorId === moved), { timeoutMs: 20_000 });
    const at = Date.now();
    const assigned: AlertEvent = { type: 'assigned', at, by: 'budi', alert: { ...raised.alert, assignee: 'budi', updatedAt: at } };
    await bed.client.publishAsync(TOPICS.alertEvents, JSON.stringify(assigned), { qos: 1 });
    await new Promise((r) => setTimeout(r, 1000)); // the assignment reaches both workers before the version
    const seen = events.length;

    await bed.client.publishAsync(TOPICS.registryCatalog, JSON.stringify({ version: 2, catalog: v2 }), { qos: 1, retain: true });
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
