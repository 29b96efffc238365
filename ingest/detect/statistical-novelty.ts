/**
 * The novelty part of a statistical scorer's raw score (statistical-scorer.ts, step 2): how rare the
 * value's bin is in a forgetting histogram over the range seen, plus a bonus when the value leaves
 * that range by more than a tolerance (as NAB's HTM detector does). Plain functions over the
 * scorer's block (s, sb Float64 scalars; f, fb Float32 tables; statistical-layout.ts), like the
 * scorer's other parts, so no per-series object is added; called once per reading.
 */
import { HI, HIST, HISTOGRAM_BINS, LO } from './statistical-layout';
import type { AnomalyScorerOptions } from './statistical-options';
import { widenRange } from './statistical-range';
import { forgetAndAdd } from './statistical-stats';

/** −log of the value's bin frequency (0 for a uniform histogram), plus the range-break bonus. */
export function novelty(s: Float64Array, sb: number, f: Float32Array, fb: number, o: Readonly<AnomalyScorerOptions>, x: number): number {
  const span = s[sb + HI] - s[sb + LO];
  const tolerance = o.rangeBreakTolerance * span;
  // judged against the range before this value widens it (binRarity widens it)
  const breaks = span > 0 && (x > s[sb + HI] + tolerance || x < s[sb + LO] - tolerance);
  return binRarity(s, sb, f, fb, o, x) + (breaks ? o.rangeBreakBonus : 0);
}

/** −log of the value's bin frequency in the forgetting histogram, then learn the value. */
function binRarity(s: Float64Array, sb: number, f: Float32Array, fb: number, o: Readonly<AnomalyScorerOptions>, x: number): number {
  widenRange(s, sb, x); // a lone absurd reading is taken back by the next (statistical-range.ts)
  const span = s[sb + HI] - s[sb + LO];
  const bin = span > 0 ? Math.min(HISTOGRAM_BINS - 1, Math.floor(((x - s[sb + LO]) / span) * HISTOGRAM_BINS)) : 0;
  const p = f[fb + HIST + bin] * f[fb + HIST + HISTOGRAM_BINS];
  forgetAndAdd(f, fb + HIST, HISTOGRAM_BINS, bin, o.histogramRate, false);
  return Math.max(0, -Math.log(p + 1e-6) - Math.log(HISTOGRAM_BINS));
}
