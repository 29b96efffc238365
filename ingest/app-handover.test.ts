/**
 * Two ingest workers (createIngest, real detection engine, real durable log; InfluxDB's /write is a
 * loopback server that records the lines) and a registry version that moves KP3 from worker A to B.
 * B handles a reading promptly, before it applies the version (not its sensor then); A reaches the same
 * reading late. Every reading must be stored by one of them, and A must never detect a moved sensor.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert, AlertEvent } from '../src/lib/core/alert';
import { DEFAULT_DECODE_LIMITS } from '../src/lib/core/decode';
import type { Catalog } from '../src/lib/core/sensor';
import { TOPICS } from '../src/lib/core/topic';
import { fnv1a32 } from '../src/lib/core/random';
import { HANDOVER_MS, createIngest, type Ingest } from './app';
import type { RuleDetector } from './detect/context';
import { createDetectionEngine } from './detect/engine';
import { AIR, BENANGA, CATALOG, GUNUNG_LINGAI, KP3 } from './detect/test-support';
import { loopbackDurableLog } from './durable/test-support';
import { handoverFile } from './handover-file';
import { createPartition, linkedGroups, ownedCatalog, type Partition } from './partition';
import { createLiveCatalog } from './catalog-live';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Every flood reading that reaches detection throws: a worker's detectorErrors count its detections. */
const THROWING: RuleDetector = {
  rule: 'flood_level',
  kinds: ['flood'],
  create: () => ({
    observe: () => {
      throw new Error('detected');
    }
  })
};

const A = fnv1a32(KP3.id) % 2;
const B = 1 - A;
/** A group key the other worker owns: linking a sensor to it moves the sensor from A to B. */
const KEY_OF_B = ['a', 'b', 'c', 'd', 'e', 'f'].find((k) => fnv1a32(k) % 2 === B)!;
const part = (index: number, moved: string[] = []) => createPartition({ workers: 2, index, groups: new Map(moved.map((id) => [id, KEY_OF_B])) });
const KP3_TOPIC = `pantau/v1/sensors/flood/${KP3.id}`;
const AIR_TOPIC = `pantau/v1/sensors/air/${AIR.id}`;
const flood = (ts: number, level: number) => new TextEncoder().encode(JSON.stringify({ ts, values: { water_level: level } }));

/** A durable log shipping to a loopback InfluxDB /write: the flood levels it stored, in order. */
async function loopbackSink() {
  const { sink, influx } = await loopbackDurableLog(cleanups);
  const stored = async () => {
    sink.sync();
    await sink.flush();
    return influx.requests.flatMap((r) => r.lines).filter((l) => l.startsWith('flood,')).map((l) => Number(/water_level=([\d.]+)/.exec(l)?.[1]));
  };
  return { sink, stored };
}

function cluster() {
  let now = Date.UTC(2026, 11, 6, 12, 0, 0);
  async function worker(partition: Partition, stateDir?: string) {
    const { sink, stored } = await loopbackSink();
    const ingest = createIngest({
      catalog: CATALOG,
      partition,
      ...(stateDir ? { handoverStore: handoverFile(stateDir, () => {}) } : {}),
      limits: DEFAULT_DECODE_LIMITS,
      maxSensorRatePerS: 20,
      sink,
      engine: createDetectionEngine({ catalog: CATALOG, detectors: { flood_level: THROWING } }),
      publish: () => {},
      now: () => now,
      log: () => {}
    });
    return { ingest, stored };
  }
  return { worker, advance: (ms: number) => (now += ms), now: () => now };
}

