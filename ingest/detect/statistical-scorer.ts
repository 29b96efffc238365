/**
 * The online anomaly scorer behind the `statistical` rule: one instance per numeric series.
 *
 * 1. Surprise of each reading, as robust z-scores against estimates an outlier cannot drag along:
 *    the value against its hour-of-day × weekday/weekend baseline (48 slots that start blank and
 *    fill; used once they explain the series better than a flat level) or else against an EW
 *    median / EW mean absolute deviation; the first difference against its own EW median and
 *    spread; a short EW mean against the level (a shift that each single reading hides in the
 *    noise); the rarity of the value's bin in a slowly forgetting histogram (a change of regime
 *    inside the old range still lands in rarely seen bins); and a fixed bonus when the value
 *    leaves the range seen so far by more than a tolerance (as NAB's HTM detector does).
 * 2. Raw score = log(1 + strongest z) + novelty + range bonus, averaged over the last few
 *    readings (a lone glitch counts less than a sustained change).
 * 3. Anomaly likelihood, empirically: how rare that raw score is among the series' own past raw
 *    scores (a forgetting histogram, not a Gaussian: real series have heavy tails), so a noisy
 *    series does not alert more often than a quiet one.
 * 4. Burst suppression: the raw score is also compared with its decaying recent peak; only a
 *    reading that beats the last burst scores high, so a burst ranks its first reading highest.
 *
 * Tuned on NAB's development split only (bench/nab.ts); see bench/RESULTS.md.
 */
import { BYTES_PER_VIEW, stateBlock } from './state-arena';
import { SEASON_SLOTS, TAIL_BINS, forgetAndAdd, seasonSlot, tailShare, updateRobustAt } from './statistical-stats';

export interface AnomalyScorerOptions {
  /** Readings that only teach the models; they score 0. */
  warmupRecords: number;
  /** Update rate of level, step and residual statistics (≈ 1 / memory in readings). */
  levelRate: number;
  /** Update rate of a seasonal slot once it has a few readings. */
  seasonRate: number;
  /** Readings a seasonal slot needs before it is trusted. */
  seasonMinCount: number;
  /** Forgetting rate of the value histogram. */
  histogramRate: number;
  /** Weight of the value z against the step z (the step reacts earlier to changes). */
  valueWeight: number;
  /** Update rate of the short EW mean compared with the level. */
  shiftRate: number;
  /** Weight of the short-mean shift z. */
  shiftWeight: number;
  /** Added to the raw score when the value leaves the range seen so far … */
  rangeBreakBonus: number;
  /** … by more than this share of that range. */
  rangeBreakTolerance: number;
  /** Weight of histogram novelty in the raw score. */
  noveltyWeight: number;
  /** Readings averaged into the raw score (≤ 8). */
  averageRecords: number;
  /** Forgetting rate of the raw-score distribution (the likelihood step). */
  rarityRate: number;
  /** Smallest tail share believed: rarer than this is told apart by the peak ratio only. */
  rarityFloor: number;
  /** Half-life, in readings, of the recent raw-score peak used for burst suppression. */
  peakHalfLifeRecords: number;
  /** A gap longer than this many typical steps restarts the step statistic. */
  gapSteps: number;
  /** Added to timestamps before the hour-of-day slot is taken (local time; WITA = +8 h). */
  utcOffsetMs: number;
}

export const DEFAULT_SCORER_OPTIONS: Readonly<AnomalyScorerOptions> = Object.freeze({
  warmupRecords: 150,
  levelRate: 0.02,
  seasonRate: 0.1,
  seasonMinCount: 3,
  histogramRate: 0.002,
  valueWeight: 0.5,
  shiftRate: 0.1,
  shiftWeight: 1,
  rangeBreakBonus: 4,
  rangeBreakTolerance: 0.03,
  noveltyWeight: 1,
  averageRecords: 3,
  rarityRate: 2e-4,
  rarityFloor: 1e-4,
  peakHalfLifeRecords: 1000,
  gapSteps: 10,
  utcOffsetMs: 0
});

export interface AnomalyScorer {
  /** Score one reading in [0, 1]; readings must come in time order (older ones score 0, unlearned). */
  score(ts: number, value: number): number;
  /** The series' normal at `ts`: its seasonal baseline when trusted, else its level. */
  normal(ts: number): number;
  /** The normal the last scored reading was compared with (before it was learned). */
  lastNormal(): number;
  /** Bytes of state held (the buffer's length plus a fixed object overhead). */
  stateBytes(): number;
}

const HISTOGRAM_BINS = 32;
const RING = 8;
/** The scorer object and its three views (the ArrayBuffer is a shared slab). */
const OBJECT_OVERHEAD_BYTES = 64 + 3 * BYTES_PER_VIEW;

