/**
 * The online anomaly scorer behind the `statistical` rule: one instance per numeric series.
 *
 * 1. Three robust z-scores, against estimates an outlier cannot drag along: the value against
 *    its hour-of-day × weekday/weekend normal (48 slots that start blank and fill; a weekend hour
 *    borrows its weekday hour until learnt; used once they explain the series better than a flat
 *    level) or else an EW median, spread = EW mean absolute deviation; the step from the last
 *    reading against the usual step; a short EW mean against the level (a shift each single
 *    reading hides in the noise).
 * 2. Rarity opinion: raw = log(1 + strongest z) + the rarity of the value's bin in a forgetting
 *    histogram + a bonus when the value leaves the range seen by a tolerance (as NAB's HTM
 *    detector does), averaged over 3 readings; its surprise is how rare that raw score is among
 *    the series' own past raw scores (empirical, heavy tails included) plus log(raw ÷ its
 *    decaying recent peak).
 * 3. Channel opinion: each z's own surprise against its own past, extrapolated beyond the largest
 *    seen (statistical-stats.ts zSurprise); the largest, less ln 3, plus a bonus on a range break.
 * 3b. Change-point opinion (on by default; changePointHypotheses 0 turns it off): Bayesian online
 *    change points on the AR(1) innovation of the residual from the normal: the log Bayes factor
 *    that a new regime began with this reading, judged against its own past
 *    (statistical-changepoint.ts).
 * 4. Score = S ÷ (S + 5) of the larger opinion S (in nats), with burst suppression: below the
 *    decaying peak of recent scores a score counts for 0.8 of itself, so a burst ranks its rise.
 *
 * Where each number lives in the series' block: statistical-layout.ts; the opinions of 2–4:
 * statistical-opinions.ts; the histogram rarity and range-break bonus of 2:
 * statistical-novelty.ts; the range seen (a lone absurd reading does not stay in it):
 * statistical-range.ts. Why these and not others, with NAB scores of what was tried:
 * ingest/detect/README.md.
 */
import { BYTES_PER_SMALL_OBJECT, allocState } from './state-arena';
import { DEFAULT_SCORER_OPTIONS, type AnomalyScorerOptions } from './statistical-options';
export { DEFAULT_SCORER_OPTIONS, type AnomalyScorerOptions } from './statistical-options';
import { burst, changePointOpinion, channelSurprise, raritySurprise } from './statistical-opinions';
import {
  CAUSE, CHANNEL_PEAK, DT, HI, LAST_TS, LAST_VALUE, LEVEL, LEVEL_SPREAD, LO, N, NORMAL, OUT_PEAK, RES_SPREAD, RING, RING_AT,
  RING_OFF, SEASON, SHORT, SPREAD, STEP_D, STEP_DT, STEP_LOC, STEP_SPREAD, SURPRISE, blockStarts, initTables, stateBytes
} from './statistical-layout';
import { forgetLast } from './statistical-forget';
import { novelty } from './statistical-novelty';
import { settleRange, startRange } from './statistical-range';
import { seasonSlot, updateRobustAt } from './statistical-stats';

import { SCORER_CAUSES, type AnomalyScorer, type ScorerCause } from './statistical-contract';
export { SCORER_CAUSES, type AnomalyScorer, type ScorerCause } from './statistical-contract';

/** The scorer object (its numbers live in a shared slab, see state-arena.ts). */
const OBJECT_OVERHEAD_BYTES = BYTES_PER_SMALL_OBJECT + 4 * 8;

/** Options merged with the defaults once per options object, not once per series. */
const merged = new WeakMap<object, Readonly<AnomalyScorerOptions>>();
function resolveOptions(opts: Partial<AnomalyScorerOptions>): Readonly<AnomalyScorerOptions> {
  let o = merged.get(opts);
  if (!o) merged.set(opts, (o = Object.freeze({ ...DEFAULT_SCORER_OPTIONS, ...opts })));
  return o;
}