describe('ingest workers: a sensor moved by a registry version', () => {
  it('the old owner, backlogged, stores a reading from before the version however late it reaches it (and never detects it)', async () => {
    const c = cluster();
    const [a, b] = [await c.worker(part(A)), await c.worker(part(B))];
    const before = c.now();
    b.ingest.onMessage(KP3_TOPIC, flood(before, 150)); // before the version: not B's
    c.advance(1000);
    a.ingest.applyCatalog({ catalog: CATALOG, partition: part(A, [KP3.id]), events: [] });
    b.ingest.applyCatalog({ catalog: CATALOG, partition: part(B, [KP3.id]), events: [] });
    const after = c.now() + HANDOVER_MS + 1000;
    c.advance(HANDOVER_MS + 60_000);
    b.ingest.onMessage(KP3_TOPIC, flood(after, 152)); // B's now
    // A's backlog reaches both 3 minutes after the version
    a.ingest.onMessage(KP3_TOPIC, flood(before, 150));
    a.ingest.onMessage(KP3_TOPIC, flood(after, 152));
    // was: A skipped 150 (handled more than HANDOVER_MS after the version), B had skipped it too
    expect(await a.stored()).toEqual([150]);
    expect(await b.stored()).toEqual([152]);
    expect(a.ingest.stats()).toMatchObject({ othersSkipped: 2, handedOver: 1, detectorErrors: 0 });
  });

  it('a worker that was down when the version came stores its queued backlog of the moved sensor after its restart', async () => {
    const c = cluster();
    const stateDir = mkdtempSync(path.join(tmpdir(), 'pantau-handover-state-'));
    cleanups.push(() => rmSync(stateDir, { recursive: true, force: true }));
    await c.worker(part(A), stateDir); // A ran under the old version, then stopped
    const b = await c.worker(part(B));
    const before = c.now();
    b.ingest.onMessage(KP3_TOPIC, flood(before, 150)); // before the version: not B's
    b.ingest.applyCatalog({ catalog: CATALOG, partition: part(B, [KP3.id]), events: [] });
    c.advance(30_000);
    const a = await c.worker(part(A, [KP3.id]), stateDir); // A starts with the new version
    a.ingest.onMessage(KP3_TOPIC, flood(before, 150)); // its persistent session's queued copy
    c.advance(HANDOVER_MS + 1000);
    const later = c.now();
    a.ingest.onMessage(KP3_TOPIC, flood(later, 153)); // well after the version: B's alone
    b.ingest.onMessage(KP3_TOPIC, flood(later, 153));
    // was: A started with no memory of the old version and skipped its own backlog
    expect(await a.stored()).toEqual([150]);
    expect(await b.stored()).toEqual([153]);
    expect(a.ingest.stats()).toMatchObject({ handedOver: 1, detectorErrors: 0 });
  });

  it('a second version within the handover does not end the first one', async () => {
    const c = cluster();
    const a = await c.worker(part(A));
    expect(part(A).ownsSensor(AIR.id)).toBe(true);
    a.ingest.applyCatalog({ catalog: CATALOG, partition: part(A, [KP3.id]), events: [] });
    c.advance(60_000);
    // another version, moving AIR (A's) too
    a.ingest.applyCatalog({ catalog: CATALOG, partition: part(A, [KP3.id, AIR.id]), events: [] });
    c.advance(40_000);
    // a reading B skipped before it applied the first version, reached by A 100 s after it
    a.ingest.onMessage(KP3_TOPIC, flood(c.now() - 101_000, 150));
    // was: the second version replaced the first's partition (which no longer owned KP3)
    expect(await a.stored()).toEqual([150]);
    // and the second version's own handover runs as well
    a.ingest.onMessage(AIR_TOPIC, new TextEncoder().encode(JSON.stringify({ ts: c.now(), values: { pm25: 12 } })));
    expect(a.ingest.stats()).toMatchObject({ othersSkipped: 2, handedOver: 2, detectorErrors: 0 });
  });
});

/**
 * The same move with the real rules, each worker applying registry versions through its live catalog
 * and hearing the alert stream as it would on the broker (every event reaches every worker). Version 1
 * leaves Gunung Lingai unlinked; version 2 links it below Benanga, so it joins Benanga's worker.
 */
