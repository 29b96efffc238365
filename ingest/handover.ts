/**
 * Which readings of sensors another worker owns this worker still stores (store-only, never detected:
 * a duplicate point is one point in InfluxDB, a duplicate alert is not).
 *
 * With several workers a registry version can move a sensor from this worker to another. Each worker
 * applies a version on its own delivery, and each reaches a reading when its own queue gets there: a
 * reading the new owner handled before it applied the version (not its sensor then) must be stored by
 * the old owner, however late the old owner reaches it (a backlog, a full journal, a restart). So the
 * old owner decides by the reading's own time, not by when it handles it: a reading stamped up to
 * HANDOVER_MS after the sensor left this worker is stored here. Kept per sensor (the latest time it
 * left), so a second version does not end the first one's handover, and persisted (handover-file.ts)
 * with the sensors owned, so a worker that was down when a version came still stores its backlog.
 *
 * A moved sensor's open alerts go with it (sensorMoves below): the old owner drops them without a word,
 * the new owner goes on with them as they were (detect/sibling-alerts.ts), as one worker would have.
 */
import type { Catalog } from '../src/lib/core/sensor';
import type { CatalogDiff } from './catalog-diff';
import type { Partition } from './partition';

/**
 * How long on either clock (the reading's, or the worker's after it applied the version) the old owner
 * keeps storing a moved sensor: room for the workers applying a version at different moments.
 */
export const HANDOVER_MS = 120_000;

/** What survives a restart: the sensors this worker owned, and when each moved sensor left it. */
export interface HandoverSaved {
  owned: string[];
  left: [sensorId: string, at: number][];
}

export interface Handover {
  /** False when no sensor is in a handover: a message for another worker's sensor needs no look. */
  active(): boolean;
  /** True when readings of this sensor (not this worker's now) may still be stored here: worth decoding. */
  mayKeep(sensorId: string, now: number): boolean;
  /** True when this reading of a sensor another worker owns now is stored here. */
  keeps(sensorId: string, ts: number, now: number): boolean;
  /** A registry version took effect here at `now`: the sensors it takes from this worker begin their handover. */
  apply(partition: Partition, sensorIds: readonly string[], now: number): void;
  saved(): HandoverSaved;
}

export interface HandoverOptions {
  partition: Partition;
  /** Every sensor of the catalog (moved sensors are tracked only while they are in it: bounded). */
  sensorIds: readonly string[];
  now: number;
  /** What the last run saved; null at a first start (nothing known to hand over). */
  saved: HandoverSaved | null;
  /** Readings older than this are refused by the decoder, so a sensor that left before then is forgotten. */
  maxPastMs: number;
}

export function createHandover(opts: HandoverOptions): Handover {
  let owned = ownedOf(opts.partition, opts.sensorIds);
  const left = new Map<string, number>();
  const catalog = new Set(opts.sensorIds);
  for (const [id, at] of opts.saved?.left ?? []) if (catalog.has(id) && !owned.has(id)) left.set(id, at);
  // Owned before the stop and not now: a version came meanwhile. When it took effect is unknown (between
  // the save and now): now is the safe side, so the whole backlog of the moved sensor is stored here.
  for (const id of opts.saved?.owned ?? []) if (catalog.has(id) && !owned.has(id)) left.set(id, opts.now);
  const expired = (at: number, now: number) => now > at + HANDOVER_MS + opts.maxPastMs;

  function mayKeep(sensorId: string, now: number): boolean {
    const at = left.get(sensorId);
    if (at === undefined) return false;
    if (!expired(at, now)) return true;
    left.delete(sensorId);
    return false;
  }

  return {
    active: () => left.size > 0,
    mayKeep,
    keeps(sensorId, ts, now) {
      const at = left.get(sensorId);
      return at !== undefined && (ts <= at + HANDOVER_MS || now <= at + HANDOVER_MS);
    },
    apply(partition, sensorIds, now) {
      const next = ownedOf(partition, sensorIds);
      const inCatalog = new Set(sensorIds);
      for (const id of owned) if (!next.has(id) && inCatalog.has(id)) left.set(id, now);
      for (const [id, at] of left) if (next.has(id) || !inCatalog.has(id) || expired(at, now)) left.delete(id);
      owned = next;
    },
    saved: () => ({ owned: [...owned], left: [...left] })
  };
}

function ownedOf(partition: Partition, sensorIds: readonly string[]): Set<string> {
  const owned = new Set<string>();
  for (const id of sensorIds) if (partition.ownsSensor(id)) owned.add(id);
  return owned;
}

/** Sensors a registry version moved between this worker and another: in the registry before and after. */
export interface SensorMoves {
  /** This worker's now, another's before: their open alerts are taken over, not raised again. */
  arrived: string[];
  /** Another worker's now: their open alerts go on there, so they are dropped here, not resolved. */
  left: string[];
}

export const NO_MOVES: SensorMoves = Object.freeze({ arrived: [], left: [] }) as SensorMoves;

/**
 * Of a diff between this worker's sensors before and after a version (`diff`), the ones that only changed
 * worker: in both whole catalogs with the same kind (a kind change is a new sensor: removed and added).
 */
export function sensorMoves(diff: CatalogDiff, prev: Catalog, next: Catalog): SensorMoves {
  const kindIn = (c: Catalog) => new Map(c.sensors.map((s) => [s.id, s.kind]));
  const [before, after] = [kindIn(prev), kindIn(next)];
  return {
    arrived: diff.added.filter((s) => before.get(s.id) === s.kind).map((s) => s.id),
    left: diff.removed.filter((id) => after.has(id) && after.get(id) === before.get(id))
  };
}
