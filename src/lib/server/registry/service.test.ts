import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../core/sensor';
import { createRegistry } from './service';
import type { RegistryStore } from './store';

/** A store whose version() answers only when told to: the poll's read can be held across a change. */
function slowStore() {
  let version = 1;
  let ended = false;
  const held: (() => void)[] = [];
  let holding = false;
  const open = () => {
    if (ended) throw new Error('the pool has ended');
  };
  const catalogAt = (v: number): Catalog => ({ city: { name: 'T', center: [117.15, -0.5], zoom: 12 }, districts: [], sensors: [], v } as unknown as Catalog);
  const store = {
    version: async () => {
      open();
      const seen = version; // read when asked, like a query that has already run
      if (holding) await new Promise<void>((ok) => held.push(ok));
      await new Promise((ok) => setTimeout(ok, 1)); // the query's round trip
      return seen;
    },
    catalog: async () => (open(), { catalog: catalogAt(version), version })
  } as unknown as RegistryStore;
  return {
    store,
    /** A pool whose end the store's later reads see, as pg's does. */
    pool: { end: async () => void (ended = true) } as never,
    hold: () => (holding = true),
    release: () => {
      holding = false;
      held.splice(0).forEach((f) => f());
    },
    change: () => version++
  };
}

describe('registry refresh', () => {
  it('a refresh asked for after a change sees it, even while a reload that read the old version is running', async () => {
    const s = slowStore();
    const registry = await createRegistry(s.store, { end: async () => undefined } as never, 3_600_000, () => undefined);
    expect(registry.current().version).toBe(1);
    s.hold();
    const polling = registry.refresh(); // read version 1, still running
    s.change();
    const mine = registry.refresh(); // asked after the change
    const alsoMine = registry.refresh();
    s.release();
    expect((await polling).version).toBe(1);
    // Joined, the running reload would hand back version 1: that is the stale catalog this guards against.
    expect((await mine).version).toBe(2);
    expect(alsoMine).toBe(mine);
    expect(registry.current().version).toBe(2);
    await registry.close();
  });

  it('close waits for a reload queued behind a running one before it ends the pool', async () => {
    const s = slowStore();
    const registry = await createRegistry(s.store, s.pool, 3_600_000, () => undefined);
    s.hold();
    const polling = registry.refresh();
    s.change();
    const mine = registry.refresh();
    const closing = registry.close();
    s.release();
    await polling;
    // The running reload's end starts the queued one: close must not end the pool under it.
    expect((await mine).version).toBe(2);
    await closing;
  });

  it('tells listeners once per new version and reloads on force', async () => {
    const s = slowStore();
    const registry = await createRegistry(s.store, { end: async () => undefined } as never, 3_600_000, () => undefined);
    const seen: number[] = [];
    registry.onChange((snap) => seen.push(snap.version));
    await registry.refresh();
    s.change();
    await registry.refresh();
    await registry.refresh();
    await registry.refresh(true);
    expect(seen).toEqual([2, 2]);
    await registry.close();
  });
});
