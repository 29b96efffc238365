import { ISPU_BREAKPOINTS, ISPU_CATEGORIES, ispu, ispuCategory, type IspuCategoryKey, type IspuPollutant } from './air-index';
import { SIAGA_LEVELS, siagaLevel } from './flood-levels';
import type { Reading } from './reading';
import type { FloodThresholds, Sensor } from './sensor';
import { TRAFFIC_LEVELS, trafficState, type TrafficLevelKey } from './traffic-levels';

/**
 * The state a reading puts its sensor in: the level in the kind's own scale and the numbers behind
 * it. The ingest computes it once and sends it with the live reading; every screen (dot colour,
 * label, heatmap, popup, tiles, kiosk panels) reads it and none recomputes it from the raw values,
 * so they cannot disagree. Words are made from it by src/lib/format/reading-label.ts only.
 * A level is null when the sensor lacks what the scale needs (a gauge without thresholds).
 */
export type ReadingState = FloodReadingState | AirReadingState | TrafficReadingState;

export type SiagaNumber = (typeof SIAGA_LEVELS)[number]['siaga'];

export interface FloodReadingState {
  kind: 'flood';
  /** Status siaga: 4 normal … 1 worst. */
  siaga: SiagaNumber | null;
  waterLevelCm: number | null;
  thresholds: FloodThresholds | null;
  /** Rain gauges: mm/h. */
  rainfallMmH: number | null;
}

export interface AirReadingState {
  kind: 'air';
  category: IspuCategoryKey | null;
  ispu: number | null;
  /** The pollutant with the highest sub-index: the one that sets the index. */
  pollutant: IspuPollutant | null;
  /**
   * `hourly`: the one-hour index (the air_quality rule's, what alerts use; at start, the last
   * hour's means in InfluxDB). `reading`: this reading's own index, only where no hourly one
   * exists (replay buckets).
   */
  window: 'hourly' | 'reading';
}

export interface TrafficReadingState {
  kind: 'traffic';
  /** Level of service grouped as in ../shared/domain §3.4: lancar (A/B) … macet (E/F). */
  level: TrafficLevelKey | null;
  speedKmh: number | null;
  flowVehH: number | null;
}

/** The hourly ISPU the air_quality rule holds for a sensor, with the pollutant that sets it. */
export interface AirIndex {
  value: number;
  pollutant: IspuPollutant | null;
}

export function createReadingState(sensor: Sensor, reading: Reading, hourly?: AirIndex): ReadingState {
  const v = reading.values;
  if (sensor.kind === 'flood') {
    const wl = v.water_level ?? null;
    const thresholds = sensor.flood ?? null;
    const siaga = wl !== null && thresholds ? siagaLevel(wl, thresholds).siaga : null;
    return { kind: 'flood', siaga, waterLevelCm: wl, thresholds: wl === null ? null : thresholds, rainfallMmH: v.rainfall ?? null };
  }
  if (sensor.kind === 'air') {
    if (hourly) return { kind: 'air', category: ispuCategory(hourly.value).key, ispu: hourly.value, pollutant: hourly.pollutant, window: 'hourly' };
    const r = ispu(v as Partial<Record<IspuPollutant, number>>);
    const has = r.dominant !== null;
    return { kind: 'air', category: has ? r.category.key : null, ispu: has ? r.value : null, pollutant: r.dominant, window: 'reading' };
  }
  const level = sensor.traffic ? trafficState(v, sensor.traffic).level.key : null;
  return { kind: 'traffic', level, speedKmh: v.speed ?? null, flowVehH: v.flow ?? null };
}

/** Rank of a state across kinds: 0 normal … 4 worst (bigger is worse everywhere in the UI); 0 when unclassified. */
export function stateSeverity(state: ReadingState): number {
  switch (state.kind) {
    case 'flood':
      return state.siaga === null ? 0 : 4 - state.siaga;
    case 'air':
      return ISPU_CATEGORIES.find((c) => c.key === state.category)?.level ?? 0;
    case 'traffic':
      return TRAFFIC_LEVELS.find((l) => l.key === state.level)?.severity ?? 0;
  }
}

const num = (x: unknown) => x === null || (typeof x === 'number' && Number.isFinite(x));
const oneOf = (x: unknown, keys: readonly unknown[]) => x === null || keys.includes(x);

function isThresholds(t: unknown): boolean {
  if (t === null) return true;
  const x = t as FloodThresholds;
  return !!x && typeof x === 'object' && [x.siaga3, x.siaga2, x.siaga1].every((n) => typeof n === 'number' && Number.isFinite(n));
}

/** Cheap shape check of a state arriving from the network, for a reading of `kind`. */
export function isReadingState(x: unknown, kind: Reading['kind']): x is ReadingState {
  const s = x as Record<string, unknown>;
  if (!s || typeof s !== 'object' || s.kind !== kind) return false;
  if (kind === 'flood') {
    return oneOf(s.siaga, SIAGA_LEVELS.map((l) => l.siaga)) && num(s.waterLevelCm) && num(s.rainfallMmH) && isThresholds(s.thresholds);
  }
  if (kind === 'air') {
    return oneOf(s.category, ISPU_CATEGORIES.map((c) => c.key)) && num(s.ispu) && oneOf(s.pollutant, Object.keys(ISPU_BREAKPOINTS)) &&
      (s.window === 'hourly' || s.window === 'reading');
  }
  return oneOf(s.level, TRAFFIC_LEVELS.map((l) => l.key)) && num(s.speedKmh) && num(s.flowVehH);
}
