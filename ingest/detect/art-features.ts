/**
 * The pieces of ARTime's front end that hold no policy: a running median over discrete levels
 * (approximate, as ARTime's: it moves one occupied level per reading), the full Haar transform of
 * an 8-level window, the feature vector (min-max normalised Haar coefficients, then the raw
 * levels) and the cosine-like similarity used to order the probation's windows.
 */
import { ART_Q } from './art-dvfa';

export const ART_WINDOW = 8;
export const ART_LEVELS = 80;
/** Feature dimension: the 8 Haar coefficients, then the 8 levels. */
export const ART_DIM = 2 * ART_WINDOW;

/**
 * Adds `level` to the counts at `ints[b…]` and moves the median estimate at `ints[m]` at most one
 * occupied level towards the true median (`ints[m + 1]`, `ints[m + 2]`: counts below and above
 * it). `n` is the number of levels added so far, this one included.
 */
export function updateMedian(ints: Int32Array, b: number, m: number, level: number, n: number): void {
  ints[b + level]++;
  if (n === 1) ints[m] = level;
  if (ints[m] > level) ints[m + 1]++;
  else if (ints[m] < level) ints[m + 2]++;
  const half = n >> 1;
  if (half < ints[m + 2]) {
    ints[m + 1] += ints[b + ints[m]];
    do ints[m]++;
    while (ints[b + ints[m]] === 0);
    ints[m + 2] -= ints[b + ints[m]];
  } else if (half < ints[m + 1]) {
    ints[m + 2] += ints[b + ints[m]];
    do ints[m]--;
    while (ints[b + ints[m]] === 0);
    ints[m + 1] -= ints[b + ints[m]];
  }
}

const SQRT1_2 = Math.SQRT1_2;

/** Full orthonormal Haar transform of 8 values: [approximation, coarsest detail, …, finest 4]. */
export function haar8(x: Float64Array, out: Float64Array, tmp: Float64Array): void {
  tmp.set(x);
  for (let len = ART_WINDOW; len > 1; len >>= 1) {
    const h = len >> 1;
    for (let k = 0; k < h; k++) {
      out[k] = (tmp[2 * k] + tmp[2 * k + 1]) * SQRT1_2;
      out[h + k] = (tmp[2 * k] - tmp[2 * k + 1]) * SQRT1_2;
    }
    for (let k = 0; k < len; k++) tmp[k] = out[k];
  }
}

function minMaxNormalise(v: Float64Array): void {
  let lo = Infinity;
  for (let k = 0; k < v.length; k++) lo = Math.min(lo, v[k]);
  let hi = 0;
  for (let k = 0; k < v.length; k++) hi = Math.max(hi, (v[k] -= lo));
  if (hi !== 0) for (let k = 0; k < v.length; k++) v[k] /= hi;
}

const shape = new Float64Array(ART_WINDOW);
const coeffs = new Float64Array(ART_WINDOW);
const scratch = new Float64Array(ART_WINDOW);

/**
 * Features of the level window `levels` (oldest first, ART_WINDOW of them) into `out` (ART_DIM
 * bytes, × ART_Q): the window's shape (levels min-max normalised) through Haar, min-max
 * normalised, then the levels themselves (level ÷ ART_LEVELS).
 */
export function windowFeatures(levels: Uint8Array, out: Uint8Array): void {
  for (let k = 0; k < ART_WINDOW; k++) shape[k] = levels[k];
  minMaxNormalise(shape);
  haar8(shape, coeffs, scratch);
  minMaxNormalise(coeffs);
  for (let k = 0; k < ART_WINDOW; k++) {
    out[k] = Math.round(coeffs[k] * ART_Q);
    out[ART_WINDOW + k] = (levels[k] * ART_Q) / ART_LEVELS;
  }
}

/** Cosine similarity of two feature rows; against an all-zero row, 1 − the other's norm. */
export function rowSimilarity(f: Uint8Array, a: number, b: number, dim: number): number {
  let na = 0;
  let nb = 0;
  let dot = 0;
  for (let k = 0; k < dim; k++) {
    const x = f[a * dim + k] / ART_Q;
    const y = f[b * dim + k] / ART_Q;
    na += x * x;
    nb += y * y;
    dot += x * y;
  }
  if (na === 0) return 1 - Math.sqrt(nb);
  if (nb === 0) return 1 - Math.sqrt(na);
  return dot / Math.sqrt(na * nb);
}
