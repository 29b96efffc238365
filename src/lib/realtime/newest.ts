import type { LiveReading } from '../core/reading';
import type { SensorKind } from '../core/sensor';

/** Per kind, the newest reading time heard, epoch ms (absent: none yet). */
export type NewestByKind = ReadonlyMap<SensorKind, number>;

/**
 * Folds a batch into the newest times per kind, each reading's time capped at `arrivedAt` (server time when
 * the batch came): a device whose clock runs minutes fast (the server accepts up to MAX_FUTURE_MS ahead) would
 * otherwise keep the wall "live" for those minutes after the feed stopped. Returns `prev` itself when nothing
 * got newer, so a page deriving from it does not recompute for every batch.
 */
export function foldNewest(prev: NewestByKind, readings: readonly LiveReading[], arrivedAt: number): NewestByKind {
  let next: Map<SensorKind, number> | null = null;
  for (const r of readings) {
    const at = Math.min(r.ts, arrivedAt);
    if (at <= ((next ?? prev).get(r.kind) ?? 0)) continue;
    next ??= new Map(prev);
    next.set(r.kind, at);
  }
  return next ?? prev;
}

/** The newest of all kinds, or 0. */
export function newestOfAll(byKind: NewestByKind): number {
  let newest = 0;
  for (const at of byKind.values()) if (at > newest) newest = at;
  return newest;
}
