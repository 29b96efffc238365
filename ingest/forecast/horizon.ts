import type { ForecasterOptions } from './options';
import { OnlineQuantile } from './quantile';
import { Rls } from './rls';

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
 * move, then the issued ring. One array, not four: every reading reads the weights and writes a
 * slot of the ring, and at thousands of gauges each separate object is another cache miss.
 */
const WEIGHTS = 0;
const ERRORS = K;
const TYPICAL = 2 * K;
const ISSUED = 2 * K + 1;

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
   * Weights, running mean absolute error of each expert on moving water (cm), the typical move and
   * the issued ring (see WEIGHTS … ISSUED).
   */
  readonly #s: Float64Array;
  readonly #slots: number;

  readonly #o: Readonly<ForecasterOptions>;

  constructor(hMin: number, d: number, o: Readonly<ForecasterOptions>) {
    [this.hMin, this.#o] = [hMin, o];
    const bucketMs = o.bucketS * 1000;
    const coverage = o.bandCoverage;
    this.rls = new Rls(d, o.forgetting);
    this.rlsFast = new Rls(d, o.fastForgetting);
    this.#slots = Math.ceil((hMin * MIN_MS) / bucketMs) + 2;
    this.#s = new Float64Array(ISSUED + this.#slots * SLOT).fill(Number.NaN);
    this.#s.fill(1 / K, WEIGHTS, WEIGHTS + K);
    this.#s.fill(1, ERRORS, ERRORS + K);
    this.#s[TYPICAL] = 1;
    const tail = (1 - coverage) / 2;
    this.lo = new OnlineQuantile(tail, -2);
    this.hi = new OnlineQuantile(1 - tail, 2);
  }

  /** Running mean |change over h| of the gauge: the band's floor scale and the "moving water" yardstick (cm). */
  get typicalMove(): number {
    return this.#s[TYPICAL];
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
    const i = ISSUED + (bucket % this.#slots) * SLOT;
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
    const i = ISSUED + (issueBucket % this.#slots) * SLOT;
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
    // the weights, errors and ring as when they were three arrays (the typical move is in the 96)
    return this.rls.bytes + this.rlsFast.bytes + (this.#s.byteLength - 8) + 96;
  }
}
