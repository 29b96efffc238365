import type { Sensor } from '../core/sensor';
import type { LiveReading } from '../core/reading';
import { hasPosition, heatIspu, shownSeverity } from './to-geojson';

/**
 * One numeric property per map feature, as last sent to a map source: index = feature id = the
 * sensor's index in the catalog list; NaN where the sensor is not in that source.
 */
export type SentValues = Float64Array;

/** A property change for `GeoJSONSource.updateData` (maplibre's GeoJSONFeatureDiff). */
export interface FeatureValueDiff {
  id: number;
  addOrUpdateProperties: Array<{ key: string; value: number }>;
}

/** The `shown` severity of every sensor on the sensors source. */
export function computeShown(sensors: readonly Sensor[], readings: ReadonlyMap<string, LiveReading>, now: number): SentValues {
  const out = new Float64Array(sensors.length);
  sensors.forEach((s, i) => (out[i] = hasPosition(s) ? shownSeverity(s, readings.get(s.id), now) : Number.NaN));
  return out;
}

/** The heat weight (rounded ISPU) of every air sensor on the heatmap source. */
export function computeHeat(sensors: readonly Sensor[], readings: ReadonlyMap<string, LiveReading>, now: number): SentValues {
  const out = new Float64Array(sensors.length);
  sensors.forEach((s, i) => (out[i] = s.kind === 'air' && hasPosition(s) ? heatIspu(s, readings.get(s.id), now) : Number.NaN));
  return out;
}

/**
 * The features whose value changed, as updateData diffs of property `key`. Both arrays must come from
 * the same sensor list (a new list means new ids: send the whole collection instead).
 */
export function diffValues(sent: SentValues, next: SentValues, key: string): FeatureValueDiff[] {
  const diffs: FeatureValueDiff[] = [];
  for (let i = 0; i < next.length; i++) {
    const v = next[i];
    if (Number.isNaN(v) || v === sent[i]) continue;
    diffs.push({ id: i, addOrUpdateProperties: [{ key, value: v }] });
  }
  return diffs;
}