// Indices into the scalar (Float64) part of the state.
const N = 0, LEVEL = 1, LEVEL_SPREAD = 2, LAST_TS = 3, LAST_VALUE = 4, STEP_LOC = 5, STEP_SPREAD = 6;
const DT = 7, RES_SPREAD = 8, LO = 9, HI = 10, PEAK = 11, RING_AT = 12, SHORT = 13, NORMAL = 14;
const SCALARS = 16; // 15 used; even, so the Float32 part starts 8-byte aligned either way
// Offsets into the Float32 part: seasonal means, the value histogram (+ its scale), the raw-score
// ring, the raw-score tail histogram (+ total and scale).
const SEASON = 0;
const HIST = SEASON + SEASON_SLOTS;
const RING_OFF = HIST + HISTOGRAM_BINS + 1;
const TAIL = RING_OFF + RING;
const FLOATS = TAIL + TAIL_BINS + 2;
const BYTES = SCALARS * 8 + FLOATS * 4 + SEASON_SLOTS;

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
 * One series' state in one block (Float64 scalars, Float32 tables, Uint8 slot counts) and
 * the methods on the prototype: at thousands of series, per-instance closures and one buffer per
 * table would cost more than the numbers themselves.
 */
class Scorer implements AnomalyScorer {
  readonly #o: Readonly<AnomalyScorerOptions>;
  readonly #s: Float64Array;
  readonly #f: Float32Array;
  readonly #count: Uint8Array;
  readonly #peakDecay: number;

  constructor(o: Readonly<AnomalyScorerOptions>) {
    this.#o = o;
    this.#peakDecay = Math.pow(0.5, 1 / o.peakHalfLifeRecords);
    // One block of the shared state slabs (state-arena.ts), three views on it.
    const { buffer, offset } = stateBlock(BYTES);
    this.#s = new Float64Array(buffer, offset, SCALARS);
    this.#f = new Float32Array(buffer, offset + SCALARS * 8, FLOATS);
    this.#count = new Uint8Array(buffer, offset + SCALARS * 8 + FLOATS * 4, SEASON_SLOTS);
    this.#f.fill(1 / HISTOGRAM_BINS, HIST, HIST + HISTOGRAM_BINS);
    this.#f[HIST + HISTOGRAM_BINS] = 1;
    this.#f[TAIL + TAIL_BINS + 1] = 1;
  }

  /** Early on, statistics learn as running means (rate 1/n), then settle to their own rate. */
  #warm(rate: number): number {
    return Math.max(rate, 1 / (this.#s[N] + 1));
  }

  /** Spreads never fall below 1 % of the range seen: quantised or near-flat series stay calm. */
  #floorSpread(spread: number): number {
    const s = this.#s;
    return Math.max(spread, 0.01 * (s[HI] - s[LO]), 1e-9);
  }

