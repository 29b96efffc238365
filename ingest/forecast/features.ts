import type { LevelHistory } from './history';

const MIN_MS = 60_000;

/** Edges (minutes before issue) of the gauge's own level increments: recent rate, then older, coarser. */
export const OWN_EDGES_MIN = [0, 10, 30, 60, 120] as const;
/**
 * Edges of an upstream gauge's increments: one weight per window, so the least squares learns
 * how long a rise upstream takes to arrive (the travel time) without a lag fixed in advance.
 */
export const UPSTREAM_EDGES_MIN = [0, 30, 60, 90, 120, 180, 240] as const;
/** Rain windows (minutes before issue): the mean rate over the last 30 min and over 30–120 min. */
export const RAIN_EDGES_MIN = [0, 30, 120] as const;

export const OWN_FEATURES = OWN_EDGES_MIN.length - 1;
export const UPSTREAM_FEATURES = UPSTREAM_EDGES_MIN.length - 1;
export const RAIN_FEATURES = RAIN_EDGES_MIN.length - 1;

export function featureCount(upstreams: number): number {
  return 1 + OWN_FEATURES + upstreams * UPSTREAM_FEATURES + RAIN_FEATURES;
}

export interface FeatureSources {
  own: LevelHistory;
  upstream: readonly LevelHistory[];
  /** Rainfall (mm/h) history at the gauge, when it is measured there. */
  rain: LevelHistory | null;
}

/**
 * Fills `x` with the features at issue time `t` where the gauge stands at `level`:
 * [1, own increments…, per upstream its increments…, rain means…]. Returns false when the
 * gauge's own history is missing in the window (a long gap): no forecast model then.
 * Upstream gaps count as "no change" (its information is simply absent).
 */
export function fillFeatures(x: Float64Array, src: FeatureSources, t: number, level: number): boolean {
  let i = 0;
  x[i++] = 1;
  let prev = level;
  for (let e = 1; e < OWN_EDGES_MIN.length; e++) {
    const v = src.own.at(t - OWN_EDGES_MIN[e] * MIN_MS);
    if (!Number.isFinite(v)) return false;
    x[i++] = prev - v;
    prev = v;
  }
  for (let u = 0; u < src.upstream.length; u++) {
    const up = src.upstream[u];
    let p = up.at(t);
    for (let e = 1; e < UPSTREAM_EDGES_MIN.length; e++) {
      const v = up.at(t - UPSTREAM_EDGES_MIN[e] * MIN_MS);
      x[i++] = Number.isFinite(v) && Number.isFinite(p) ? p - v : 0;
      p = v;
    }
  }
  for (let e = 1; e < RAIN_EDGES_MIN.length; e++) x[i++] = src.rain ? meanRain(src.rain, t - RAIN_EDGES_MIN[e] * MIN_MS, t - RAIN_EDGES_MIN[e - 1] * MIN_MS) : 0;
  return true;
}

/** Mean of the rain history over (from, to], sampled at its two ends and middle (cheap; rain is smooth at this scale). */
function meanRain(rain: LevelHistory, from: number, to: number): number {
  let s = 0;
  let n = 0;
  // the three samples in this order (to, middle, from + 1), unrolled: no array per call
  const a = rain.at(to);
  if (Number.isFinite(a)) {
    s += a;
    n++;
  }
  const b = rain.at((from + to) / 2);
  if (Number.isFinite(b)) {
    s += b;
    n++;
  }
  const c = rain.at(from + 1);
  if (Number.isFinite(c)) {
    s += c;
    n++;
  }
  return n ? s / n : 0;
}

/**
 * The travel time (min) from the `u`-th upstream gauge read from a regression's weights
 * (`weight(i)` of feature i) at horizon `hMin`: the weights on that gauge's past increments say
 * which past window of upstream change arrives within the horizon; their weighted centre plus half
 * the horizon is the travel time. Null while no weight is positive (nothing clear learned).
 */
export function travelTimeFromWeights(weight: (i: number) => number, u: number, hMin: number): number | null {
  const first = 1 + OWN_FEATURES + u * UPSTREAM_FEATURES;
  let mass = 0;
  let centre = 0;
  for (let e = 1; e < UPSTREAM_EDGES_MIN.length; e++) {
    const width = UPSTREAM_EDGES_MIN[e] - UPSTREAM_EDGES_MIN[e - 1];
    const w = Math.max(0, weight(first + e - 1)) * width;
    mass += w;
    centre += w * (UPSTREAM_EDGES_MIN[e - 1] + width / 2);
  }
  return mass > 0 ? Math.round(centre / mass + hMin / 2) : null;
}