const GL = GUNUNG_LINGAI.id;
const GL_TOPIC = `pantau/v1/sensors/flood/${GL}`;
const DISTRICTS = ['Samarinda Ulu', 'Samarinda Kota', 'Samarinda Seberang'].map((name, i) => ({ code: `64.72.0${i + 1}`, name, lat: -0.5, lon: 117.15 }));
const V2: Catalog = { ...CATALOG, districts: DISTRICTS };
const V1: Catalog = { ...V2, sensors: V2.sensors.map((s) => (s.id === BENANGA.id ? { ...s, downstream: [KP3.id] } : s)) };
const ownerIn = (catalog: Catalog) => createPartition({ workers: 2, index: 0, groups: linkedGroups(catalog) }).ownerOfSensor(GL);

function alertCluster() {
  let now = Date.UTC(2026, 11, 6, 12, 0, 0);
  const events: AlertEvent[] = [];
  let queued: AlertEvent[] = [];
  const workers: { ingest: Ingest }[] = [];
  async function worker(index: number) {
    const { sink } = await loopbackSink();
    const engine = createDetectionEngine({ catalog: ownedCatalog(V1, createPartition({ workers: 2, index, groups: linkedGroups(V1) })) });
    const ingest = createIngest({
      catalog: V1,
      partition: createPartition({ workers: 2, index, groups: linkedGroups(V1) }),
      limits: DEFAULT_DECODE_LIMITS,
      maxSensorRatePerS: 20,
      sink,
      engine,
      publish: (topic, payload) => topic === TOPICS.alertEvents && queued.push(JSON.parse(payload) as AlertEvent),
      now: () => now,
      log: () => {}
    });
    const live = createLiveCatalog({ catalog: V1, version: 1, workers: 2, workerIndex: index, engine, onApplied: ingest.applyCatalog, log: () => {} });
    const w = { index, ingest, engine, live };
    workers.push(w);
    return w;
  }
  /** The broker: what was published reaches every worker (its sender too), in order. */
  function deliver(): void {
    while (queued.length > 0) {
      const batch = queued;
      queued = [];
      events.push(...batch);
      for (const e of batch) for (const w of workers) w.ingest.onAlertEvent(new TextEncoder().encode(JSON.stringify(e)));
    }
  }
  /** A person's action from the command center (published by the web). */
  function human(e: AlertEvent): void {
    queued.push(e);
    deliver();
  }
  /** One reading of Gunung Lingai to every worker (each subscribes to every sensor topic), then a tick. */
  function level(cm: number): void {
    now += 60_000;
    for (const w of workers) w.ingest.onMessage(GL_TOPIC, flood(now, cm));
    for (const w of workers) w.ingest.tick();
    deliver();
  }
  return { worker, deliver, human, level, events, now: () => now };
}