/** Pass the same options object to every scorer of a detector: its merge is cached. */
export function createAnomalyScorer(opts: Partial<AnomalyScorerOptions> = DEFAULT_SCORER_OPTIONS): AnomalyScorer {
  return new Scorer(resolveOptions(opts));
}

/**
 * One series' state in one block of a shared slab (Float64 scalars, Float32 tables, Uint8 slot
 * counts) and the methods on the prototype: at thousands of series, per-instance closures, views
 * or buffers would cost more than the numbers themselves.
 */
class Scorer implements AnomalyScorer {
  readonly #o: Readonly<AnomalyScorerOptions>;
  // Views over a whole shared slab (state-arena.ts) and where this series' block starts in each.
  readonly #s: Float64Array;
  readonly #f: Float32Array;
  readonly #count: Uint8Array;
  readonly #sb: number;
  readonly #fb: number;
  readonly #cb: number;
  readonly #peakDecay: number;
  readonly #burstDecay: number;

  constructor(o: Readonly<AnomalyScorerOptions>) {
    this.#o = o;
    this.#peakDecay = Math.pow(0.5, 1 / o.peakHalfLifeRecords);
    this.#burstDecay = Math.pow(0.5, 1 / o.burstHalfLifeRecords);
    const { slab, byteOffset } = allocState(stateBytes(o));
    [this.#s, this.#f, this.#count] = [slab.f64, slab.f32, slab.u8];
    [this.#sb, this.#fb, this.#cb] = blockStarts(byteOffset, o);
    initTables(this.#f, this.#fb, o);
  }

  /** Early on, statistics learn as running means (rate 1/n), then settle to their own rate. */
  #warm(rate: number): number {
    return Math.max(rate, 1 / (this.#s[this.#sb + N] + 1));
  }

  /**
   * Whether the rarity tail (the raw scores past the warm-up) is still too young to judge one: it
   * needs tailWarmupRecords of them and tailWarmupMs of time (readings × the typical interval). A
   * raw score beating the few seen is a new record, 1 chance in k + 1 among k, yet the tail's
   * floor calls it rarer than 1 in 10,000; and a tail younger than a day has not seen the day's
   * ordinary peaks. Counted in readings alone, that youth fell inside the first day at 1-min
   * sensors but in the first counted days at 10-min ones (README.md). The channels, which
   * judge against their own sample count, speak meanwhile.
   */
  #tailYoung(): boolean {
    const s = this.#s;
    const sb = this.#sb;
    const o = this.#o;
    const seen = s[sb + N] - o.warmupRecords;
    return seen <= o.tailWarmupRecords || seen * s[sb + DT] < o.tailWarmupMs;
  }

  /** Spreads never fall below 1 % of the range seen: quantised or near-flat series stay calm. */
  #floorSpread(spread: number): number {
    const s = this.#s;
    const sb = this.#sb;
    return Math.max(spread, 0.01 * (s[sb + HI] - s[sb + LO]), 1e-9);
  }

  #seasonUsable(slot: number): boolean {
    return this.#count[this.#cb + slot] >= this.#o.seasonMinCount && this.#s[this.#sb + RES_SPREAD] < 0.7 * this.#s[this.#sb + LEVEL_SPREAD];
  }

  /**
   * The slot whose mean is the normal for `slot`: itself once trusted, else the same hour of the
   * other day type (until a weekend hour is learnt, expect its weekday hour), else −1 (use the level).
   */
  #normalSlot(slot: number): number {
    if (this.#seasonUsable(slot)) return slot;
    const other = slot < 24 ? slot + 24 : slot - 24;
    return this.#seasonUsable(other) ? other : -1;
  }

  #valueZ(slot: number, x: number): number {
    const s = this.#s;
    const sb = this.#sb;
    const use = this.#normalSlot(slot);
    if (use >= 0) {
      s[sb + NORMAL] = this.#f[this.#fb + SEASON + use];
      s[sb + SPREAD] = this.#floorSpread(s[sb + RES_SPREAD]);
    } else {
      s[sb + NORMAL] = s[sb + LEVEL];
      s[sb + SPREAD] = this.#floorSpread(s[sb + LEVEL_SPREAD]);
    }
    return Math.abs(x - s[sb + NORMAL]) / s[sb + SPREAD];
  }

