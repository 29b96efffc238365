/**
 * What a regression's inputs have been seen to do: per feature the lowest and highest value among
 * the samples it trained on, forgotten as the slow regression forgets them. A regression is a
 * linear fit inside that range; outside it, a weight the data barely determined (rain on a gauge
 * whose history had a drizzle, two rain windows that moved together) multiplies an input it never
 * met and the forecast runs anywhere (the demo's Gunung Lingai, 246 cm in 60 mm/h of rain:
 * 30–120-min rain 45 mm/h against at most 4.8 in training, weight −42 cm per mm/h, +120 min at 92 cm).
 * So a forecast reads each input held within its seen range widened by `margin` × its seen spread:
 * an input that never varied drives nothing; one beyond its past drives the regression a little
 * further than it has learned, not without bound. Plain numbers in a caller's array (horizon.ts).
 */

/** Floats the ranges of d features take: lowest, then highest. */
export function seenRangeFloats(d: number): number {
  return 2 * d;
}

/** Nothing seen yet: every input is held at 0 (the regression has learned nothing either). */
export function clearSeenRange(a: Float64Array, at: number, d: number): void {
  a.fill(Number.POSITIVE_INFINITY, at, at + d);
  a.fill(Number.NEGATIVE_INFINITY, at + d, at + 2 * d);
}

/**
 * A training sample's features widen the range; each edge first comes back toward the sample by
 * the forgetting factor `lambda` (an edge set by a flood days ago fades as its weights do).
 */
export function learnSeenRange(a: Float64Array, at: number, x: Float64Array, d: number, lambda: number): void {
  for (let i = 0; i < d; i++) {
    const v = x[i];
    if (!Number.isFinite(v)) continue;
    const lo = a[at + i];
    const hi = a[at + d + i];
    a[at + i] = lo < v ? v + lambda * (lo - v) : v;
    a[at + d + i] = hi > v ? v + lambda * (hi - v) : v;
  }
}

/** `out` = x with each feature held within its seen range widened by `margin` × its spread either way. */
export function holdToSeenRange(out: Float64Array, a: Float64Array, at: number, x: Float64Array, d: number, margin: number): void {
  for (let i = 0; i < d; i++) {
    const lo = a[at + i];
    const hi = a[at + d + i];
    if (!(lo <= hi)) {
      out[i] = 0;
      continue;
    }
    const m = margin * (hi - lo);
    out[i] = Math.max(lo - m, Math.min(hi + m, x[i]));
  }
}
