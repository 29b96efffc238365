import type { GeoJSONSource } from 'maplibre-gl';
import type { Sensor } from '../core/sensor';
import type { LiveReading } from '../core/reading';
import { computeHeat, computeShown, diffValues, type SentValues } from './map-diff';
import { toAirHeatGeoJson, toSensorGeoJson } from './to-geojson';

/**
 * Staleness is rechecked this often rather than on every clock tick: a reading turns stale only after
 * ≥ 60 s (format/severity STALE_MIN_MS), so greying up to 15 s late is invisible.
 */
export const STALE_RECHECK_MS = 15_000;
/**
 * At most one map source update per this long (≈ 2/s). The sensors source is clustered, so even a
 * one-point diff regroups the clusters in the worker and reloads every tile.
 */
export const MIN_UPDATE_GAP_MS = 500;

export interface MapInput {
  sensors: readonly Sensor[];
  /** Replaced, never mutated, by the per-frame merge: a new map means new readings. */
  readings: ReadonlyMap<string, LiveReading>;
  now: number;
}

export interface MapSources {
  sensors: GeoJSONSource | undefined;
  heat: GeoJSONSource | undefined;
  /** The heatmap layer is visible; while hidden its source is left alone. */
  heatOn: boolean;
}

interface Sent {
  input: MapInput;
  values: SentValues;
}

/**
 * Keeps the map's sources in step with the live readings at a bounded cost: the whole collection is
 * sent once per sensor list, after that only the points whose drawn state changed (`updateData`
 * diffs), at most once per animation frame and per MIN_UPDATE_GAP_MS, and nothing at all when no
 * colour changed. A new reading that leaves a sensor's state alone costs no map work.
 */
export function createMapUpdater(getSources: () => MapSources) {
  let latest: MapInput | null = null;
  let sent: Sent | null = null;
  let heatSent: Sent | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let frame = 0;
  let lastAt = -Infinity;

  function isNewer(input: MapInput, before: Sent | null): boolean {
    if (!before || input.sensors !== before.input.sensors || input.readings !== before.input.readings) return true;
    // Backwards (replay scrubbing) or far enough forwards to change which readings are stale.
    return input.now < before.input.now || input.now - before.input.now >= STALE_RECHECK_MS;
  }

  /** Sends `next` to `source` as a whole collection or as a diff against `before`; returns what it sent. */
  function sync(source: GeoJSONSource, input: MapInput, before: Sent | null, key: 'shown' | 'ispu'): Sent {
    const compute = key === 'shown' ? computeShown : computeHeat;
    const values = compute(input.sensors, input.readings, input.now);
    if (!before || before.input.sensors !== input.sensors) {
      const data = key === 'shown' ? toSensorGeoJson(input.sensors, input.readings, input.now) : toAirHeatGeoJson(input.sensors, input.readings, input.now);
      void source.setData(data as Parameters<GeoJSONSource['setData']>[0]);
      lastAt = performance.now();
      return { input, values };
    }
    const update = diffValues(before.values, values, key);
    if (update.length > 0) {
      lastAt = performance.now();
      // A diff the source refused (it has other data than we think): send everything next time.
      source.updateData({ update }).catch(() => (key === 'shown' ? (sent = null) : (heatSent = null)));
    }
    return { input, values };
  }

  function push(): void {
    frame = 0;
    const input = latest;
    const sources = getSources();
    if (!input || !sources.sensors) return;
    if (isNewer(input, sent)) sent = sync(sources.sensors, input, sent, 'shown');
    if (sources.heatOn && sources.heat && isNewer(input, heatSent)) heatSent = sync(sources.heat, input, heatSent, 'ispu');
    schedule();
  }

  function schedule(): void {
    if (!latest || timer !== undefined || frame) return;
    if (!isNewer(latest, sent) && !(getSources().heatOn && isNewer(latest, heatSent))) return;
    const wait = Math.max(0, lastAt + MIN_UPDATE_GAP_MS - performance.now());
    // Wait out the gap, then draw on the next animation frame with whatever is latest by then.
    timer = setTimeout(() => {
      timer = undefined;
      frame = requestAnimationFrame(push);
    }, wait);
  }

  return {
    /** The newest state to show; cheap to call on every change. */
    set(input: MapInput): void {
      latest = input;
      schedule();
    },
    /** The heatmap was switched on or off: when on, it gets the whole collection with current values. */
    heatToggled(): void {
      heatSent = null;
      schedule();
    },
    dispose(): void {
      clearTimeout(timer);
      if (frame) cancelAnimationFrame(frame);
      timer = undefined;
      frame = 0;
    }
  };
}
