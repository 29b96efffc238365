import { RAIN_FEATURES } from './features';

/**
 * Which way rain beyond what a regression has seen may push its forecast: up, or not at all.
 * seen-range.ts holds every input within its seen range widened by two spreads; a storm heavier
 * than that counted only as heavy as the bound (the 600 s seed-3 flood: Benanga, warned from rain
 * alone, 130 → 70 min). More rain never lowers a river, so the rain beyond the bound is read at the
 * learned weights when its summed term adds water and dropped when it would take water away (the
 * sign of a weight fitted where its input barely moved: npm start's demo, two rain windows that moved
 * together, +9.5 and −42 cm per mm/h). The sum over the windows, not each one: only the sum of
 * collinear weights is determined. Within the bound the rain is read as learned, a negative term
 * included: given the rise it already caused, rain that has passed says the rise is ending (clamping
 * the whole rain term at ≥ 0 doubled a storm's 60-min error inside what training saw, 12 → 22 cm).
 * The experts' cap (experts.ts) still bounds how far any expert goes.
 */

/** The first rain feature of a model of d features (features.ts puts the RAIN_FEATURES last). */
export function rainFrom(d: number): number {
  return Math.max(0, d - RAIN_FEATURES);
}

/**
 * The weights at `a[w …]` dotted with `held` (x held to its seen range), plus the rain above its
 * bound (features from `rain` on: weight × (x − held) where x is above, summed) when that sum is above 0.
 */
export function predictRainUp(a: Float64Array, w: number, held: Float64Array, x: Float64Array, d: number, rain: number): number {
  let s = 0;
  for (let i = 0; i < d; i++) s += a[w + i] * held[i];
  let beyond = 0;
  // only more rain than the bound: less than ever seen says nothing new (held), whatever a weight's sign would make of it
  for (let i = rain; i < d; i++) beyond += a[w + i] * Math.max(0, x[i] - held[i]);
  return beyond > 0 ? s + beyond : s;
}
