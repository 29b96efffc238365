import { describe, expect, it } from 'vitest';
import type { Catalog, Sensor } from '../src/lib/core/sensor';
import { sensorTopic } from '../src/lib/core/topic';
import { fnv1a32 } from '../src/lib/core/random';
import { createPartition, linkedGroups, ownedCatalog } from './partition';

const sensor = (id: string, downstream?: string[]): Sensor =>
  ({ id, kind: 'flood', district: 'd', name: id, lat: 0, lon: 0, intervalS: 60, downstream }) as unknown as Sensor;

describe('fnv1a32', () => {
  it('matches the published FNV-1a 32-bit test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });
});

describe('createPartition', () => {
  const ids = Array.from({ length: 2000 }, (_, i) => `flood-s${i}`);

  it('gives every sensor exactly one owner among the workers, and spreads them', () => {
    const workers = [0, 1, 2].map((index) => createPartition({ workers: 3, index }));
    const perWorker = [0, 0, 0];
    for (const id of ids) {
      const owners = workers.filter((w) => w.ownsTopic(sensorTopic('flood', id)));
      expect(owners.map((w) => w.index)).toEqual([workers[0].ownerOfSensor(id)]);
      perWorker[owners[0].index]++;
    }
    for (const n of perWorker) expect(n).toBeGreaterThan(ids.length / 3 - 150);
  });

  it('sends a topic without a parsable sensor id to exactly one worker', () => {
    const workers = [0, 1].map((index) => createPartition({ workers: 2, index }));
    for (const topic of ['pantau/v1/sensors/flood/BAD ID', 'pantau/v1/sensors/lava/x', 'pantau/v1/sensors/a/b/c', 'x']) {
      expect(workers.filter((w) => w.ownsTopic(topic))).toHaveLength(1);
    }
  });

  it('one worker owns everything; an index outside the range is refused', () => {
    const solo = createPartition({ workers: 1, index: 0 });
    expect(ids.every((id) => solo.ownsSensor(id))).toBe(true);
    expect(() => createPartition({ workers: 2, index: 2 })).toThrow(RangeError);
  });

  it('keeps sensors linked upstream→downstream on one worker', () => {
    const catalog: Catalog = {
      city: 'c',
      districts: [],
      sensors: [sensor('up-a', ['mid-b']), sensor('mid-b', ['low-c']), sensor('low-c'), sensor('other-z'), ...ids.map((id) => sensor(id))]
    };
    const groups = linkedGroups(catalog);
    expect(groups.get('low-c')).toBe('low-c');
    expect(groups.get('up-a')).toBe('low-c');
    expect(groups.has('other-z')).toBe(false);
    for (const workers of [2, 3, 5]) {
      const p = createPartition({ workers, index: 0, groups });
      expect(new Set(['up-a', 'mid-b', 'low-c'].map((id) => p.ownerOfSensor(id))).size).toBe(1);
    }
    const parts = [0, 1].map((index) => ownedCatalog(catalog, createPartition({ workers: 2, index, groups })));
    expect(parts[0].sensors.length + parts[1].sensors.length).toBe(catalog.sensors.length);
    expect(parts[0].sensors.length).toBeGreaterThan(0);
    expect(parts[1].sensors.length).toBeGreaterThan(0);
  });
});

describe('loadIngestConfig: workers', () => {
  it('reads INGEST_WORKERS / INGEST_WORKER_INDEX and gives each worker its own session and journal', async () => {
    const { loadIngestConfig } = await import('./config');
    const c = loadIngestConfig({ INGEST_WORKERS: '2', INGEST_WORKER_INDEX: '1' });
    expect(c).toMatchObject({ workers: 2, workerIndex: 1, mqttClientId: 'pantau-ingest-w1' });
    expect(c.walDir).toMatch(/pantau-ingest-w1$/);
    expect(() => loadIngestConfig({ INGEST_WORKERS: '2', INGEST_WORKER_INDEX: '2' })).toThrow(/INGEST_WORKER_INDEX/);
    expect(() => loadIngestConfig({ INGEST_WORKERS: '2', INGEST_SHARE_GROUP: 'g' })).toThrow(/INGEST_WORKERS/);
  });
});
