import type { Sensor } from '../core/sensor';
import type { LiveReading } from '../core/reading';
import type { Lang } from '../i18n/translate';
import { sensorProps, shownSeverity, type SensorFeatureProps } from './to-geojson';

/**
 * Rows the wall's sensor list renders at most: with 10,000 sensors a full list was 30,000 DOM nodes
 * re-rendered on every reading. Anyone looking for one sensor searches; the rest is worst first.
 */
export const SENSOR_LIST_LIMIT = 50;

export interface SensorRows {
  rows: SensorFeatureProps[];
  /** Sensors matching the query (all of them without one), of which `rows` are the worst. */
  matched: number;
}

/** Lower-case words of a search; a sensor matches when each word is in its name, id or district. */
function parseQuery(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean);
}

function matches(sensor: Sensor, words: readonly string[]): boolean {
  if (words.length === 0) return true;
  const text = `${sensor.name} ${sensor.id} ${sensor.district}`.toLowerCase();
  return words.every((w) => text.includes(w));
}

/**
 * The sensors to list: those matching `query`, worst shown state first (then worst last reading,
 * then name), at most `limit`. Full properties (labels, formatted values) are built for those rows
 * only, not for every sensor of the city.
 */
export function selectSensorRows(
  sensors: readonly Sensor[],
  readings: ReadonlyMap<string, LiveReading>,
  now: number,
  lang: Lang,
  query = '',
  limit = SENSOR_LIST_LIMIT
): SensorRows {
  const words = parseQuery(query);
  const ranked: Array<{ sensor: Sensor; shown: number; severity: number }> = [];
  for (const sensor of sensors) {
    if (!matches(sensor, words)) continue;
    const reading = readings.get(sensor.id);
    ranked.push({ sensor, shown: shownSeverity(sensor, reading, now), severity: reading?.severity ?? -1 });
  }
  ranked.sort((a, b) => b.shown - a.shown || b.severity - a.severity || a.sensor.name.localeCompare(b.sensor.name));
  const rows = ranked.slice(0, limit).map((r) => sensorProps(r.sensor, readings.get(r.sensor.id), now, lang));
  return { rows, matched: ranked.length };
}
