import type { Sensor, SensorKind } from '../core/sensor';
import type { LiveReading } from '../core/reading';
import { isStale, severityColor } from '../format/severity';
import { formatReadingLabel } from '../format/reading-label';
import type { Lang } from '../i18n/translate';

/** Circle radius (px) per kind: the kind is readable from size, not only from a legend. */
export const KIND_RADIUS_PX: Record<SensorKind, number> = { flood: 11, air: 8, traffic: 6 };

export interface SensorFeatureProps {
  id: string;
  name: string;
  kind: SensorKind;
  district: string;
  /** Severity of the latest reading, -1 without one. */
  severity: number;
  /** Severity the map shows: -1 when there is no reading or it is stale. */
  shown: number;
  stale: boolean;
  label: string;
  color: string;
  radius: number;
  ts: number;
  /** JSON of the latest values (MapLibre flattens nested objects into strings anyway). */
  values: string;
}

export interface SensorFeature {
  type: 'Feature';
  id: number;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: SensorFeatureProps;
}

export interface SensorFeatureCollection {
  type: 'FeatureCollection';
  features: SensorFeature[];
}

/** Properties of one sensor from its latest reading (pure: also used by the hidden test list). */
export function sensorProps(sensor: Sensor, reading: LiveReading | undefined, now: number, lang: Lang = 'id'): SensorFeatureProps {
  const stale = reading ? isStale(reading.ts, sensor.intervalS, now) : true;
  const severity = reading ? reading.severity : -1;
  const shown = stale ? -1 : severity;
  return {
    id: sensor.id,
    name: sensor.name,
    kind: sensor.kind,
    district: sensor.district,
    severity,
    shown,
    stale,
    label: reading ? formatReadingLabel(sensor, reading, lang) : '',
    color: severityColor(shown),
    radius: KIND_RADIUS_PX[sensor.kind],
    ts: reading?.ts ?? 0,
    values: JSON.stringify(reading?.values ?? {})
  };
}

/**
 * The sensors layer's data: one point per catalog sensor, coloured by its latest reading.
 * Sensors without valid coordinates are left out rather than drawn at (0, 0).
 */
export function toSensorGeoJson(
  sensors: readonly Sensor[],
  readings: ReadonlyMap<string, LiveReading>,
  now: number,
  lang: Lang = 'id'
): SensorFeatureCollection {
  const features: SensorFeature[] = [];
  sensors.forEach((sensor, index) => {
    if (!Number.isFinite(sensor.lat) || !Number.isFinite(sensor.lon)) return;
    features.push({
      type: 'Feature',
      // Numeric ids let MapLibre keep feature state across setData calls.
      id: index,
      geometry: { type: 'Point', coordinates: [sensor.lon, sensor.lat] },
      properties: sensorProps(sensor, readings.get(sensor.id), now, lang)
    });
  });
  return { type: 'FeatureCollection', features };
}
