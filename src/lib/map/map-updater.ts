import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { Sensor } from '../core/sensor';
import type { LiveReading } from '../core/reading';
import { computeHeat, computeShown, diffValues, type SentValues } from './map-diff';
import { toAirHeatGeoJson, toSensorGeoJson } from './to-geojson';
import { AIR_HEAT_SOURCE, SENSOR_SOURCE } from './map-style';

/**
 * Staleness is rechecked this often rather than on every clock tick: a reading turns stale only after
 * ≥ 60 s (format/severity STALE_MIN_MS), so greying up to 15 s late is invisible.
 */
export const STALE_RECHECK_MS = 15_000;
/** Dots recolour (feature state: no tile reload) at most this often, the server's own send cadence. */
export const PAINT_GAP_MS = 250;
/**
 * Source data (draw order and cluster colours; dots and Siaga rings follow the feature state at once)
 * is updated at most this often. The sensors source is clustered, so even a one-point `updateData`
 * regroups clusters in the worker and reloads every tile: on the CPU-rendered bench wall with 10,000
 * sensors one such update stalls the page for about a second, and twice a second took it to 2 fps.
 */
export const SOURCE_GAP_MS = 15_000;

export interface MapInput {
  sensors: readonly Sensor[];
  /** Replaced, never mutated, by the per-frame merge: a new map means new readings. */
  readings: ReadonlyMap<string, LiveReading>;
  now: number;
}

interface Sent {
  input: MapInput;
  values: SentValues;
}

function isNewer(input: MapInput, before: Sent | null): boolean {
  if (!before || input.sensors !== before.input.sensors || input.readings !== before.input.readings) return true;
  // Backwards (replay scrubbing) or far enough forwards to change which readings are stale.
  return input.now < before.input.now || input.now - before.input.now >= STALE_RECHECK_MS;
}

/**
 * Keeps the map in step with the live readings at a bounded cost. The whole collection is sent once
 * per sensor list. After that a changed state recolours its dot through feature state (≤ 1 per
 * animation frame and per PAINT_GAP_MS; nothing when no state changed) and reaches the source data
 * as a diff of the changed points at most every SOURCE_GAP_MS.
 */
export function createMapUpdater(getMap: () => { map: MapLibreMap | null; heatOn: boolean }) {
  let latest: MapInput | null = null;
  /** What the sensors source's data holds, and what the screen shows (data + feature state). */
  let inSource: Sent | null = null;
  let painted: Sent | null = null;
  let heatSent: Sent | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerAt = Infinity;
  let frame = 0;
  let paintAt = -Infinity;
  let sourceAt = -Infinity;
  let heatAt = -Infinity;

  function sendAll(map: MapLibreMap, source: GeoJSONSource, input: MapInput): void {
    void source.setData(toSensorGeoJson(input.sensors, input.readings, input.now) as Parameters<GeoJSONSource['setData']>[0]);
    // Ids are indexes into the sensor list: states set for the previous list mean other sensors now.
    map.removeFeatureState({ source: SENSOR_SOURCE });
    inSource = painted = { input, values: computeShown(input.sensors, input.readings, input.now) };
    sourceAt = paintAt = performance.now();
  }

  function paint(map: MapLibreMap, input: MapInput, before: Sent): void {
    const values = computeShown(input.sensors, input.readings, input.now);
    for (const d of diffValues(before.values, values, 'shown')) map.setFeatureState({ source: SENSOR_SOURCE, id: d.id }, { shown: d.addOrUpdateProperties[0].value });
    painted = { input, values };
    paintAt = performance.now();
  }

  function updateSource(source: GeoJSONSource, before: Sent, next: Sent, key: string, onError: () => void): void {
    const update = diffValues(before.values, next.values, key);
    // A diff the source refused (it holds other data than we think): send everything next time.
    if (update.length > 0) source.updateData({ update }).catch(onError);
  }

  function pushHeat(source: GeoJSONSource, input: MapInput): void {
    const next = { input, values: computeHeat(input.sensors, input.readings, input.now) };
    if (!heatSent || heatSent.input.sensors !== input.sensors) void source.setData(toAirHeatGeoJson(input.sensors, input.readings, input.now) as Parameters<GeoJSONSource['setData']>[0]);
    else updateSource(source, heatSent, next, 'ispu', () => (heatSent = null));
    heatSent = next;
    heatAt = performance.now();
  }

  function push(): void {
    frame = 0;
    const { map, heatOn } = getMap();
    const source = map?.getSource(SENSOR_SOURCE) as GeoJSONSource | undefined;
    const input = latest;
    if (!map || !source || !input) return;
    const t = performance.now();
    if (!inSource || !painted || inSource.input.sensors !== input.sensors) sendAll(map, source, input);
    else if (isNewer(input, painted)) paint(map, input, painted);
    if (painted && inSource && painted.values !== inSource.values && t - sourceAt >= SOURCE_GAP_MS) {
      updateSource(source, inSource, painted, 'shown', () => (inSource = null));
      inSource = painted;
      sourceAt = t;
    }
    const heat = map.getSource(AIR_HEAT_SOURCE) as GeoJSONSource | undefined;
    if (heatOn && heat && isNewer(input, heatSent) && (!heatSent || t - heatAt >= SOURCE_GAP_MS)) pushHeat(heat, input);
    schedule();
  }

  /** When the next push is due: new state to paint, source data behind the screen, or the heatmap behind. */
  function nextPushAt(): number {
    if (!latest) return Infinity;
    let at = Infinity;
    if (!inSource || !painted || isNewer(latest, painted)) at = paintAt + PAINT_GAP_MS;
    else if (inSource.values !== painted.values) at = sourceAt + SOURCE_GAP_MS;
    if (getMap().heatOn && isNewer(latest, heatSent)) at = Math.min(at, heatSent ? heatAt + SOURCE_GAP_MS : 0);
    return at;
  }

  function schedule(): void {
    if (frame) return;
    const at = nextPushAt();
    // A wait already set for the slow source cadence must not hold back a new state to paint.
    if (at === Infinity || (timer !== undefined && timerAt <= at)) return;
    clearTimeout(timer);
    timerAt = at;
    // Wait out the gap, then draw on the next animation frame with whatever is latest by then.
    timer = setTimeout(() => {
      timer = undefined;
      timerAt = Infinity;
      frame = requestAnimationFrame(push);
    }, Math.max(0, at - performance.now()));
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
      timerAt = Infinity;
      if (frame) cancelAnimationFrame(frame);
      timer = undefined;
      frame = 0;
    }
  };
}
