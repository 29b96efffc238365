import { OnlineQuantile } from './quantile';
import { Rls } from './rls';

const MIN_MS = 60_000;

/**
 * The direct model of one lead time: RLS on the features predicting the change over `h`, the
 * forecasts it issued (a ring indexed by bucket, to score them once the outcome is known), and
 * the band: online quantiles of its own past errors divided by a scale of the moment.
 */
export class HorizonModel {
  readonly hMin: number;
  readonly rls: Rls;
  readonly lo: OnlineQuantile;
  readonly hi: OnlineQuantile;
  /** Issued change, its scale and its bucket number, per bucket in the ring. */
  readonly #issued: Float64Array;
  readonly #slots: number;
  /** Running mean |change over h| of the gauge: the band's floor scale (cm). */
  typicalMove = 1;
  /** Running mean absolute error of the model and of persistence on its issued forecasts (cm). */
  errModel = 0;
  errPersistence = 0;

  constructor(hMin: number, d: number, lambda: number, bucketMs: number, coverage: number) {
    this.hMin = hMin;
    this.rls = new Rls(d, lambda);
    this.#slots = Math.ceil((hMin * MIN_MS) / bucketMs) + 2;
    this.#issued = new Float64Array(this.#slots * 3).fill(Number.NaN);
    const tail = (1 - coverage) / 2;
    this.lo = new OnlineQuantile(tail, -2);
    this.hi = new OnlineQuantile(1 - tail, 2);
  }

  /** The scale the band is expressed in: the gauge's typical move plus the forecast move itself. */
  scale(delta: number, recentMove: number): number {
    return this.typicalMove + Math.abs(delta) + 0.5 * Math.abs(recentMove);
  }

  remember(bucket: number, delta: number, scale: number): void {
    const i = (bucket % this.#slots) * 3;
    this.#issued[i] = delta;
    this.#issued[i + 1] = scale;
    this.#issued[i + 2] = bucket;
  }

  /** Scores the forecast issued in bucket `issueBucket` against the change that happened. */
  score(issueBucket: number, actualDelta: number): void {
    const a = Math.abs(actualDelta);
    this.typicalMove += 0.002 * (Math.max(0.2, a) - this.typicalMove);
    const i = (issueBucket % this.#slots) * 3;
    if (this.#issued[i + 2] !== issueBucket) return;
    const [delta, scale] = [this.#issued[i], this.#issued[i + 1]];
    const err = actualDelta - delta;
    this.errModel += 0.01 * (Math.abs(err) - this.errModel);
    this.errPersistence += 0.01 * (a - this.errPersistence);
    const r = err / scale;
    this.lo.update(r, 1);
    this.hi.update(r, 1);
  }

  get bytes(): number {
    return this.rls.bytes + this.#issued.byteLength + 96;
  }
}