describe('ingest workers: an open alert of a sensor a registry version moves', () => {
  it('needs a version that moves Gunung Lingai', () => {
    expect(ownerIn(V1)).not.toBe(ownerIn(V2));
  });

  for (const order of ['old owner first', 'new owner first'] as const) {
    it(`is handed over, acknowledgement and assignee kept, with no all-clear and no second raise (${order})`, async () => {
      const c = alertCluster();
      const old = await c.worker(ownerIn(V1));
      const next = await c.worker(ownerIn(V2));
      c.level(230);
      c.level(230); // Siaga 2 held: raised by the old owner
      const raised = c.events.filter((e) => e.type === 'raised');
      expect(raised.map((e) => e.by)).toEqual(['pantau']);
      const alert = raised[0].alert;
      c.human({ type: 'acknowledged', at: c.now(), by: 'budi', alert: { ...alert, state: 'acknowledged', acknowledgedAt: c.now(), acknowledgedBy: 'budi', assignee: 'budi', updatedAt: c.now() } });
      const seen = c.events.length;
      for (const w of order === 'old owner first' ? [old, next] : [next, old]) {
        w.live.offer(2, V2, c.now());
        c.deliver();
      }
      c.level(232);
      c.level(245); // Siaga 1: worse, told by the new owner on the same alert
      const after = c.events.slice(seen);
      // was: the old owner resolved it (an all-clear mid-flood) and the new owner raised a fresh one
      expect(after.filter((e) => e.type === 'resolved' || e.type === 'raised')).toEqual([]);
      expect(old.engine.openAlerts()).toEqual([]);
      const held = next.engine.openAlerts();
      expect(held.map((a) => [a.id, a.assignee])).toEqual([[alert.id, 'budi']]);
      expect(after.filter((e) => e.type === 'escalated').map((e) => e.alert.id)).toEqual([alert.id]);
    });
  }

  it('hands over the older alert a late restore on the old owner kept (the newer merged into it), not nothing', async () => {
    const c = alertCluster();
    const old = await c.worker(ownerIn(V1));
    const next = await c.worker(ownerIn(V2));
    c.level(230);
    c.level(230); // the old owner restarted and InfluxDB is slow: the flood is raised again (a2)
    const a2 = c.events.find((e) => e.type === 'raised')!.alert;
    const hour = 3_600_000;
    const a1: Alert = { ...a2, id: `${a2.id}-older`, raisedAt: a2.raisedAt - hour, updatedAt: a2.raisedAt - hour / 2, state: 'acknowledged', acknowledgedAt: a2.raisedAt - hour / 2, acknowledgedBy: 'budi' };
    old.ingest.adoptRestored([a1]); // the restore lands: a2 is folded into a1
    c.deliver();
    expect(old.engine.openAlerts().map((a) => a.id)).toEqual([a1.id]);
    const seen = c.events.length;
    for (const w of [old, next]) w.live.offer(2, V2, c.now());
    c.deliver();
    c.level(230);
    // was: the other worker kept the newer a2 and dropped it on a2's merged close: a1 open nowhere, a3 raised and paged
    expect(c.events.slice(seen).filter((e) => e.type === 'resolved' || e.type === 'raised')).toEqual([]);
    expect(next.engine.openAlerts().map((a) => [a.id, a.acknowledgedBy])).toEqual([[a1.id, 'budi']]);
  });

  it('a late restore on the other worker does not bring back an alert resolved during its wait, to be taken over open', async () => {
    const c = alertCluster();
    const old = await c.worker(ownerIn(V1));
    const next = await c.worker(ownerIn(V2));
    c.level(230);
    c.level(230);
    const alert = c.events.find((e) => e.type === 'raised')!.alert;
    c.human({ type: 'resolved', at: c.now(), by: 'budi', alert: { ...alert, state: 'resolved', resolvedAt: c.now(), resolvedBy: 'budi', updatedAt: c.now() } });
    next.ingest.adoptRestored([alert]); // its restore read the alert open before budi's resolution
    for (const w of [old, next]) w.live.offer(2, V2, c.now());
    c.deliver();
    const seen = c.events.length;
    for (let i = 0; i < 40; i++) c.level(150);
    // was: the new owner took it over open, updated it and later resolved it again (a second all-clear)
    expect(c.events.slice(seen).filter((e) => e.alert.id === alert.id)).toEqual([]);
    expect(next.engine.openAlerts().filter((a) => a.id === alert.id)).toEqual([]);
  });

  it('a worker started after the alert was raised takes it over from what its start restored', async () => {
    const c = alertCluster();
    const old = await c.worker(ownerIn(V1));
    c.level(230);
    c.level(230);
    const alert = c.events.find((e) => e.type === 'raised')!.alert;
    const acked: Alert = { ...alert, state: 'acknowledged', acknowledgedAt: c.now(), acknowledgedBy: 'budi', updatedAt: c.now() };
    c.human({ type: 'acknowledged', at: c.now(), by: 'budi', alert: acked });
    const next = await c.worker(ownerIn(V2));
    // main.ts restores every open alert from InfluxDB into the engine at start
    next.engine.applyExternal({ type: 'raised', at: acked.updatedAt, by: 'pantau', alert: acked });
    const seen = c.events.length;
    for (const w of [old, next]) w.live.offer(2, V2, c.now());
    c.deliver();
    c.level(230);
    expect(c.events.slice(seen).filter((e) => e.type === 'resolved' || e.type === 'raised')).toEqual([]);
    expect(next.engine.openAlerts().map((a) => [a.id, a.state, a.acknowledgedBy])).toEqual([[alert.id, 'acknowledged', 'budi']]);
  });
});
