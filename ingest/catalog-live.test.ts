import { describe, expect, it } from 'vitest';
import type { Catalog } from '../src/lib/core/sensor';
import catalogFile from '../src/lib/catalog/samarinda.json';
import { createLiveCatalog } from './catalog-live';
import { createDetectionEngine } from './detect/engine';
import { createPartition, linkedGroups, ownedCatalog } from './partition';

const v1 = catalogFile as unknown as Catalog;
const gauge = v1.sensors.find((s) => s.id === 'flood-simpang-sempaja')!;
const lowered: Catalog = { ...v1, sensors: v1.sensors.map((s) => (s.id === gauge.id ? { ...s, flood: { siaga3: 10, siaga2: 20, siaga1: 60 } } : s)) };

function start(workers = 1, workerIndex = 0) {
  const logs: string[] = [];
  const applied: Catalog[] = [];
  const owned = ownedCatalog(v1, createPartition({ workers, index: workerIndex, groups: linkedGroups(v1) }));
  const engine = createDetectionEngine({ catalog: owned });
  const live = createLiveCatalog({ catalog: v1, version: 4, workers, workerIndex, engine, log: (m) => logs.push(m), onApplied: (n) => applied.push(n.catalog) });
  return { logs, applied, live, engine };
}

describe('live registry catalog', () => {
  it('applies a newer version and says what changed', () => {
    const { logs, applied, live } = start();
    expect(live.offer(5, lowered, 0)).toBe(true);
    expect(logs).toEqual(['registry v5: 1 changed (flood-simpang-sempaja thresholds), 0 added, 0 removed']);
    expect([live.version(), applied]).toEqual([5, [lowered]]);
  });

  it('ignores a version not newer than the applied one', () => {
    const { logs, applied, live } = start();
    expect([live.offer(4, lowered, 0), live.offer(3, lowered, 0)]).toEqual([false, false]);
    expect(logs).toEqual(['registry v4 ignored: v4 is applied', 'registry v3 ignored: v4 is applied']);
    expect([live.version(), live.catalog(), applied]).toEqual([4, v1, []]);
  });

  it('refuses a catalog that breaks the schema and keeps the running one', () => {
    const { logs, live, engine } = start();
    const broken = { ...v1, sensors: v1.sensors.map((s) => (s.id === gauge.id ? { ...s, downstream: ['no-such-gauge'] } : s)) };
    expect(live.offer(5, broken, 0)).toBe(false);
    expect(logs[0]).toMatch(/^registry v5 refused, keeping v4: .*no-such-gauge/);
    expect([live.version(), engine.sensorCount()]).toEqual([4, v1.sensors.length]);
  });

  it('with several workers, each engine holds only the sensors its worker owns after the change', () => {
    const workers = [start(2, 0), start(2, 1)];
    const extra = { ...gauge, id: 'flood-baru', name: 'Pos Baru' };
    const next: Catalog = { ...lowered, sensors: [...lowered.sensors, extra] };
    for (const w of workers) expect(w.live.offer(5, next, 0)).toBe(true);
    expect(workers.map((w) => w.engine.sensorCount()).reduce((a, b) => a + b)).toBe(next.sensors.length);
    // Every worker's decoder gets the whole catalog: the partition decides by topic first.
    expect(workers.map((w) => w.applied[0].sensors.length)).toEqual([next.sensors.length, next.sensors.length]);
  });
});
