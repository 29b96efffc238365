/**
 * Applies a newer registry catalog to the running ingest (no restart): the partition is recomputed
 * (linked gauges share a worker), the engine applies the diff of this worker's sensors, and the app
 * takes the new sensors for decoding. A sensor moved to or from another worker keeps its open alerts
 * (handover.ts). Versions not newer than the applied one are ignored; a catalog that breaks the schema
 * is refused and the running one kept.
 */
import { validateCatalog } from '../src/lib/catalog/validate';
import type { AlertEvent } from '../src/lib/core/alert';
import type { Catalog } from '../src/lib/core/sensor';
import { describeDiff, diffCatalogs, type CatalogDiff } from './catalog-diff';
import type { DetectionEngine } from './detect/engine';
import { sensorMoves } from './handover';
import { createPartition, linkedGroups, ownedCatalog, type Partition } from './partition';

export interface LiveCatalogOptions {
  /** The catalog the ingest started with and its registry version (−1: the catalog file). */
  catalog: Catalog;
  version: number;
  workers: number;
  workerIndex: number;
  engine: Pick<DetectionEngine, 'applyCatalog'>;
  /** The new catalog (every sensor), its partition, and the events of the engine's apply: for the app. */
  onApplied(next: { catalog: Catalog; partition: Partition; events: AlertEvent[]; diff: CatalogDiff }): void;
  log(message: string): void;
}

export interface LiveCatalog {
  /** A registry version: true when applied. */
  offer(version: number, catalog: Catalog, now: number): boolean;
  version(): number;
  catalog(): Catalog;
}

export function createLiveCatalog(opts: LiveCatalogOptions): LiveCatalog {
  let version = opts.version;
  let catalog = opts.catalog;
  const partitionOf = (c: Catalog) => createPartition({ workers: opts.workers, index: opts.workerIndex, groups: linkedGroups(c) });
  let owned = ownedCatalog(catalog, partitionOf(catalog));

  function offer(nextVersion: number, next: Catalog, now: number): boolean {
    if (nextVersion <= version) {
      opts.log(`registry v${nextVersion} ignored: v${version} is applied`);
      return false;
    }
    const checked = validateCatalog(next);
    if (!checked.ok) {
      opts.log(`registry v${nextVersion} refused, keeping ${version < 0 ? 'the catalog file' : `v${version}`}: ${checked.errors.slice(0, 5).join('; ').slice(0, 500)}`);
      return false;
    }
    const partition = partitionOf(checked.catalog);
    const nextOwned = ownedCatalog(checked.catalog, partition);
    const diff = diffCatalogs(owned, nextOwned);
    const moves = sensorMoves(diff, catalog, checked.catalog);
    const events = opts.engine.applyCatalog(diff, nextOwned, now, moves);
    [version, catalog, owned] = [nextVersion, checked.catalog, nextOwned];
    opts.onApplied({ catalog, partition, events, diff });
    const resolved = events.length > 0 ? `; ${events.length} open alerts of removed sensors resolved` : '';
    const moved = moves.arrived.length + moves.left.length > 0 ? `; ${moves.arrived.length} from and ${moves.left.length} to other workers, open alerts kept` : '';
    opts.log(`registry v${nextVersion}: ${describeDiff(diff)}${moved}${resolved}`);
    return true;
  }

  return { offer, version: () => version, catalog: () => catalog };
}
