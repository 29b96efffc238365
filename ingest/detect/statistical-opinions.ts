/**
 * The statistical scorer's opinions of surprise, in nats, each reading and writing its own part
 * of the scorer's block (statistical-layout.ts): rarity of the raw score, the per-z channels and
 * the optional change-point opinion, and the burst suppression applied to them. Plain functions
 * over the slab (s, sb: Float64 scalars; f, fb: Float32 tables), called once per reading by
 * statistical-scorer.ts; `rate` is the scorer's warmed learning rate for the table they update.
 */
import { arInnovation, arPhi, changePointNats, changePointSurprise } from './statistical-changepoint';
import { CHANNELS, CP_AR, CP_TAIL, arFloats, DT, LAST_TS, N, NORMAL, PEAK, SPREAD, TAIL } from './statistical-layout';
import type { AnomalyScorerOptions } from './statistical-options';
import { Z_REGION, tailShare, zSurprise } from './statistical-stats';

const DAY_MS = 86_400_000;
/** Assumed step before a second reading tells the real one (only the first reading's hazard). */
const DEFAULT_STEP_MS = 300_000;
/** A hazard of 0 (readings at the same ms) would make a change impossible and its odds infinite. */
const MIN_HAZARD = 1e-9;

type Options = Readonly<AnomalyScorerOptions>;

/** Likelihood (rarity among past raw scores) and burst suppression (ratio to the recent peak), in nats. */
export function raritySurprise(s: Float64Array, sb: number, f: Float32Array, fb: number, o: Options, raw: number, peakDecay: number, rate: number): number {
  const peak = Math.max(s[sb + PEAK] * peakDecay, 1);
  s[sb + PEAK] = Math.max(peak, raw);
  // Raw scores of the warm-up are the models learning, not the series: keep them out of the tail.
  if (s[sb + N] <= o.warmupRecords) return 0;
  const rarity = tailShare(f, fb + TAIL, raw, rate);
  // rarity can exceed 1 by float rounding: clamp so the score stays in [0, 1]
  return Math.max(0, -Math.log(Math.max(rarity, o.rarityFloor))) + Math.log(Math.max(1, raw / peak));
}

/**
 * The second opinion: each z on its own, as surprise against that z's own past (heavy tails
 * included), the largest of the three, plus a bonus when the value leaves the range seen. Where
 * the averaged raw score blurs a sharp single-channel event, this keeps it.
 */
export function channelSurprise(f: Float32Array, fb: number, o: Options, zValue: number, zStep: number, zShift: number, breaks: boolean, rate: number): number {
  const at = fb + CHANNELS;
  const a = zSurprise(f, at, zValue, rate);
  const b = zSurprise(f, at + Z_REGION, zStep, rate);
  const c = zSurprise(f, at + 2 * Z_REGION, zShift, rate);
  return Math.max(a, b, c) + (breaks ? o.channelBreakBonus : 0);
}

/**
 * The third opinion (off when changePointHypotheses is 0): Bayesian online change points on the
 * AR(1) innovation of the residual from the normal (the series' daily rhythm and its own
 * persistence taken out; the residual itself when changePointArRate is 0), a new regime expected once per
 * `changePointDays` of time (so gaps raise the chance of one), judged against its own past like
 * the channels are. Reads the normal and spread of this reading, before its time is stored.
 */
export function changePointOpinion(s: Float64Array, sb: number, f: Float32Array, fb: number, o: Options, ts: number, x: number, rate: number): number {
  const k = o.changePointHypotheses;
  if (k === 0) return 0;
  const dt = s[sb + N] > 1 ? ts - s[sb + LAST_TS] : 0;
  const elapsed = dt > 0 ? dt : s[sb + DT] > 0 ? s[sb + DT] : DEFAULT_STEP_MS;
  const hazard = -Math.expm1(-elapsed / (o.changePointDays * DAY_MS));
  // The AR(1) innovation (statistical-changepoint.ts), judged against a new regime as wide as
  // the innovation's own spread: the residual's × √(1 − φ²) for an AR(1) series.
  let r = x - s[sb + NORMAL];
  let spread = s[sb + SPREAD];
  if (o.changePointArRate > 0) {
    const step = s[sb + DT];
    const lag = dt > 0 && step > 0 && dt <= o.gapSteps * step ? dt / step : 0;
    const phi = arPhi(f, fb + CP_AR);
    spread *= Math.sqrt(1 - phi * phi);
    r = arInnovation(f, fb + CP_AR, r, lag, Math.max(o.changePointArRate, 1 / s[sb + N]));
  }
  const nats = changePointNats(f, fb + CP_AR + arFloats(o), k, r, 0, spread, Math.max(hazard, MIN_HAZARD));
  return changePointSurprise(f, fb + CP_TAIL, nats, rate);
}

/** Below the decaying peak (scalar `at`) of the recent ones, a value counts for `keep` of itself: a burst scores its rise. */
export function burst(s: Float64Array, at: number, v: number, keep: number, decay: number): number {
  const peak = s[at] * decay;
  s[at] = Math.max(peak, v);
  return v > peak ? v : keep * v;
}
