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
  readonly #issued: Float64Array;
  readonly #slots: number;
  /** Running mean absolute error of each expert on moving water (cm). */
  readonly #expertErr = new Float64Array(K).fill(1);
  readonly #weights = new Float64Array(K).fill(1 / K);
  /** Running mean |change over h| of the gauge: the band's floor scale and the "moving water" yardstick (cm). */
  typicalMove = 1;

  readonly #o: Readonly<ForecasterOptions>;

  constructor(hMin: number, d: number, o: Readonly<ForecasterOptions>) {
    [this.hMin, this.#o] = [hMin, o];
    const bucketMs = o.bucketS * 1000;
    const coverage = o.bandCoverage;
    this.rls = new Rls(d, o.forgetting);
    this.rlsFast = new Rls(d, o.fastForgetting);
    this.#slots = Math.ceil((hMin * MIN_MS) / bucketMs) + 2;
    this.#issued = new Float64Array(this.#slots * SLOT).fill(Number.NaN);
    const tail = (1 - coverage) / 2;
    this.lo = new OnlineQuantile(tail, -2);
    this.hi = new OnlineQuantile(1 - tail, 2);
  }

  /** The scale the band is expressed in: the gauge's typical move plus the forecast move itself. */
  scale(delta: number, recentMove: number): number {
    return this.typicalMove + Math.abs(delta) + 0.5 * Math.abs(recentMove);
  }

  /**
   * The experts' changes (order of EXPERTS) blended by their recent accuracy. A longer horizon
   * learns of its experts' errors only h later; `sooner` (the internal 10-min model) has judged the
   * same kinds of expert more recently, and its weights multiply in: faster switching within a flood.
   */
  combine(experts: Float64Array, sooner?: HorizonModel): number {
    let [s, total] = [0, 0];
    for (let k = 0; k < K; k++) {
      const w = this.#weights[k] * (sooner ? sooner.#weights[k] : 1);
      s += w * experts[k];
      total += w;
    }
    return total > 0 ? s / total : 0;
  }

  get weights(): Float64Array {
    return this.#weights;
  }

  remember(bucket: number, delta: number, scale: number, experts: Float64Array): void {
    const i = (bucket % this.#slots) * SLOT;
    this.#issued[i] = bucket;
    this.#issued[i + 1] = scale;
    this.#issued[i + 2] = delta;
    for (let k = 0; k < K; k++) this.#issued[i + 3 + k] = experts[k];
  }

  /** Scores what was issued in bucket `issueBucket` against the change that happened. */
  score(issueBucket: number, actualDelta: number): void {
    const a = Math.abs(actualDelta);
    this.typicalMove += 0.002 * (Math.max(0.2, a) - this.typicalMove);
    const i = (issueBucket % this.#slots) * SLOT;
    if (this.#issued[i] !== issueBucket) return;
    const r = (actualDelta - this.#issued[i + 2]) / this.#issued[i + 1];
    this.lo.update(r, 1);
    this.hi.update(r, 1);
    // moving water counts fully, quiet water hardly: the experts are judged where forecasts matter
    const w = this.#o.expertRate * Math.min(1, a / (this.#o.movingFactor * this.typicalMove));
    if (w === 0) return;
    let best = Infinity;
    for (let k = 0; k < K; k++) {
      this.#expertErr[k] += w * (Math.abs(actualDelta - this.#issued[i + 3 + k]) - this.#expertErr[k]);
      best = Math.min(best, this.#expertErr[k]);
    }
    let total = 0;
    for (let k = 0; k < K; k++) {
      this.#weights[k] = (Math.max(1e-9, best) / Math.max(1e-9, this.#expertErr[k])) ** this.#o.expertPower;
      total += this.#weights[k];
    }
    for (let k = 0; k < K; k++) this.#weights[k] /= total;
  }

  get bytes(): number {
    return this.rls.bytes + this.rlsFast.bytes + this.#issued.byteLength + this.#expertErr.byteLength + this.#weights.byteLength + 96;
  }
}
