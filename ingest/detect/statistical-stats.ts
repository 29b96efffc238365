/**
 * Small online statistics for the statistical detector. Each keeps its state in fixed-size
 * typed arrays, so a series' whole state has a size known in advance.
 */

/** Hour of day (UTC) and weekend flag → one of 48 slots; callers shift `ts` to local time first. */
export function seasonSlot(ts: number): number {
  // Epoch arithmetic, no Date: this runs for every reading. 1970-01-01 was a Thursday (day 4).
  const hours = Math.floor(ts / MS_PER_HOUR);
  const days = Math.floor(hours / 24);
  const day = (((days + 4) % 7) + 7) % 7;
  const weekend = day === 0 || day === 6 ? 24 : 0;
  return weekend + (hours - days * 24);
}
const MS_PER_HOUR = 3_600_000;
export const SEASON_SLOTS = 48;

/**
 * Robust location and spread, updated one value at a time: the location moves toward the value by
 * at most 3 spreads × rate (an EW median), the spread is an EW mean absolute deviation with
 * deviations capped at 5 spreads. A single outlier moves neither much, so it cannot hide the next.
 */
export function updateRobust(loc: number, spread: number, x: number, rate: number): [number, number] {
  if (!Number.isFinite(spread) || spread <= 0) spread = Math.abs(x - loc) || 1e-9;
  const dev = x - loc;
  const nextLoc = loc + rate * Math.max(-3 * spread, Math.min(3 * spread, dev));
  const nextSpread = spread + rate * (Math.min(Math.abs(dev), 5 * spread) - spread);
  return [nextLoc, Math.max(nextSpread, 1e-12)];
}

/** updateRobust in place: location at a[at], spread at a[at + 1] (no tuple per reading). */
export function updateRobustAt(a: Float64Array, at: number, x: number, rate: number): void {
  let spread = a[at + 1];
  const loc = a[at];
  if (!Number.isFinite(spread) || spread <= 0) spread = Math.abs(x - loc) || 1e-9;
  const dev = x - loc;
  a[at] = loc + rate * Math.max(-3 * spread, Math.min(3 * spread, dev));
  a[at + 1] = Math.max(spread + rate * (Math.min(Math.abs(dev), 5 * spread) - spread), 1e-12);
}

/**
 * A slowly forgetting histogram over log-spaced bins of positive values: answers "what share of
 * past values was at least this large" (linear within a bin), then learns the value. Values
 * from e^−7 to e^5 get their own bins; the rest share the edge bins.
 */
export interface TailEstimator {
  tailShare(x: number, rate: number): number;
  readonly bytes: number;
}

export const TAIL_BINS = 48;
const TAIL_LOG_MIN = -7;
const TAIL_LOG_SPAN = 12;

/**
 * The tail estimator on a region of a caller's array: TAIL_BINS bins, then the total, then the
 * forgetting scale (start it at 1). Returns the share of past values at least `x`, then learns x.
 */
export function tailShare(a: Float32Array, at: number, x: number, rate: number): number {
  const pos = ((Math.log(Math.max(x, 0) + 1e-3) - TAIL_LOG_MIN) / TAIL_LOG_SPAN) * TAIL_BINS;
  const b = Math.max(0, Math.min(TAIL_BINS - 1, Math.floor(pos)));
  let above = a[at + b] * Math.max(0, Math.min(1, b + 1 - pos));
  for (let i = b + 1; i < TAIL_BINS; i++) above += a[at + i];
  const total = a[at + TAIL_BINS];
  const share = total > 0 ? above / total : 1;
  forgetAndAdd(a, at, TAIL_BINS, b, rate, true);
  return share;
}