  #learnSeason(slot: number, x: number): void {
    const s = this.#s;
    const sb = this.#sb;
    const f = this.#f;
    const fb = this.#fb;
    const c = this.#count[this.#cb + slot];
    if (c >= this.#o.seasonMinCount) {
      const res = Math.abs(x - f[fb + SEASON + slot]);
      s[sb + RES_SPREAD] += this.#warm(this.#o.levelRate) * (Math.min(res, 5 * s[sb + RES_SPREAD]) - s[sb + RES_SPREAD]);
    }
    f[fb + SEASON + slot] += Math.max(this.#o.seasonRate, 1 / (c + 1)) * (x - f[fb + SEASON + slot]);
    if (c < 255) this.#count[this.#cb + slot] = c + 1;
  }

  #stepZ(ts: number, x: number): number {
    const s = this.#s;
    const sb = this.#sb;
    const dt = ts - s[sb + LAST_TS];
    const gap = s[sb + DT] > 0 && dt > this.#o.gapSteps * s[sb + DT];
    s[sb + DT] = s[sb + DT] > 0 ? s[sb + DT] + 0.05 * (Math.min(dt, 10 * s[sb + DT]) - s[sb + DT]) : dt;
    s[sb + STEP_D] = 0;
    if (gap) return 0; // a jump across a data gap is not a step the series took
    const d = x - s[sb + LAST_VALUE];
    s[sb + STEP_D] = d;
    s[sb + STEP_DT] = dt;
    const z = Math.abs(d - s[sb + STEP_LOC]) / this.#floorSpread(s[sb + STEP_SPREAD]);
    updateRobustAt(s, sb + STEP_LOC, d, this.#warm(4 * this.#o.levelRate));
    return z;
  }

