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

/** Past this many levels the counts are halved (rounding up, so no occupied level empties): they fit 16 bits. */
export const MEDIAN_HALVE_AT = 60_000;

/**
 * Adds `level` to the counts at `c[b…]` and moves the median estimate at `c[m]` at most one
 * occupied level towards the true median (`c[m + 1]`, `c[m + 2]`: counts below and above it;
 * `c[m + 3]`: the count of levels held). Counts are 16-bit: at MEDIAN_HALVE_AT levels (years of
 * blocks) every count is halved, so old levels weigh half and nothing overflows.
 */
export function updateMedian(c: Uint16Array, b: number, m: number, level: number): void {
  c[b + level]++;
  const n = ++c[m + 3];
  if (n === 1) c[m] = level;
  if (c[m] > level) c[m + 1]++;
  else if (c[m] < level) c[m + 2]++;
  const half = n >> 1;
  if (half < c[m + 2]) {
    c[m + 1] += c[b + c[m]];
    do c[m]++;
    while (c[b + c[m]] === 0);
    c[m + 2] -= c[b + c[m]];
  } else if (half < c[m + 1]) {
    c[m + 2] += c[b + c[m]];
    do c[m]--;
    while (c[b + c[m]] === 0);
    c[m + 1] -= c[b + c[m]];
  }
  if (n >= MEDIAN_HALVE_AT) halveCounts(c, b, m);
}

/** Halves every count (rounding up) and recounts below, above and the total around the median. */
function halveCounts(c: Uint16Array, b: number, m: number): void {
  let [below, above, total] = [0, 0, 0];
  for (let j = 0; j <= ART_LEVELS; j++) {
    const v = (c[b + j] + 1) >> 1;
    c[b + j] = c[b + j] === 0 ? 0 : v;
    if (j < c[m]) below += c[b + j];
    else if (j > c[m]) above += c[b + j];
    total += c[b + j];
  }
  [c[m + 1], c[m + 2], c[m + 3]] = [below, above, total];
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
