import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fnv1a32 } from '../src/lib/core/random';
import type { Catalog, Sensor } from '../src/lib/core/sensor';
import { HANDOVER_MS, createHandover, sensorMoves } from './handover';
import { HANDOVER_FILE, handoverFile, parseHandover } from './handover-file';
import { createPartition } from './partition';

const T = Date.UTC(2026, 11, 6, 12, 0, 0);
const DAY = 86_400_000;
const IDS = ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8'];
const INDEX = 0;
const mine = IDS.filter((id) => fnv1a32(id) % 2 === INDEX);
const KEY_OF_OTHER = ['a', 'b', 'c', 'd', 'e', 'f'].find((k) => fnv1a32(k) % 2 !== INDEX)!;
const part = (moved: string[] = []) => createPartition({ workers: 2, index: INDEX, groups: new Map(moved.map((id) => [id, KEY_OF_OTHER])) });
const start = (saved: Parameters<typeof createHandover>[0]['saved'] = null, now = T) =>
  createHandover({ partition: part(), sensorIds: IDS, now, saved, maxPastMs: DAY });

describe('handover: which readings of a moved sensor the old owner stores', () => {
  it('needs sensors of both workers', () => {
    expect(mine.length).toBeGreaterThanOrEqual(2);
    expect(mine.length).toBeLessThan(IDS.length);
  });

  it('by the reading time or the handling time, within HANDOVER_MS of the move', () => {
    const h = start();
    const [moved, kept] = mine;
    expect(h.active()).toBe(false);
    h.apply(part([moved]), IDS, T);
    expect(h.mayKeep(kept, T)).toBe(false); // still ours: not a handover
    expect(h.mayKeep(moved, T + DAY)).toBe(true);
    expect(h.keeps(moved, T - 3_600_000, T + DAY)).toBe(true); // stamped before the move, reached a day later
    expect(h.keeps(moved, T + HANDOVER_MS, T + DAY)).toBe(true);
    expect(h.keeps(moved, T + HANDOVER_MS + 1, T + DAY)).toBe(false);
    expect(h.keeps(moved, T + 10 * HANDOVER_MS, T + HANDOVER_MS)).toBe(true); // a sensor clock ahead, handled soon
  });

  it('stays bounded: a sensor that comes back, leaves the catalog, or left longer ago than any decodable reading is forgotten', () => {
    const h = start();
    const [a, b, c] = mine;
    h.apply(part([a, b, c]), IDS, T);
    expect(h.saved().left.map(([id]) => id).sort()).toEqual([a, b, c].sort());
    h.apply(part([b, c]), IDS, T + 1000); // a comes back
    expect(h.mayKeep(a, T + 1000)).toBe(false);
    h.apply(part([b, c]), IDS.filter((id) => id !== b), T + 2000); // b leaves the catalog
    expect(h.saved().left.map(([id]) => id)).toEqual([c]);
    expect(h.mayKeep(c, T + DAY)).toBe(true);
    expect(h.mayKeep(c, T + HANDOVER_MS + DAY + 1)).toBe(false);
    expect(h.saved().left).toEqual([]);
    expect(h.active()).toBe(false);
  });

  it('a later move of the same sensor restarts its handover; one of another sensor leaves it alone', () => {
    const h = start();
    const [a, b] = mine;
    h.apply(part([a]), IDS, T);
    h.apply(part([a, b]), IDS, T + 60_000);
    expect(h.keeps(a, T + HANDOVER_MS, T + 3 * HANDOVER_MS)).toBe(true);
    expect(h.keeps(a, T + HANDOVER_MS + 1, T + 3 * HANDOVER_MS)).toBe(false);
    expect(h.keeps(b, T + 60_000 + HANDOVER_MS, T + 3 * HANDOVER_MS)).toBe(true);
  });

  it('after a restart: sensors owned before the stop and not now are handed over from the start, earlier moves kept', () => {
    const before = start();
    const [a, b] = mine;
    before.apply(part([a]), IDS, T);
    const saved = before.saved();
    const restarted = createHandover({ partition: part([a, b]), sensorIds: IDS, now: T + 600_000, saved, maxPastMs: DAY });
    expect(restarted.keeps(a, T + HANDOVER_MS, T + DAY)).toBe(true);
    expect(restarted.keeps(a, T + HANDOVER_MS + 1, T + DAY)).toBe(false);
    // b moved while it was down: its whole backlog up to the start is stored here
    expect(restarted.keeps(b, T + 600_000 + HANDOVER_MS, T + DAY)).toBe(true);
    expect(restarted.keeps(b, T + 600_000 + HANDOVER_MS + 1, T + DAY)).toBe(false);
  });
});

describe('handover file: the state next to the journal', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const tempDir = () => {
    const d = mkdtempSync(path.join(tmpdir(), 'pantau-handover-file-'));
    dirs.push(d);
    return d;
  };

  it('round-trips, leaves no temporary file, and reads nothing at a first start', () => {
    const dir = tempDir();
    const logs: string[] = [];
    const store = handoverFile(dir, (m) => void logs.push(m));
    expect(store.load()).toBeNull();
    store.save({ owned: ['s1', 's2'], left: [['s3', T]] });
    expect(handoverFile(dir, () => {}).load()).toEqual({ owned: ['s1', 's2'], left: [['s3', T]] });
    expect(readdirSync(dir)).toEqual([HANDOVER_FILE]);
    expect(logs).toEqual([]);
  });

  it('a broken file is logged and read as none', () => {
    const dir = tempDir();
    const logs: string[] = [];
    writeFileSync(path.join(dir, HANDOVER_FILE), '{"owned":["s1"],"left":[["s3"');
    expect(handoverFile(dir, (m) => void logs.push(m)).load()).toBeNull();
    expect(logs).toHaveLength(1);
    expect(parseHandover('{"owned":["s1"],"left":[["s3","x"]]}')).toBeNull();
    expect(parseHandover('{"owned":[1],"left":[]}')).toBeNull();
    expect(parseHandover('null')).toBeNull();
  });

  it('a save that cannot write is logged, not thrown', () => {
    const logs: string[] = [];
    const store = handoverFile(path.join(tempDir(), 'missing'), (m) => void logs.push(m));
    expect(() => store.save({ owned: [], left: [] })).not.toThrow();
    expect(logs[0]).toMatch(/could not save/);
  });
});

describe('sensorMoves: the sensors a version only moved between workers', () => {
  const gauge = (id: string, kind: Sensor['kind'] = 'flood') => ({ id, kind }) as Sensor;
  const catalog = (...sensors: Sensor[]): Catalog => ({ city: 'x', districts: [], sensors });
  it('counts a sensor in the registry before and after with its kind; not a new, decommissioned or re-kinded one', () => {
    const prev = catalog(gauge('in'), gauge('out'), gauge('gone'), gauge('rekind'));
    const next = catalog(gauge('in'), gauge('out'), gauge('new'), gauge('rekind', 'air'));
    const diff = { added: [gauge('in'), gauge('new'), gauge('rekind', 'air')], removed: ['out', 'gone', 'rekind'], changed: [] };
    expect(sensorMoves(diff, prev, next)).toEqual({ arrived: ['in'], left: ['out'] });
  });
});
