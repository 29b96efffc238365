import type { ForecasterOptions } from './options';
import { OnlineQuantile } from './quantile';
import { predictRainUp, rainFrom } from './rain-direction';
import { Rls, rlsFloats } from './rls';
import { clearSeenRange, holdToSeenRange, learnSeenRange, seenRangeFloats } from './seen-range';
import { TrackRecord } from './track-record';

const MIN_MS = 60_000;

/**
 * Experts combined per horizon: the learned RLS, the straight line through the last 30 min, half
 * of it, and persistence. Which one holds up differs between rivers (a flashy mountain stream,
 * a slow lowland reach), so each gauge weighs them by their own recent errors on moving water.
 */
export const EXPERTS = ['rls', 'trend', 'half-trend', 'persistence', 'trend10', 'trend60', 'rls-fast'] as const;
const K = EXPERTS.length;
/** Slot layout in the issued ring: bucket, scale, combined change, one change per expert, and the warning lean published on top (0 but at 30 min). */
const SLOT = 4 + K;
const LEAN = 3 + K;
/**
 * Layout of a model's numbers, all in its gauge's one array (see HorizonPlace): the hot part
 * (from `hot`: the experts' weights, their running errors, the typical move, the band's two
 * quantiles, the two regressions' counts and weights, each d), the issued ring, and what only
 * training reads (from `cold`: the regressions' P·x and P). One array per gauge, hot parts side by
 * side, not eleven objects per model: every reading reads each model's weights, quantiles and
 * regressions and writes a slot of its ring, and at thousands of gauges each separate object was
 * another cache miss.
 */
const WEIGHTS = 0;
const ERRORS = K;
const TYPICAL = 2 * K;
const LO = TYPICAL + 1;
const HI = TYPICAL + 2;
/** The share of the experts' running errors that is still their starting guess (1 → 0 as outcomes judge them); before N_SLOW, so save() copies it. */
const PRIOR = TYPICAL + 3;
const N_SLOW = TYPICAL + 4;
const N_FAST = TYPICAL + 5;
const W_SLOW = TYPICAL + 6;

/** Where a model's numbers live: its gauge's array and the offsets of its three parts. */
export interface HorizonPlace {
  store: Float64Array;
  hot: number;
  ring: number;
  cold: number;
}

/** Floats of the three parts of a model of `hMin` minutes with d features. */
export function horizonFloats(hMin: number, d: number, o: Readonly<ForecasterOptions>): { hot: number; ring: number; cold: number } {
  return { hot: W_SLOW + 2 * d + seenRangeFloats(d), ring: ringSlots(hMin, o) * SLOT, cold: 2 * d + 2 * d * d };
}

function ringSlots(hMin: number, o: Readonly<ForecasterOptions>): number {
  return Math.ceil((hMin * MIN_MS) / (o.bucketS * 1000)) + 2;
}

/**
 * The direct model of one lead time: RLS on the features predicting the change over `h`, the
 * experts' forecasts it issued (a ring indexed by bucket, scored once the outcome is known), and
 * the band: online quantiles of its own past errors divided by a scale of the moment.
 */
export class HorizonModel {
  readonly hMin: number;
  readonly rls: Rls;
  /** The same regression forgetting fast (hours): it follows a flood's own dynamics as it unfolds. */
  readonly rlsFast: Rls;
  readonly lo: OnlineQuantile;
  readonly hi: OnlineQuantile;
  /** How its published forecasts held up on moving water lately (for people, not for the blend). */
  readonly track = new TrackRecord();
  /**
   * The gauge's array: from #h the weights, running mean absolute error of each expert on moving
   * water (cm), the typical move, the quantiles and the regressions (WEIGHTS … W_SLOW); the ring.
   */
  readonly #s: Float64Array;
  readonly #h: number;
  readonly #slots: number;
  readonly #d: number;
  /** The first rain feature (rain-direction.ts): rain beyond its seen range may still raise a forecast. */
  readonly #rain: number;
  /** Offsets in #s: the fast regression's weights, the inputs' seen range (seen-range.ts), the issued ring. */
  readonly #wFast: number;
  readonly #range: number;
  readonly #issued: number;

  readonly #o: Readonly<ForecasterOptions>;

