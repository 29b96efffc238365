import { ISPU_CATEGORIES } from './air-index';
import { SIAGA_LEVELS } from './flood-levels';
import type { ReadingState } from './reading-state';
import type { SensorKind } from './sensor';
import { TRAFFIC_LEVELS } from './traffic-levels';

/**
 * For tests and benchmarks that need a live reading at a given severity and do not care about the
 * numbers behind it: a state of `kind` whose stateSeverity is `severity` (clamped to the kind's scale).
 */
export function stateAtSeverity(kind: SensorKind, severity: number): ReadingState {
  const pick = <T>(table: readonly T[]) => table[Math.max(0, Math.min(table.length - 1, Math.floor(severity)))];
  if (kind === 'flood') return { kind, siaga: pick(SIAGA_LEVELS).siaga, waterLevelCm: null, thresholds: null, rainfallMmH: null };
  if (kind === 'air') return { kind, category: pick(ISPU_CATEGORIES).key, ispu: null, pollutant: null, window: 'reading' };
  return { kind, level: pick(TRAFFIC_LEVELS).key, speedKmh: null, flowVehH: null };
}
