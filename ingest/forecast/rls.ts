/**
 * Recursive least squares with exponential forgetting, in place on flat typed arrays.
 * Windup guard: a feature that stays zero for weeks (no rain, a flat or silent gauge) would
 * inflate its P entries by 1/λ per step until they overflow; each diagonal entry is held under
 * the start value by scaling its row and column (P ← D·P·D, which keeps P positive definite)
 * while the excited directions forget normally.
 */

/** Where an Rls keeps its numbers in a caller's array (see RlsLayout.own for its own array). */
export interface RlsLayout {
  store: Float64Array;
  /** Offsets of the update count (1), the weights (d), the scratch P·x (d) and P (d × d). */
  n: number;
  w: number;
  px: number;
  p: number;
}

/** Floats an Rls of d features keeps: the count, the weights, P·x and P. */
export function rlsFloats(d: number): number {
  return 1 + 2 * d + d * d;
}

/** The dot product of the weights at `a[w …]` with x (in this order: the prediction). */
export function rlsPredict(a: Float64Array, w: number, x: Float64Array, d: number): number {
  let s = 0;
  for (let i = 0; i < d; i++) s += a[w + i] * x[i];
  return s;
}

export class Rls {
  /** The weights: a view on the store (live). */
  readonly w: Float64Array;
  readonly #a: Float64Array;
  readonly #n: number;
  readonly #w: number;
  readonly #px: number;
  readonly #p: number;
  readonly #d: number;
  readonly #lambda: number;
  readonly #pMax: number;

  /**
   * `layout`: where its numbers live in a caller's array (HorizonModel keeps both of its
   * regressions beside its other per-reading state: one object fewer to reach per reading); by
   * default an array of its own.
   */
  constructor(d: number, lambda: number, p0 = 100, layout?: RlsLayout) {
    const l = layout ?? { store: new Float64Array(rlsFloats(d)), n: 0, w: 1, px: 1 + d, p: 1 + 2 * d };
    [this.#a, this.#n, this.#w, this.#px, this.#p] = [l.store, l.n, l.w, l.px, l.p];
    this.#d = d;
    this.#lambda = lambda;
    this.w = l.store.subarray(l.w, l.w + d);
    // a caller's array may hold anything there (HorizonModel fills its ring with NaN): start clean
    this.#a[this.#n] = 0;
    this.#a.fill(0, this.#w, this.#w + d);
    this.#a.fill(0, this.#px, this.#px + d);
    this.#a.fill(0, this.#p, this.#p + d * d);
    for (let i = 0; i < d; i++) this.#a[this.#p + i * d + i] = p0;
    this.#pMax = p0;
  }

  /** Updates so far (trust grows with it). */
  get n(): number {
    return this.#a[this.#n];
  }

  predict(x: Float64Array): number {
    return rlsPredict(this.#a, this.#w, x, this.#d);
  }

  /** One observation: x → y. Returns the a-priori error (y minus the prediction before the update). */
  update(x: Float64Array, y: number, lambdaOverride?: number): number {
    const d = this.#d;
    const a = this.#a;
    const p = this.#p;
    const px = this.#px;
    const w = this.#w;
    const lambda = lambdaOverride ?? this.#lambda;
    let denom = lambda;
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += a[p + i * d + j] * x[j];
      a[px + i] = s;
      denom += x[i] * s;
    }
    const err = y - this.predict(x);
    if (!(denom > 1e-12) || !Number.isFinite(err)) return 0;
    const inflate = 1 / lambda;
    // P stays symmetric: update the upper triangle and mirror it (half the work)
    for (let i = 0; i < d; i++) {
      const gi = a[px + i] / denom;
      a[w + i] += gi * err;
      for (let j = i; j < d; j++) {
        const v = (a[p + i * d + j] - gi * a[px + j]) * inflate;
        a[p + i * d + j] = v;
        a[p + j * d + i] = v;
      }
    }
    this.#bound();
    a[this.#n]++;
    return err;
  }

  /** A copy of its state (count, weights, P), to go back to (gauge.ts: a fault it learned from is taken out). */
  save(): Float64Array {
    const d = this.#d;
    const out = new Float64Array(1 + d + d * d);
    out[0] = this.#a[this.#n];
    out.set(this.#a.subarray(this.#w, this.#w + d), 1);
    out.set(this.#a.subarray(this.#p, this.#p + d * d), 1 + d);
    return out;
  }

  /** Goes back to a state from `save`. */
  load(saved: Float64Array): void {
    const d = this.#d;
    this.#a[this.#n] = saved[0];
    this.#a.set(saved.subarray(1, 1 + d), this.#w);
    this.#a.set(saved.subarray(1 + d), this.#p);
  }

  #bound(): void {
    const d = this.#d;
    const a = this.#a;
    const p = this.#p;
    const s = this.#px;
    let any = false;
    for (let i = 0; i < d; i++) {
      const pii = a[p + i * d + i];
      a[s + i] = pii > this.#pMax ? Math.sqrt(this.#pMax / pii) : 1;
      if (a[s + i] !== 1) any = true;
    }
    if (!any) return;
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) a[p + i * d + j] *= a[s + i] * a[s + j];
  }

  get bytes(): number {
    // the weights, P·x and P (the count and the object in the 64)
    return 8 * (2 * this.#d + this.#d * this.#d) + 64;
  }
}