  /** `place`: where in its gauge's array (GaugeForecaster.link); by default an array of its own. */
  constructor(hMin: number, d: number, o: Readonly<ForecasterOptions>, place?: HorizonPlace) {
    [this.hMin, this.#o] = [hMin, o];
    const coverage = o.bandCoverage;
    this.#slots = ringSlots(hMin, o);
    this.#d = d;
    this.#rain = rainFrom(d);
    let pl = place;
    if (!pl) {
      const n = horizonFloats(hMin, d, o);
      pl = { store: new Float64Array(n.hot + n.ring + n.cold), hot: 0, ring: n.hot, cold: n.hot + n.ring };
    }
    const s = (this.#s = pl.store);
    const h = (this.#h = pl.hot);
    this.#wFast = h + W_SLOW + d;
    this.#range = h + W_SLOW + 2 * d;
    clearSeenRange(s, this.#range, d);
    this.#issued = pl.ring;
    s.fill(Number.NaN, pl.ring, pl.ring + this.#slots * SLOT);
    s.fill(1 / K, h + WEIGHTS, h + WEIGHTS + K);
    s.fill(1, h + ERRORS, h + ERRORS + K);
    s[h + TYPICAL] = 1;
    s[h + PRIOR] = 1;
    const c = pl.cold;
    this.rls = new Rls(d, o.forgetting, undefined, { store: s, n: h + N_SLOW, w: h + W_SLOW, px: c, p: c + 2 * d });
    this.rlsFast = new Rls(d, o.fastForgetting, undefined, { store: s, n: h + N_FAST, w: this.#wFast, px: c + d, p: c + 2 * d + d * d });
    const tail = (1 - coverage) / 2;
    this.lo = new OnlineQuantile(tail, -2, undefined, s, h + LO);
    this.hi = new OnlineQuantile(1 - tail, 2, undefined, s, h + HI);
  }

  /** Running mean |change over h| of the gauge: the band's floor scale and the "moving water" yardstick (cm). */
  get typicalMove(): number {
    return this.#s[this.#h + TYPICAL];
  }

  /**
   * How much of what the blend knows of its experts comes from outcomes: 1 − the weight their
   * running errors still give to the equal starting guess. It grows with judged moving water, not
   * with time: within an hour of a new gauge's first flood, not after a quiet day.
   */
  get evidence(): number {
    return 1 - this.#s[this.#h + PRIOR];
  }

  /** The slow regression's updates so far (= rls.n, read here without reaching the Rls). */
  get updates(): number {
    return this.#s[this.#h + N_SLOW];
  }

  /** The band's quantiles of past errors (= lo.q, hi.q). */
  get loQ(): number {
    return this.#s[this.#h + LO];
  }

  get hiQ(): number {
    return this.#s[this.#h + HI];
  }

  /** The slow regression's weight i (= rls.w[i]). */
  slowWeight(i: number): number {
    return this.#s[this.#h + W_SLOW + i];
  }

  /**
   * Learns one sample (features → the change over h that followed) in both regressions, and widens
   * the inputs' seen range by its features.
   */
  learn(x: Float64Array, y: number): void {
    learnSeenRange(this.#s, this.#range, x, this.#d);
    this.rls.update(x, y);
    this.rlsFast.update(x, y);
  }

  /** `out` = the features x with each held within what training has seen of it (seen-range.ts); the regressions read these. */
  holdToSeen(out: Float64Array, x: Float64Array): void {
    holdToSeenRange(out, this.#s, this.#range, x, this.#d, this.#o.seenMargin);
  }

  /**
   * The slow and the fast regression's predictions from `held` (holdToSeen of x), plus the rain in x
   * beyond its bound when it adds water (rain-direction.ts; with x = held, rls.predict(x)).
   */
  predict(held: Float64Array, x: Float64Array): number {
    return predictRainUp(this.#s, this.#h + W_SLOW, held, x, this.#d, this.#rain);
  }

  predictFast(held: Float64Array, x: Float64Array): number {
    return predictRainUp(this.#s, this.#wFast, held, x, this.#d, this.#rain);
  }

  /** The scale the band is expressed in: the gauge's typical move plus the forecast move itself. */
  scale(delta: number, recentMove: number): number {
    return this.#s[this.#h + TYPICAL] + Math.abs(delta) + 0.5 * Math.abs(recentMove);
  }

  /**
   * The experts' changes (order of EXPERTS) blended by their recent accuracy. A longer horizon
   * learns of its experts' errors only h later; `sooner` (the internal 10-min model) has judged the
   * same kinds of expert more recently, and its weights multiply in: faster switching within a flood.
   */
  combine(experts: Float64Array, sooner?: HorizonModel): number {
    let s = 0;
    let total = 0;
    const own = this.#s;
    const h = this.#h + WEIGHTS;
    const other = sooner ? sooner.#s : null;
    const oh = sooner ? sooner.#h + WEIGHTS : 0;
    for (let k = 0; k < K; k++) {
      const w = own[h + k] * (other ? other[oh + k] : 1);
      s += w * experts[k];
      total += w;
    }
    return total > 0 ? s / total : 0;
  }

  /** The experts' weights (a view on the state). */
  get weights(): Float64Array {
    return this.#s.subarray(this.#h + WEIGHTS, this.#h + WEIGHTS + K);
  }

  remember(bucket: number, delta: number, scale: number, experts: Float64Array): void {
    const a = this.#s;
    const i = this.#issued + (bucket % this.#slots) * SLOT;
    a[i] = bucket;
    a[i + 1] = scale;
    a[i + 2] = delta;
    for (let k = 0; k < K; k++) a[i + 3 + k] = experts[k];
    a[i + LEAN] = 0;
  }

  /** The warning lean published on top of the change remembered for `bucket` (crossing.ts warningLean). */
  rememberLean(bucket: number, lean: number): void {
    const i = this.#issued + (bucket % this.#slots) * SLOT;
    if (this.#s[i] === bucket) this.#s[i + LEAN] = lean;
  }

  /** Scores what was issued in bucket `issueBucket` against the change that happened. */
  score(issueBucket: number, actualDelta: number): void {
    const s = this.#s;
    const h = this.#h;
    const a = Math.abs(actualDelta);
    // not a change any river makes (levels near the float limit): it would poison the typical move and evidence for good
    if (!(a < 1e9)) return;
    s[h + TYPICAL] += 0.002 * (Math.max(0.2, a) - s[h + TYPICAL]);
    const i = this.#issued + (issueBucket % this.#slots) * SLOT;
    if (s[i] !== issueBucket) return;
    const r = (actualDelta - s[i + 2]) / s[i + 1];
    this.lo.update(r, 1);
    this.hi.update(r, 1);
    // moving water as the benchmark's event skill counts it: a few typical moves, at least 2 cm
    // the record judges what was published (the lean included); the band, the model's own change
    if (s[h + N_SLOW] >= this.#o.halfTrustSteps) this.track.add(issueBucket * this.#o.bucketS * 1000, s[i + 2] + s[i + LEAN], actualDelta, Math.max(2, this.#o.movingFactor * s[h + TYPICAL]));
    // moving water counts fully, quiet water hardly: the experts are judged where forecasts matter
    const w = this.#o.expertRate * Math.min(1, a / (this.#o.movingFactor * s[h + TYPICAL]));
    if (w === 0) return;
    s[h + PRIOR] *= 1 - w;
    let best = Infinity;
    for (let k = 0; k < K; k++) {
      s[h + ERRORS + k] += w * (Math.abs(actualDelta - s[i + 3 + k]) - s[h + ERRORS + k]);
      best = Math.min(best, s[h + ERRORS + k]);
    }
    let total = 0;
    for (let k = 0; k < K; k++) {
      s[h + WEIGHTS + k] = (Math.max(1e-9, best) / Math.max(1e-9, s[h + ERRORS + k])) ** this.#o.expertPower;
      total += s[h + WEIGHTS + k];
    }
    for (let k = 0; k < K; k++) s[h + WEIGHTS + k] /= total;
  }

  /**
   * A copy of what it has learned from outcomes (the experts' weights and errors, the typical
   * move, the band's quantiles: the numbers before N_SLOW; both regressions; the track record) and
   * of the forecasts it issued still waiting for theirs (gauge.ts: what a sensor fault taught it is
   * taken back).
   */
  save(): Float64Array {
    const ring = this.#slots * SLOT;
    const [slow, fast] = [this.rls.save(), this.rlsFast.save()];
    const range = seenRangeFloats(this.#d);
    const out = new Float64Array(N_SLOW + ring + slow.length + fast.length + range + TrackRecord.savedFloats);
    out.set(this.#s.subarray(this.#h, this.#h + N_SLOW), 0);
    out.set(this.#s.subarray(this.#issued, this.#issued + ring), N_SLOW);
    out.set(slow, N_SLOW + ring);
    out.set(fast, N_SLOW + ring + slow.length);
    out.set(this.#s.subarray(this.#range, this.#range + range), N_SLOW + ring + 2 * slow.length);
    this.track.save(out, out.length - TrackRecord.savedFloats);
    return out;
  }

  /**
   * Goes back to a copy from `save`. The forecasts issued since are forgotten with the rest: they
   * stood on readings since found false, and scored against the repaired history they would teach
   * the band and the experts errors the water never made; the ones from before are back in their
   * slots (a forecast issued since may have taken one), to be scored against the repaired history.
   */
  load(saved: Float64Array): void {
    const ring = this.#slots * SLOT;
    // a saved regression: its count, weights and P (Rls.save), without the scratch P·x
    const n = rlsFloats(this.#d) - this.#d;
    const range = N_SLOW + ring + 2 * n;
    this.#s.set(saved.subarray(0, N_SLOW), this.#h);
    this.#s.set(saved.subarray(N_SLOW, N_SLOW + ring), this.#issued);
    this.rls.load(saved.subarray(N_SLOW + ring, N_SLOW + ring + n));
    this.rlsFast.load(saved.subarray(N_SLOW + ring + n, range));
    this.#s.set(saved.subarray(range, range + seenRangeFloats(this.#d)), this.#range);
    this.track.load(saved, saved.length - TrackRecord.savedFloats);
  }

  get bytes(): number {
    // counted as when the weights, errors and ring were three arrays (the typical move in the 96)
    return this.rls.bytes + this.rlsFast.bytes + 8 * (2 * K + this.#slots * SLOT + seenRangeFloats(this.#d)) + 96 + TrackRecord.bytes;
  }
}
