import type { LiveReading } from '../core/reading';
import { evictLeastRecent, MAX_SENSORS, setMostRecent } from './merge';

/** Per sensor, when its newest reading was heard, epoch ms (absent: none yet). */
export type HeardBySensor = ReadonlyMap<string, number>;

/**
 * When a reading counts as heard: its time, capped at `arrivedAt` (server time when its batch came). A device whose
 * clock runs minutes fast (the server accepts up to MAX_FUTURE_MS ahead) would otherwise keep the wall "live" for
 * those minutes after the feed stopped.
 */
export function heardTime(r: LiveReading, arrivedAt: number): number {
  return Math.min(r.ts, arrivedAt);
}

/**
 * Folds a batch into the heard time per sensor. Kept per sensor, not per kind, so a page can ask about the sensors of
 * its catalog only: the server also forwards readings of ids outside the catalog (up to its unknown-sensor cap), and
 * one of those must not keep a kind's panel live while its gauges are silent. Past MAX_SENSORS the sensor heard least
 * recently goes, as in mergeReadings. Returns `prev` itself when nothing got newer, so a page deriving from it does not
 * recompute for every batch.
 */
export function foldHeard(prev: HeardBySensor, readings: readonly LiveReading[], arrivedAt: number): HeardBySensor {
  let next: Map<string, number> | null = null;
  for (const r of readings) {
    const at = heardTime(r, arrivedAt);
    const held = (next ?? prev).get(r.sensorId);
    if (held !== undefined && at <= held) continue;
    next ??= new Map(prev);
    setMostRecent(next, r.sensorId, at);
  }
  return next ? evictLeastRecent(next, MAX_SENSORS) : prev;
}

/** The newest heard time of a batch, or 0. */
export function newestHeard(readings: readonly LiveReading[], arrivedAt: number): number {
  let newest = 0;
  for (const r of readings) newest = Math.max(newest, heardTime(r, arrivedAt));
  return newest;
}
