import type { Sensor, SensorKind } from '../core/sensor';
import type { LiveReading } from '../core/reading';
import { isStale, kindSeverityColor } from '../format/severity';
import { formatStateLabel } from '../format/reading-label';
import type { Lang } from '../i18n/translate';

/** Circle radius (px) per kind: the kind is readable from size, not only from a legend. */
export const KIND_RADIUS_PX: Record<SensorKind, number> = { flood: 11, air: 8, traffic: 6 };

/** ISPU on the heatmap source is rounded to this step: smaller changes are invisible in a heatmap and would only cost updates. */
export const HEAT_ISPU_STEP = 10;

/** Everything shown about one sensor: lists and the map popup (built on demand, never sent to the map). */
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
  /** JSON of the latest values. */
  values: string;
}

/**
 * What a map point carries: only what the style draws. Labels, values and times stay out, so a new
 * reading that leaves the sensor's state alone changes nothing on the map and costs no update.
 */
export interface MapPointProps {
  id: string;
  shown: number;
  radius: number;
}

export interface SensorFeature {
  type: 'Feature';
  id: number;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: MapPointProps;
}

export interface SensorFeatureCollection {
  type: 'FeatureCollection';
  features: SensorFeature[];
}

export interface AirHeatFeature {
  type: 'Feature';
  id: number;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: { ispu: number };
}

/** Severity the map shows for a sensor: -1 without a reading or when it is stale. */
export function shownSeverity(sensor: Sensor, reading: LiveReading | undefined, now: number): number {
  return reading && !isStale(reading.ts, sensor.intervalS, now) ? reading.severity : -1;
}

/**
 * Heatmap weight input: the ISPU of the air sensor's state (the index its dot and label show),
 * rounded to HEAT_ISPU_STEP; 0 when stale or missing.
 */
export function heatIspu(sensor: Sensor, reading: LiveReading | undefined, now: number): number {
  if (!reading || reading.state.kind !== 'air' || isStale(reading.ts, sensor.intervalS, now)) return 0;
  return Math.round((reading.state.ispu ?? 0) / HEAT_ISPU_STEP) * HEAT_ISPU_STEP;
}

/** Properties of one sensor from its latest reading (pure: used by the sensor lists and the popup). */
export function sensorProps(sensor: Sensor, reading: LiveReading | undefined, now: number, lang: Lang = 'id'): SensorFeatureProps {
  const shown = shownSeverity(sensor, reading, now);
  return {
    id: sensor.id,
    name: sensor.name,
    kind: sensor.kind,
    district: sensor.district,
    severity: reading ? reading.severity : -1,
    shown,
    stale: reading ? isStale(reading.ts, sensor.intervalS, now) : true,
    label: reading ? formatStateLabel(reading.state, lang) : '',
    color: kindSeverityColor(sensor.kind, shown),
    radius: KIND_RADIUS_PX[sensor.kind],
    ts: reading?.ts ?? 0,
    values: JSON.stringify(reading?.values ?? {})
  };
}

export function hasPosition(sensor: Sensor): boolean {
  return Number.isFinite(sensor.lat) && Number.isFinite(sensor.lon);
}

/**
 * The sensors layer's data: one point per catalog sensor, its id the sensor's index in `sensors`
 * (numeric and stable, which `updateData` diffs need). Sensors without valid coordinates are left
 * out rather than drawn at (0, 0).
 */
export function toSensorGeoJson(sensors: readonly Sensor[], readings: ReadonlyMap<string, LiveReading>, now: number): SensorFeatureCollection {
  const features: SensorFeature[] = [];
  sensors.forEach((sensor, index) => {
    if (!hasPosition(sensor)) return;
    features.push({
      type: 'Feature',
      id: index,
      geometry: { type: 'Point', coordinates: [sensor.lon, sensor.lat] },
      properties: { id: sensor.id, shown: shownSeverity(sensor, readings.get(sensor.id), now), radius: KIND_RADIUS_PX[sensor.kind] }
    });
  });
  return { type: 'FeatureCollection', features };
}

/** The air-quality heatmap's data: air sensors only, weighted by ISPU; ids as in toSensorGeoJson. */
export function toAirHeatGeoJson(sensors: readonly Sensor[], readings: ReadonlyMap<string, LiveReading>, now: number) {
  const features: AirHeatFeature[] = [];
  sensors.forEach((sensor, index) => {
    if (sensor.kind !== 'air' || !hasPosition(sensor)) return;
    features.push({
      type: 'Feature',
      id: index,
      geometry: { type: 'Point', coordinates: [sensor.lon, sensor.lat] },
      properties: { ispu: heatIspu(sensor, readings.get(sensor.id), now) }
    });
  });
  return { type: 'FeatureCollection' as const, features };
}
