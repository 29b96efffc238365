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
import { DEFAULT_DECODE_LIMITS } from '../src/lib/core/decode';
import { parseInfluxConfig } from '../src/lib/core/influx-config';
import { fnv1a32 } from '../src/lib/core/random';
import { HANDOVER_MS, createIngest } from './app';
import type { RuleDetector } from './detect/context';
import { createDetectionEngine } from './detect/engine';
import { AIR, CATALOG, KP3 } from './detect/test-support';
import { openDurableLog } from './durable';
import { startWriteServer } from './durable/test-support';
import { handoverFile } from './handover-file';
import { createPartition, type Partition } from './partition';

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

function cluster() {
  let now = Date.UTC(2026, 11, 6, 12, 0, 0);
  async function worker(partition: Partition, stateDir?: string) {
    const influx = await startWriteServer([]);
    const dir = mkdtempSync(path.join(tmpdir(), 'pantau-handover-'));
    const { log: sink } = openDurableLog({
      journal: { dir, segmentMaxBytes: 1 << 20, fsync: false },
      influx: parseInfluxConfig({ INFLUX_URL: influx.url, INFLUX_DB: 'test' }),
      batchSize: 100,
      flushIntervalMs: 10,
      maxJournalBytes: 1 << 20,
      retryMaxMs: 50,
      districtOf: () => 'Samarinda Ulu'
    });
    cleanups.push(() => new Promise((r) => influx.server.close(r)), () => rmSync(dir, { recursive: true, force: true }), () => sink.close(1000));
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
    /** The flood levels this worker stored, in order. */
    const stored = async () => {
      sink.sync();
      await sink.flush();
      return influx.requests.flatMap((r) => r.lines).filter((l) => l.startsWith('flood,')).map((l) => Number(/water_level=([\d.]+)/.exec(l)?.[1]));
    };
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
