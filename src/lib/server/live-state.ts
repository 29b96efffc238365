import type { LiveReading } from '../core/reading';
import { SENSOR_ID_PATTERN, isSensorKind } from '../core/sensor';
import { dropBadForecast } from '../core/forecast-shape';
import { isReadingState, stateSeverity } from '../core/reading-state';
import { createUnknownSensors } from './unknown-sensors';

/** Readings per incoming MQTT batch beyond this are dropped: one batch is at most one per sensor. */
export const MAX_BATCH_READINGS = 20_000;
const MAX_FIELDS = 16;
/**
 * Readings dated further ahead of this server's clock are refused: one reading from the year 2100
 * would otherwise win over every real one for that sensor and freeze the data age (the ingest's own
 * window, INGEST_MAX_FUTURE_S, is 5 minutes by default).
 */
export const MAX_FUTURE_MS = 5 * 60_000;

/**
 * Cheap shape check for a LiveReading from the ingest. The ingest validated the reading already;
 * this only keeps junk (another publisher, a bug) from reaching every browser.
 */
export function isLiveReading(x: unknown): x is LiveReading {
  const r = x as LiveReading;
  if (!r || typeof r !== 'object') return false;
  if (typeof r.sensorId !== 'string' || !SENSOR_ID_PATTERN.test(r.sensorId) || !isSensorKind(r.kind)) return false;
  if (!Number.isFinite(r.ts) || !Number.isFinite(r.severity) || typeof r.district !== 'string') return false;
  // The state is what every screen shows; a severity that disagrees with it would colour a dot one way and label it another.
  if (!isReadingState(r.state, r.kind) || r.severity !== stateSeverity(r.state)) return false;
  if (!r.values || typeof r.values !== 'object') return false;
  const keys = Object.keys(r.values);
  if (keys.length === 0 || keys.length > MAX_FIELDS) return false;
  return keys.every((k) => typeof r.values[k] === 'number' && Number.isFinite(r.values[k]));
}

/** Parses one `pantau/v1/live/readings` payload; invalid entries are dropped and counted. */
export function parseLiveBatch(payload: string): { readings: LiveReading[]; dropped: number } {
  let raw: unknown;
  try {
    raw = JSON.parse(payload);
  } catch {
    return { readings: [], dropped: 1 };
  }
  if (!Array.isArray(raw)) return { readings: [], dropped: 1 };
  const readings: LiveReading[] = [];
  let dropped = Math.max(0, raw.length - MAX_BATCH_READINGS);
  for (const item of raw.slice(0, MAX_BATCH_READINGS)) {
    if (isLiveReading(item)) {
      // A junk forecast is removed and counted; the reading itself is still good.
      if (dropBadForecast(item)) dropped++;
      readings.push(item);
    } else dropped++;
  }
  return { readings, dropped };
}

export interface LiveStateOptions {
  /** Whether the id is in the catalog now: its readings are always kept. Asked per reading, so it may follow the registry. */
  isKnown: (id: string) => boolean;
  /**
   * The catalog's version (the registry's; undefined for a catalog file): when it moves, the readings of sensors
   * that left the catalog go, so a newly connected screen's snapshot no longer holds them. Asked per batch and snapshot.
   */
  catalogVersion?: () => number | undefined;
  /** How many sensors outside the catalog are tracked at most (a catalog out of step with the ingest). */
  maxUnknown: number;
  /** How long one of those may stay quiet before it is forgotten (default UNKNOWN_QUIET_MS). */
  unknownQuietMs?: number;
  /** How far ahead of `now()` a reading may be dated (default MAX_FUTURE_MS). */
  maxFutureMs?: number;
  now?: () => number;
}

export interface LiveState {
  /** Takes readings in; returns how many were accepted (newer than what is held). */
  apply(readings: readonly LiveReading[]): number;
  /** Latest reading per sensor that changed since the last call, then forgets them: one broadcast batch. */
  takePending(): LiveReading[];
  /** Latest reading per sensor (of those outside the catalog, the ones heard within the quiet time). */
  latest(): LiveReading[];
  /** Counts accepted readings: a client that has everything up to version v needs only `changedSince(v)`. */
  version(): number;
  /** Latest reading of each sensor changed after `version`: what a client that skipped batches lacks. */
  changedSince(version: number): LiveReading[];
  /** Newest reading time seen, epoch ms, or 0; a reading dated ahead of the server clock counts as of its arrival. */
  lastReadingAt(): number;
  size(): number;
}

/**
 * Latest reading per sensor, and the set changed since the last broadcast. Both maps hold at most
 * one entry per catalog sensor plus `maxUnknown`, however fast readings arrive: that is the coalescing.
 * Those outside the catalog are forgotten once quiet (unknown-sensors.ts), so their slots come free again.
 */
export function createLiveState(options: LiveStateOptions): LiveState {
  const latest = new Map<string, LiveReading>();
  const pending = new Map<string, LiveReading>();
  // Version of each sensor's latest reading; one entry per entry of `latest`.
  const changedAt = new Map<string, number>();
  let version = 0;
  let newestTs = 0;

  const now = options.now ?? Date.now;
  const maxFutureMs = options.maxFutureMs ?? MAX_FUTURE_MS;
  const unknown = createUnknownSensors({ max: options.maxUnknown, isKnown: options.isKnown, quietMs: options.unknownQuietMs });

  let catalogSeen = options.catalogVersion?.();

  function forget(id: string): void {
    latest.delete(id);
    pending.delete(id);
    changedAt.delete(id);
  }

  /**
   * Drops what no screen should get any more: sensors outside the catalog gone quiet, and, once the catalog
   * changed, sensors removed from it (a catalog sensor's last reading is otherwise kept for good). One still
   * reporting comes back as a sensor outside the catalog, under that bound.
   */
  function prune(at: number): void {
    for (const id of unknown.expire(at)) forget(id);
    const version = options.catalogVersion?.();
    if (version === catalogSeen) return;
    catalogSeen = version;
    for (const id of latest.keys()) if (!options.isKnown(id) && !unknown.has(id)) forget(id);
  }

  function accept(r: LiveReading, at: number, latestAllowed: number): boolean {
    if (r.ts > latestAllowed) return false;
    const prev = latest.get(r.sensorId);
    if (prev && prev.ts > r.ts) return false; // late delivery: keep the newer one
    if (!unknown.admit(r.sensorId, at)) return false;
    latest.set(r.sensorId, r);
    pending.set(r.sensorId, r);
    changedAt.set(r.sensorId, ++version);
    // heard now, however far ahead its device's clock runs: else the feed looks live for minutes after it stopped
    newestTs = Math.max(newestTs, Math.min(r.ts, at));
    return true;
  }

  return {
    apply(readings) {
      let n = 0;
      const at = now();
      const latestAllowed = at + maxFutureMs;
      prune(at);
      for (const r of readings) if (accept(r, at, latestAllowed)) n++;
      return n;
    },
    takePending() {
      // A sensor removed since the last batch goes now, not after one more broadcast of its queued reading.
      prune(now());
      const batch = [...pending.values()];
      pending.clear();
      return batch;
    },
    latest() {
      prune(now());
      return [...latest.values()];
    },
    version: () => version,
    changedSince(since) {
      prune(now());
      const out: LiveReading[] = [];
      for (const [id, v] of changedAt) if (v > since) out.push(latest.get(id)!);
      return out;
    },
    lastReadingAt: () => newestTs,
    size: () => latest.size
  };
}
