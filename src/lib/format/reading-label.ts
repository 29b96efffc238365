import type { LiveReading } from '../core/reading';
import type { Sensor } from '../core/sensor';
import { ispu, type IspuPollutant } from '../core/air-index';
import { siagaLevel } from '../core/flood-levels';
import { TRAFFIC_LEVELS } from '../core/traffic-levels';
import type { Lang } from '../i18n/translate';
import { formatNumber } from './format';

/**
 * The state label of a reading in the chosen language. The live feed carries one label (Indonesian,
 * from the ingest); the same state is recomputed here from the core level tables so English users
 * read English. Falls back to the feed's label when the sensor lacks what the table needs.
 */
export function formatReadingLabel(sensor: Sensor, reading: LiveReading, lang: Lang): string {
  if (sensor.kind === 'flood') {
    const cm = reading.values.water_level;
    if (cm === undefined || !sensor.flood) return reading.label;
    return `${siagaLevel(cm, sensor.flood)[lang]} · ${formatNumber(cm, lang)} cm`;
  }
  if (sensor.kind === 'air') {
    const r = ispu(reading.values as Partial<Record<IspuPollutant, number>>);
    return r.dominant ? `ISPU ${r.value} ${r.category[lang]}` : reading.label;
  }
  const level = TRAFFIC_LEVELS[Math.max(0, Math.min(TRAFFIC_LEVELS.length - 1, reading.severity))];
  return level[lang];
}
