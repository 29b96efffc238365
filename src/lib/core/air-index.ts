/**
 * ISPU (Indeks Standar Pencemar Udara), Permen LHK P.14/MENLHK/SETJEN/KUM.1/7/2020.
 * Each row is the concentration (µg/m³) at the upper ISPU bound of a band; the lower bound is the
 * previous row (0 for the first). Above the last row the index is "beyond index" and capped at 500.
 */
export const ISPU_BANDS = [50, 100, 200, 300, 500] as const;

export const ISPU_BREAKPOINTS = {
  pm10: [50, 150, 350, 420, 500],
  pm25: [15.5, 55.4, 150.4, 250.4, 500],
  so2: [52, 180, 400, 800, 1200],
  co: [4000, 8000, 15000, 30000, 45000],
  o3: [120, 235, 400, 800, 1000],
  no2: [80, 200, 1130, 2260, 3000]
} as const satisfies Record<string, readonly number[]>;

export type IspuPollutant = keyof typeof ISPU_BREAKPOINTS;

export const ISPU_CATEGORIES = [
  { key: 'baik', max: 50, id: 'Baik', en: 'Good', color: '#2e9d44', level: 0 },
  { key: 'sedang', max: 100, id: 'Sedang', en: 'Moderate', color: '#2f6fd6', level: 1 },
  { key: 'tidak-sehat', max: 200, id: 'Tidak Sehat', en: 'Unhealthy', color: '#e6c229', level: 2 },
  { key: 'sangat-tidak-sehat', max: 300, id: 'Sangat Tidak Sehat', en: 'Very Unhealthy', color: '#d7263d', level: 3 },
  { key: 'berbahaya', max: Infinity, id: 'Berbahaya', en: 'Hazardous', color: '#111111', level: 4 }
] as const;

export type IspuCategory = (typeof ISPU_CATEGORIES)[number];
/** Stable name of a category on the wire (`key`); `id`/`en` are the words shown. */
export type IspuCategoryKey = IspuCategory['key'];

/** How each pollutant is written for people (same in Indonesian and English). */
export const POLLUTANT_LABELS: Record<IspuPollutant, string> = {
  pm25: 'PM2.5',
  pm10: 'PM10',
  co: 'CO',
  no2: 'NO₂',
  o3: 'O₃',
  so2: 'SO₂'
};

/** Sub-index of one pollutant by linear interpolation: I = (Ia − Ib)/(Xa − Xb) × (X − Xb) + Ib. */
export function ispuSubIndex(pollutant: IspuPollutant, concentration: number): number {
  if (!Number.isFinite(concentration) || concentration <= 0) return 0;
  const xs = ISPU_BREAKPOINTS[pollutant];
  let xb = 0;
  let ib = 0;
  for (let i = 0; i < xs.length; i++) {
    const xa = xs[i];
    const ia = ISPU_BANDS[i];
    if (concentration <= xa) return Math.round(((ia - ib) / (xa - xb)) * (concentration - xb) + ib);
    xb = xa;
    ib = ia;
  }
  return 500;
}

export interface IspuResult {
  value: number;
  /** The pollutant with the highest sub-index. */
  dominant: IspuPollutant | null;
  category: IspuCategory;
}

/** Overall ISPU: the highest sub-index of the pollutants given. */
export function ispu(concentrations: Partial<Record<IspuPollutant, number>>): IspuResult {
  let value = 0;
  let dominant: IspuPollutant | null = null;
  for (const p of Object.keys(ISPU_BREAKPOINTS) as IspuPollutant[]) {
    const c = concentrations[p];
    if (c === undefined) continue;
    const sub = ispuSubIndex(p, c);
    if (dominant === null || sub > value) {
      value = sub;
      dominant = p;
    }
  }
  return { value, dominant, category: ispuCategory(value) };
}

export function ispuCategory(value: number): IspuCategory {
  for (const c of ISPU_CATEGORIES) if (value <= c.max) return c;
  return ISPU_CATEGORIES[ISPU_CATEGORIES.length - 1];
}
