import type { FloodThresholds } from './sensor';

/**
 * Status siaga of a river gauge. Numbering runs downwards: Siaga 4 is normal, Siaga 1 the worst.
 * `severity` runs the other way (0 normal … 3 worst) so that bigger is worse everywhere in the UI.
 */
export const SIAGA_LEVELS = [
  { siaga: 4, severity: 0, id: 'Siaga 4 · Normal', en: 'Level 4 · Normal', color: '#2e9d44' },
  { siaga: 3, severity: 1, id: 'Siaga 3 · Waspada', en: 'Level 3 · Alert', color: '#e6c229' },
  { siaga: 2, severity: 2, id: 'Siaga 2 · Siaga', en: 'Level 2 · Standby', color: '#f08c00' },
  { siaga: 1, severity: 3, id: 'Siaga 1 · Awas', en: 'Level 1 · Danger', color: '#d7263d' }
] as const;

export type SiagaLevel = (typeof SIAGA_LEVELS)[number];

/** Level for a water level (cm) against one gauge's thresholds; a threshold reached counts. */
export function siagaLevel(waterLevelCm: number, t: FloodThresholds): SiagaLevel {
  if (waterLevelCm >= t.siaga1) return SIAGA_LEVELS[3];
  if (waterLevelCm >= t.siaga2) return SIAGA_LEVELS[2];
  if (waterLevelCm >= t.siaga3) return SIAGA_LEVELS[1];
  return SIAGA_LEVELS[0];
}

/** The threshold (cm) of the next worse level, or null at Siaga 1. */
export function nextThreshold(level: SiagaLevel, t: FloodThresholds): { siaga: number; cm: number } | null {
  if (level.siaga === 4) return { siaga: 3, cm: t.siaga3 };
  if (level.siaga === 3) return { siaga: 2, cm: t.siaga2 };
  if (level.siaga === 2) return { siaga: 1, cm: t.siaga1 };
  return null;
}

/** Threshold (cm) that starts a Siaga level (3, 2 or 1). */
export function siagaThresholdCm(siaga: number, t: FloodThresholds): number {
  return siaga === 1 ? t.siaga1 : siaga === 2 ? t.siaga2 : t.siaga3;
}

/** BMKG hourly rainfall intensity categories (mm/h). */
export const RAIN_CATEGORIES = [
  { max: 1, id: 'Sangat ringan', en: 'Very light' },
  { max: 5, id: 'Ringan', en: 'Light' },
  { max: 10, id: 'Sedang', en: 'Moderate' },
  { max: 20, id: 'Lebat', en: 'Heavy' },
  { max: Infinity, id: 'Sangat lebat', en: 'Very heavy' }
] as const;

export function rainCategory(mmPerHour: number): (typeof RAIN_CATEGORIES)[number] {
  for (const c of RAIN_CATEGORIES) if (mmPerHour < c.max) return c;
  return RAIN_CATEGORIES[RAIN_CATEGORIES.length - 1];
}
