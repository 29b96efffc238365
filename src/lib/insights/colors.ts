import { ISPU_CATEGORIES, type IspuCategoryKey } from '../core/air-index';
import { SIAGA_LEVELS } from '../core/flood-levels';
import { TRAFFIC_LEVELS } from '../core/traffic-levels';
import { kindSeverityColor } from '../format/severity';

/**
 * Colours of the insights charts: a few steps, each a level colour of the core tables, so a wall
 * across the room and a grey printout both read them, and a legend can name each step. Shares are
 * binned rather than shaded: "red means jammed more than half the time" is something people repeat.
 */
export interface Bin {
  /** The value reaches this step at `min` or more. */
  min: number;
  color: string;
  id: string;
  en: string;
}

const [lancar, ramai, padat, macet] = TRAFFIC_LEVELS.map((l) => l.color);

/** Share of hours at Macet. */
export const MACET_SHARE_BINS: readonly Bin[] = [
  { min: 0, color: lancar, id: 'Tidak pernah', en: 'Never' },
  { min: 0.001, color: ramai, id: '< 25 %', en: '< 25 %' },
  { min: 0.25, color: padat, id: '25–50 %', en: '25–50 %' },
  { min: 0.5, color: macet, id: '≥ 50 %', en: '≥ 50 %' }
];

/** Mean speed against free flow: the steps of core/traffic-levels.ts (0.7, 0.5, 0.3), worst last. */
export const SPEED_RATIO_BINS: readonly Bin[] = [
  { min: -Infinity, color: macet, id: '< 30 %', en: '< 30 %' },
  { min: 0.3, color: padat, id: '30–50 %', en: '30–50 %' },
  { min: 0.5, color: ramai, id: '50–70 %', en: '50–70 %' },
  { min: 0.7, color: lancar, id: '≥ 70 %', en: '≥ 70 %' }
];

/** Share of expected readings received. */
export const UPTIME_BINS: readonly Bin[] = [
  { min: -Infinity, color: SIAGA_LEVELS[3].color, id: '< 50 %', en: '< 50 %' },
  { min: 0.5, color: SIAGA_LEVELS[2].color, id: '50–80 %', en: '50–80 %' },
  { min: 0.8, color: SIAGA_LEVELS[1].color, id: '80–95 %', en: '80–95 %' },
  { min: 0.95, color: SIAGA_LEVELS[0].color, id: '≥ 95 %', en: '≥ 95 %' }
];

/** No data: never a level colour. */
export const NO_DATA_COLOR = '#2a3a58';

/** The step a value falls in (bins ascending by min); null for no value. */
export function binOf(bins: readonly Bin[], value: number | null): Bin | null {
  if (value === null || !Number.isFinite(value)) return null;
  let found: Bin | null = null;
  for (const b of bins) if (value >= b.min) found = b;
  return found;
}

/** ISPU category colours as the wall and map draw them (one function: kindSeverityColor). */
export function ispuColor(key: IspuCategoryKey): string {
  return kindSeverityColor('air', ISPU_CATEGORIES.find((c) => c.key === key)!.level);
}

export const SIAGA_COLORS: Record<3 | 2 | 1, string> = { 3: SIAGA_LEVELS[1].color, 2: SIAGA_LEVELS[2].color, 1: SIAGA_LEVELS[3].color };