export function createTailEstimator(): TailEstimator {
  // bins[TAIL_BINS] holds the total, bins[TAIL_BINS + 1] the forgetting scale (see forgetAndAdd).
  const bins = new Float32Array(TAIL_BINS + 2);
  bins[TAIL_BINS + 1] = 1;
  return {
    tailShare(x, rate) {
      const pos = ((Math.log(Math.max(x, 0) + 1e-3) - TAIL_LOG_MIN) / TAIL_LOG_SPAN) * TAIL_BINS;
      const b = Math.max(0, Math.min(TAIL_BINS - 1, Math.floor(pos)));
      let above = bins[b] * Math.max(0, Math.min(1, b + 1 - pos));
      for (let i = b + 1; i < TAIL_BINS; i++) above += bins[i];
      const total = bins[TAIL_BINS];
      const share = total > 0 ? above / total : 1;
      forgetAndAdd(bins, 0, TAIL_BINS, b, rate, true);
      return share;
    },
    bytes: bins.byteLength
  };
}

/**
 * A forgetting histogram in O(1): instead of multiplying every bin by (1 − rate) on each value,
 * the values are stored divided by a running scale (the product of all (1 − rate) so far), so only
 * the bin hit changes. Ratios between bins, all a histogram is asked for, are unaffected. The
 * scale sits right after the bins (and the total, when kept); when it gets tiny the bins are
 * multiplied out and it restarts at 1, about once per 10^4 values at the rates used here.
 */
export function forgetAndAdd(a: Float64Array | Float32Array, at: number, bins: number, bin: number, rate: number, withTotal: boolean): void {
  const scaleAt = at + bins + (withTotal ? 1 : 0);
  let scale = a[scaleAt] * (1 - rate);
  if (scale < RESCALE_BELOW) {
    for (let i = at; i < scaleAt; i++) a[i] *= scale;
    scale = 1;
  }
  a[scaleAt] = scale;
  a[at + bin] += rate / scale;
  if (withTotal) a[at + bins] += rate / scale;
}
const RESCALE_BELOW = 1e-12;

/**
 * How surprising a nonnegative statistic z (a z-score) is against its own past, in nats, from a
 * slowly forgetting histogram over log-spaced bins on a region of a caller's array: Z_BINS bins,
 * the total, the forgetting scale (start it at 1) and the decayed maximum seen. The surprise is
 * −ln(share of the past at least z), floored at half a sample; beyond the largest z seen it grows
 * with ln(z ÷ that maximum), so a value far beyond anything seen outranks a new record that only
 * just beats the old one (which i.i.d. noise sets now and then). Then learns z.
 */
export function zSurprise(a: Float32Array, at: number, z: number, rate: number): number {
  return logTailSurprise(a, at, z, rate, Z_BINS, Z_LOG_MIN, Z_LOG_SPAN);
}

/** zSurprise over `bins` log-spaced bins from e^logMin to e^(logMin + logSpan); its region is bins + 3 floats. */
export function logTailSurprise(a: Float32Array, at: number, z: number, rate: number, bins: number, logMin: number, logSpan: number): number {
  const pos = ((Math.log(Math.max(z, 1e-9)) - logMin) / logSpan) * bins;
  const b = Math.max(0, Math.min(bins - 1, Math.floor(pos)));
  let above = a[at + b] * Math.max(0, Math.min(1, b + 1 - pos));
  for (let i = b + 1; i < bins; i++) above += a[at + i];
  const total = a[at + bins];
  const share = total > 0 ? above / total : 1;
  const scale = a[at + bins + 1];
  // total × scale is the forgetting sum of weights, about min(n, 1/rate) samples
  let s = -Math.log(Math.max(share, 0.5 / Math.max(1, (total * scale) / rate)));
  const max = a[at + bins + 2];
  if (z > max && max > 0) s += Math.log(z / max);
  a[at + bins + 2] = Math.max(max * Z_MAX_DECAY, z);
  forgetAndAdd(a, at, bins, b, rate, true);
  return Math.max(0, s);
}
export const Z_BINS = 40;
/** Floats a zSurprise region takes. */
export const Z_REGION = Z_BINS + 3;
const Z_LOG_MIN = Math.log(0.05);
const Z_LOG_SPAN = Math.log(2e4) - Z_LOG_MIN;
/** The maximum forgets with a half-life of about 7,000 readings. */
const Z_MAX_DECAY = 0.9999;
