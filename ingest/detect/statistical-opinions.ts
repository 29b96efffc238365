/**
 * The statistical scorer's opinions of surprise, in nats, each reading and writing its own part
 * of the scorer's block (statistical-layout.ts): rarity of the raw score, the per-z channels and
 * the optional change-point opinion, and the burst suppression applied to them. Plain functions
 * over the slab (s, sb: Float64 scalars; f, fb: Float32 tables), called once per reading by
 * statistical-scorer.ts; `rate` is the scorer's warmed learning rate for the table they update.
 */
import { changePointNats, changePointSurprise } from './statistical-changepoint';
import { CHANNELS, CP_HYPOTHESES, CP_TAIL, DT, LAST_TS, N, NORMAL, PEAK, SPREAD, TAIL } from './statistical-layout';
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
 * The third opinion (off unless changePointHypotheses > 0): Bayesian online change points on the
 * residual from the normal (the series' daily rhythm taken out), a new regime expected once per
 * `changePointDays` of time (so gaps raise the chance of one), judged against its own past like
 * the channels are. Reads the normal and spread of this reading, before its time is stored.
 */
export function changePointOpinion(s: Float64Array, sb: number, f: Float32Array, fb: number, o: Options, ts: number, x: number, rate: number): number {
  const k = o.changePointHypotheses;
  if (k === 0) return 0;
  const dt = s[sb + N] > 1 ? ts - s[sb + LAST_TS] : 0;
  const elapsed = dt > 0 ? dt : s[sb + DT] > 0 ? s[sb + DT] : DEFAULT_STEP_MS;
  const hazard = -Math.expm1(-elapsed / (o.changePointDays * DAY_MS));
  const nats = changePointNats(f, fb + CP_HYPOTHESES, k, x - s[sb + NORMAL], 0, s[sb + SPREAD], Math.max(hazard, MIN_HAZARD));
  return changePointSurprise(f, fb + CP_TAIL, nats, rate);
}

/** Below the decaying peak (scalar `at`) of the recent ones, a value counts for `keep` of itself: a burst scores its rise. */
export function burst(s: Float64Array, at: number, v: number, keep: number, decay: number): number {
  const peak = s[at] * decay;
  s[at] = Math.max(peak, v);
  return v > peak ? v : keep * v;
}