  #seasonUsable(slot: number): boolean {
    return this.#count[slot] >= this.#o.seasonMinCount && this.#s[RES_SPREAD] < 0.7 * this.#s[LEVEL_SPREAD];
  }

  #valueZ(slot: number, x: number): number {
    const s = this.#s;
    if (this.#seasonUsable(slot)) {
      s[NORMAL] = this.#f[SEASON + slot];
      return Math.abs(x - s[NORMAL]) / this.#floorSpread(s[RES_SPREAD]);
    }
    s[NORMAL] = s[LEVEL];
    return Math.abs(x - s[LEVEL]) / this.#floorSpread(s[LEVEL_SPREAD]);
  }

  #learnSeason(slot: number, x: number): void {
    const s = this.#s;
    const f = this.#f;
    const c = this.#count[slot];
    if (c >= this.#o.seasonMinCount) {
      const res = Math.abs(x - f[SEASON + slot]);
      s[RES_SPREAD] += this.#warm(this.#o.levelRate) * (Math.min(res, 5 * s[RES_SPREAD]) - s[RES_SPREAD]);
    }
    f[SEASON + slot] += Math.max(this.#o.seasonRate, 1 / (c + 1)) * (x - f[SEASON + slot]);
    if (c < 255) this.#count[slot] = c + 1;
  }

  /** −log of the value's bin frequency (0 for a uniform histogram), plus the range-break bonus. */
  #novelty(x: number): number {
    const s = this.#s;
    const span = s[HI] - s[LO];
    const tolerance = this.#o.rangeBreakTolerance * span;
    const breaks = span > 0 && (x > s[HI] + tolerance || x < s[LO] - tolerance);
    return this.#binRarity(x) + (breaks ? this.#o.rangeBreakBonus : 0);
  }

  /** −log of the value's bin frequency in the forgetting histogram, then learn the value. */
  #binRarity(x: number): number {
    const s = this.#s;
    const f = this.#f;
    if (x < s[LO]) s[LO] = x;
    if (x > s[HI]) s[HI] = x;
    // The range only widens: ingest refuses physically impossible values before they get here.
    const span = s[HI] - s[LO];
    const bin = span > 0 ? Math.min(HISTOGRAM_BINS - 1, Math.floor(((x - s[LO]) / span) * HISTOGRAM_BINS)) : 0;
    const p = f[HIST + bin] * f[HIST + HISTOGRAM_BINS];
    forgetAndAdd(f, HIST, HISTOGRAM_BINS, bin, this.#o.histogramRate, false);
    return Math.max(0, -Math.log(p + 1e-6) - Math.log(HISTOGRAM_BINS));
  }

  #stepZ(ts: number, x: number): number {
    const s = this.#s;
    const dt = ts - s[LAST_TS];
    const gap = s[DT] > 0 && dt > this.#o.gapSteps * s[DT];
    s[DT] = s[DT] > 0 ? s[DT] + 0.05 * (Math.min(dt, 10 * s[DT]) - s[DT]) : dt;
    if (gap) return 0; // a jump across a data gap is not a step the series took
    const d = x - s[LAST_VALUE];
    const z = Math.abs(d - s[STEP_LOC]) / this.#floorSpread(s[STEP_SPREAD]);
    updateRobustAt(s, STEP_LOC, d, this.#warm(4 * this.#o.levelRate));
    return z;
  }

  #averaged(raw: number): number {
    const s = this.#s;
    const f = this.#f;
    const at = s[RING_AT] % RING;
    f[RING_OFF + at] = raw;
    s[RING_AT] = (s[RING_AT] + 1) % (RING * 1024);
    const k = Math.max(1, Math.min(RING, Math.round(this.#o.averageRecords)));
    let sum = 0;
    for (let i = 0; i < k; i++) sum += f[RING_OFF + ((at - i + RING) % RING)];
    return sum / k;
  }

  #init(ts: number, x: number): void {
    const s = this.#s;
    s[LEVEL] = x;
    s[LEVEL_SPREAD] = s[RES_SPREAD] = s[STEP_SPREAD] = Math.abs(x) * 1e-3 + 1e-9;
    s[LO] = s[HI] = s[SHORT] = x;
    s[LAST_TS] = ts;
    s[LAST_VALUE] = x;
  }

  /** Likelihood (rarity among past raw scores) and burst suppression (ratio to the recent peak). */
  #finalScore(raw: number): number {
    const s = this.#s;
    const o = this.#o;
    const peak = Math.max(s[PEAK] * this.#peakDecay, 1);
    s[PEAK] = Math.max(peak, raw);
    // Raw scores of the warm-up are the models learning, not the series: keep them out of the tail.
    if (s[N] <= o.warmupRecords) return 0;
    const rarity = tailShare(this.#f, TAIL, raw, this.#warm(o.rarityRate));
    // rarity can exceed 1 by float rounding: clamp so the score stays in [0, 1]
    const surprise = Math.max(0, -Math.log(Math.max(rarity, o.rarityFloor))) + Math.log(Math.max(1, raw / peak));
    return surprise / (surprise + 5);
  }

  score(ts: number, x: number): number {
    const s = this.#s;
    const o = this.#o;
    if (!Number.isFinite(x) || !Number.isFinite(ts) || (s[N] > 0 && ts < s[LAST_TS])) return 0;
    if (s[N] === 0) this.#init(ts, x);
    s[N] += 1;
    const slot = seasonSlot(ts + o.utcOffsetMs);
    const zValue = this.#valueZ(slot, x);
    const zStep = this.#stepZ(ts, x);
    const nov = this.#novelty(x);
    s[SHORT] += o.shiftRate * (x - s[SHORT]);
    const zShift = Math.abs(s[SHORT] - s[LEVEL]) / this.#floorSpread(s[LEVEL_SPREAD]);
    updateRobustAt(s, LEVEL, x, this.#warm(o.levelRate));
    this.#learnSeason(slot, x);
    s[LAST_TS] = ts;
    s[LAST_VALUE] = x;
    const strongest = Math.max(o.valueWeight * zValue, zStep, o.shiftWeight * zShift);
    const raw = this.#averaged(Math.log1p(strongest) + o.noveltyWeight * nov);
    return this.#finalScore(raw);
  }

  normal(ts: number): number {
    const slot = seasonSlot(ts + this.#o.utcOffsetMs);
    return this.#seasonUsable(slot) ? this.#f[SEASON + slot] : this.#s[LEVEL];
  }

  lastNormal(): number {
    return this.#s[NORMAL];
  }

  stateBytes(): number {
    return BYTES + OBJECT_OVERHEAD_BYTES;
  }
}