  #averaged(raw: number): number {
    const s = this.#s;
    const sb = this.#sb;
    const f = this.#f;
    const fb = this.#fb;
    // `| 0`: the position is a whole number, and integer % compiles to arithmetic, a double % to a call.
    const pos = s[sb + RING_AT] | 0;
    const at = pos % RING;
    f[fb + RING_OFF + at] = raw;
    s[sb + RING_AT] = (pos + 1) % (RING * 1024);
    const k = Math.max(1, Math.min(RING, Math.round(this.#o.averageRecords)));
    let sum = 0;
    for (let i = 0; i < k; i++) sum += f[fb + RING_OFF + ((at - i + RING) % RING)];
    return sum / k;
  }

  #init(ts: number, x: number): void {
    const s = this.#s;
    const sb = this.#sb;
    s[sb + LEVEL] = x;
    s[sb + LEVEL_SPREAD] = s[sb + RES_SPREAD] = s[sb + STEP_SPREAD] = Math.abs(x) * 1e-3 + 1e-9;
    s[sb + SHORT] = x;
    startRange(s, sb, x);
    s[sb + LAST_TS] = ts;
    s[sb + LAST_VALUE] = x;
  }

  score(ts: number, x: number): number {
    const s = this.#s;
    const sb = this.#sb;
    const o = this.#o;
    if (!Number.isFinite(x) || !Number.isFinite(ts) || (s[sb + N] > 0 && ts < s[sb + LAST_TS])) return 0;
    if (s[sb + N] === 0) this.#init(ts, x);
    s[sb + N] += 1;
    settleRange(s, sb, x, o.warmupRecords);
    const slot = seasonSlot(ts + o.utcOffsetMs);
    const zValue = this.#valueZ(slot, x);
    const cpNats = changePointOpinion(s, sb, this.#f, this.#fb, o, ts, x, this.#warm(o.channelRate));
    const zStep = this.#stepZ(ts, x);
    const breaks = x > s[sb + HI] || x < s[sb + LO];
    const nov = novelty(s, sb, this.#f, this.#fb, o, x);
    s[sb + SHORT] += o.shiftRate * (x - s[sb + SHORT]);
    const zShift = Math.abs(s[sb + SHORT] - s[sb + LEVEL]) / this.#floorSpread(s[sb + LEVEL_SPREAD]);
    // The short mean's own noise is √(rate ÷ (2 − rate)) of a reading's: the channel judges the shift against that.
    const zShiftMean = zShift / Math.sqrt(o.shiftRate / (2 - o.shiftRate));
    updateRobustAt(s, sb + LEVEL, x, this.#warm(o.levelRate));
    this.#learnSeason(slot, x);
    s[sb + LAST_TS] = ts;
    s[sb + LAST_VALUE] = x;
    const strongest = Math.max(o.valueWeight * zValue, zStep, o.shiftWeight * zShift);
    const raw = this.#averaged(Math.log1p(strongest) + o.noveltyWeight * nov);
    const fromRarity = raritySurprise(s, sb, this.#f, this.#fb, o, raw, this.#peakDecay, this.#warm(o.rarityRate));
    const fromChannels = channelSurprise(this.#f, this.#fb, o, zValue, zStep, zShiftMean, breaks, this.#warm(o.channelRate));
    if (s[sb + N] <= o.warmupRecords) return (s[sb + SURPRISE] = 0);
    const rarity = this.#tailYoung() ? 0 : fromRarity;
    const channel = burst(s, sb + CHANNEL_PEAK, fromChannels, 0.5, this.#burstDecay);
    const surprise = Math.max(rarity, channel - o.channelOffset, cpNats);
    s[sb + SURPRISE] = surprise;
    s[sb + CAUSE] = cpNats >= surprise && cpNats > 0 ? 2 : strongestPart(o.valueWeight * zValue, zStep, o.shiftWeight * zShift);
    return burst(s, sb + OUT_PEAK, surprise / (surprise + 5), 0.8, this.#burstDecay);
  }

  forgetLast(): void {
    forgetLast(this.#s, this.#sb, this.#f, this.#fb, this.#count, this.#cb, this.#o);
  }

  lastSurprise(): number {
    return this.#s[this.#sb + SURPRISE];
  }

  lastCause(): ScorerCause {
    return SCORER_CAUSES[this.#s[this.#sb + CAUSE]];
  }

  lastStep(): { change: number; typical: number; gapMs: number } {
    return { change: this.#s[this.#sb + STEP_D], gapMs: this.#s[this.#sb + STEP_DT], typical: Math.max(Math.abs(this.#s[this.#sb + STEP_LOC]), this.#floorSpread(this.#s[this.#sb + STEP_SPREAD])) };
  }

  lastShift(): { recent: number; usual: number } {
    return { recent: this.#s[this.#sb + SHORT], usual: this.#s[this.#sb + LEVEL] };
  }

  lastSpread(): number {
    return this.#s[this.#sb + SPREAD];
  }

  intervalMs(): number {
    return this.#s[this.#sb + DT];
  }

  normal(ts: number): number {
    const slot = seasonSlot(ts + this.#o.utcOffsetMs);
    const use = this.#normalSlot(slot);
    return use >= 0 ? this.#f[this.#fb + SEASON + use] : this.#s[this.#sb + LEVEL];
  }

  lastNormal(): number {
    return this.#s[this.#sb + NORMAL];
  }

  stateBytes(): number {
    return stateBytes(this.#o) + OBJECT_OVERHEAD_BYTES;
  }
}

/** Index into SCORER_CAUSES of the largest of the three parts (the value's first on a tie). */
function strongestPart(value: number, step: number, shift: number): number {
  if (shift > value && shift > step) return 2;
  return step > value ? 1 : 0;
}
