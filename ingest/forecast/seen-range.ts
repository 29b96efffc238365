/**
 * What a regression's inputs have been seen to do: per feature the lowest and highest value among
 * all the samples it trained on, never forgotten (learnSeenRange says why). A regression is a
 * linear fit inside that range; outside it, a weight the data barely determined (rain on a gauge
 * whose history had a drizzle, two rain windows that moved together) multiplies an input it never
 * met and the forecast runs anywhere (the demo's Gunung Lingai, 246 cm in 60 mm/h of rain:
 * 30–120-min rain 45 mm/h against at most 4.8 in training, weight −42 cm per mm/h, +120 min at 92 cm).
 * So a forecast reads each input held within its seen range widened by `margin` × its seen spread:
 * an input that never varied drives nothing; one beyond its past drives the regression a little
 * further than it has learned, not without bound. Rain beyond it may still raise a forecast, never
 * lower it (rain-direction.ts). Plain numbers in a caller's array (horizon.ts).
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
 * A training sample's features widen the range; an edge never comes back. A regression's forgetting
 * does not forget the weight of an input that stays still: samples with rain at 0 say nothing of
 * the rain weight, so after a dry week it is still the one the last storm taught. Edges that fade
 * meanwhile (they did, at the slow regression's 0.999 per bucket) read the next storm's rain as a
 * fraction of itself: a 60-min error of 30 cm against 22 without the hold (seen-range.test.ts).
 * The cost: an edge a flood set stays after the weights relearned on smaller moves (a looser bound
 * there, as before there was any).
 */
export function learnSeenRange(a: Float64Array, at: number, x: Float64Array, d: number): void {
  for (let i = 0; i < d; i++) {
    const v = x[i];
    if (!Number.isFinite(v)) continue;
    if (v < a[at + i]) a[at + i] = v;
    if (v > a[at + d + i]) a[at + d + i] = v;
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
