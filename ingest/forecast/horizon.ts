import type { ForecasterOptions } from './options';
import { OnlineQuantile } from './quantile';
import { Rls, rlsPredict } from './rls';

const MIN_MS = 60_000;

/**
 * Experts combined per horizon: the learned RLS, the straight line through the last 30 min, half
 * of it, and persistence. Which one holds up differs between rivers (a flashy mountain stream,
 * a slow lowland reach), so each gauge weighs them by their own recent errors on moving water.
 */
export const EXPERTS = ['rls', 'trend', 'half-trend', 'persistence', 'trend10', 'trend60', 'rls-fast'] as const;
const K = EXPERTS.length;
/** Slot layout in the issued ring: bucket, scale, combined change, then one change per expert. */
const SLOT = 3 + K;
/**
 * Layout of a model's one state array: the experts' weights, their running errors, the typical
 * move, the band's two quantiles, the two regressions' counts and weights (each d), then the
 * issued ring, then what only training reads (the regressions' P·x and P). One array, not eleven
 * objects: every reading reads the weights, the quantiles and the regressions and writes a slot
 * of the ring, and at thousands of gauges each separate object was another cache miss.
 */
const WEIGHTS = 0;
const ERRORS = K;
const TYPICAL = 2 * K;
const LO = TYPICAL + 1;
const HI = TYPICAL + 2;
const N_SLOW = TYPICAL + 3;
const N_FAST = TYPICAL + 4;
const W_SLOW = TYPICAL + 5;

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
  /**
   * Weights, running mean absolute error of each expert on moving water (cm), the typical move,
   * the quantiles, the regressions and the issued ring (see WEIGHTS … W_SLOW).
   */
  readonly #s: Float64Array;
  readonly #slots: number;
  readonly #d: number;
  /** Offsets in #s: the fast regression's weights, the issued ring. */
  readonly #wFast: number;
  readonly #issued: number;

  readonly #o: Readonly<ForecasterOptions>;

  constructor(hMin: number, d: number, o: Readonly<ForecasterOptions>) {
    [this.hMin, this.#o] = [hMin, o];
    const bucketMs = o.bucketS * 1000;
    const coverage = o.bandCoverage;
    this.#slots = Math.ceil((hMin * MIN_MS) / bucketMs) + 2;
    this.#d = d;
    this.#wFast = W_SLOW + d;
    this.#issued = W_SLOW + 2 * d;
    const pxSlow = this.#issued + this.#slots * SLOT;
    const s = (this.#s = new Float64Array(pxSlow + 2 * d + 2 * d * d).fill(Number.NaN));
    s.fill(1 / K, WEIGHTS, WEIGHTS + K);
    s.fill(1, ERRORS, ERRORS + K);
    s[TYPICAL] = 1;
    this.rls = new Rls(d, o.forgetting, undefined, { store: s, n: N_SLOW, w: W_SLOW, px: pxSlow, p: pxSlow + 2 * d });
    this.rlsFast = new Rls(d, o.fastForgetting, undefined, { store: s, n: N_FAST, w: this.#wFast, px: pxSlow + d, p: pxSlow + 2 * d + d * d });
    const tail = (1 - coverage) / 2;
    this.lo = new OnlineQuantile(tail, -2, undefined, s, LO);
    this.hi = new OnlineQuantile(1 - tail, 2, undefined, s, HI);
  }

  /** Running mean |change over h| of the gauge: the band's floor scale and the "moving water" yardstick (cm). */
  get typicalMove(): number {
    return this.#s[TYPICAL];
  }

  /** The slow regression's updates so far (= rls.n, read here without reaching the Rls). */
  get updates(): number {
    return this.#s[N_SLOW];
  }

  /** The band's quantiles of past errors (= lo.q, hi.q). */
  get loQ(): number {
    return this.#s[LO];
  }

  get hiQ(): number {
    return this.#s[HI];
  }

  /** The slow regression's weight i (= rls.w[i]). */
  slowWeight(i: number): number {
    return this.#s[W_SLOW + i];
  }

  /** The slow and the fast regression's predictions (= rls.predict(x), rlsFast.predict(x)). */
  predict(x: Float64Array): number {
    return rlsPredict(this.#s, W_SLOW, x, this.#d);
  }

  predictFast(x: Float64Array): number {
    return rlsPredict(this.#s, this.#wFast, x, this.#d);
  }

  /** The scale the band is expressed in: the gauge's typical move plus the forecast move itself. */
  scale(delta: number, recentMove: number): number {
    return this.#s[TYPICAL] + Math.abs(delta) + 0.5 * Math.abs(recentMove);
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
    const other = sooner ? sooner.#s : null;
    for (let k = 0; k < K; k++) {
      const w = own[WEIGHTS + k] * (other ? other[WEIGHTS + k] : 1);
      s += w * experts[k];
      total += w;
    }
    return total > 0 ? s / total : 0;
  }

  /** The experts' weights (a view on the state). */
  get weights(): Float64Array {
    return this.#s.subarray(WEIGHTS, WEIGHTS + K);
  }

  remember(bucket: number, delta: number, scale: number, experts: Float64Array): void {
    const a = this.#s;
    const i = this.#issued + (bucket % this.#slots) * SLOT;
    a[i] = bucket;
    a[i + 1] = scale;
    a[i + 2] = delta;
    for (let k = 0; k < K; k++) a[i + 3 + k] = experts[k];
  }

  /** Scores what was issued in bucket `issueBucket` against the change that happened. */
  score(issueBucket: number, actualDelta: number): void {
    const s = this.#s;
    const a = Math.abs(actualDelta);
    s[TYPICAL] += 0.002 * (Math.max(0.2, a) - s[TYPICAL]);
    const i = this.#issued + (issueBucket % this.#slots) * SLOT;
    if (s[i] !== issueBucket) return;
    const r = (actualDelta - s[i + 2]) / s[i + 1];
    this.lo.update(r, 1);
    this.hi.update(r, 1);
    // moving water counts fully, quiet water hardly: the experts are judged where forecasts matter
    const w = this.#o.expertRate * Math.min(1, a / (this.#o.movingFactor * s[TYPICAL]));
    if (w === 0) return;
    let best = Infinity;
    for (let k = 0; k < K; k++) {
      s[ERRORS + k] += w * (Math.abs(actualDelta - s[i + 3 + k]) - s[ERRORS + k]);
      best = Math.min(best, s[ERRORS + k]);
    }
    let total = 0;
    for (let k = 0; k < K; k++) {
      s[WEIGHTS + k] = (Math.max(1e-9, best) / Math.max(1e-9, s[ERRORS + k])) ** this.#o.expertPower;
      total += s[WEIGHTS + k];
    }
    for (let k = 0; k < K; k++) s[WEIGHTS + k] /= total;
  }

  get bytes(): number {
    // counted as when the weights, errors and ring were three arrays (the typical move in the 96)
    return this.rls.bytes + this.rlsFast.bytes + 8 * (2 * K + this.#slots * SLOT) + 96;
  }
}
