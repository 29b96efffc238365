/**
 * Recursive least squares with exponential forgetting, in place on flat typed arrays.
 * Windup guard: a feature that stays zero for weeks (no rain, a flat or silent gauge) would
 * inflate its P entries by 1/λ per step until they overflow; each diagonal entry is held under
 * the start value by scaling its row and column (P ← D·P·D, which keeps P positive definite)
 * while the excited directions forget normally.
 */
export class Rls {
  readonly w: Float64Array;
  readonly #p: Float64Array;
  readonly #px: Float64Array;
  readonly #d: number;
  readonly #lambda: number;
  readonly #pMax: number;
  /** Updates so far (trust grows with it). */
  n = 0;

  constructor(d: number, lambda: number, p0 = 100) {
    this.#d = d;
    this.#lambda = lambda;
    this.w = new Float64Array(d);
    this.#p = new Float64Array(d * d);
    this.#px = new Float64Array(d);
    for (let i = 0; i < d; i++) this.#p[i * d + i] = p0;
    this.#pMax = p0;
  }

  predict(x: Float64Array): number {
    let s = 0;
    for (let i = 0; i < this.#d; i++) s += this.w[i] * x[i];
    return s;
  }

  /** One observation: x → y. Returns the a-priori error (y minus the prediction before the update). */
  update(x: Float64Array, y: number, lambdaOverride?: number): number {
    const d = this.#d;
    const p = this.#p;
    const px = this.#px;
    const lambda = lambdaOverride ?? this.#lambda;
    let denom = lambda;
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += p[i * d + j] * x[j];
      px[i] = s;
      denom += x[i] * s;
    }
    const err = y - this.predict(x);
    if (!(denom > 1e-12) || !Number.isFinite(err)) return 0;
    const inflate = 1 / lambda;
    // P stays symmetric: update the upper triangle and mirror it (half the work)
    for (let i = 0; i < d; i++) {
      const gi = px[i] / denom;
      this.w[i] += gi * err;
      for (let j = i; j < d; j++) {
        const v = (p[i * d + j] - gi * px[j]) * inflate;
        p[i * d + j] = v;
        p[j * d + i] = v;
      }
    }
    this.#bound();
    this.n++;
    return err;
  }

  #bound(): void {
    const d = this.#d;
    const p = this.#p;
    const s = this.#px;
    let any = false;
    for (let i = 0; i < d; i++) {
      const pii = p[i * d + i];
      s[i] = pii > this.#pMax ? Math.sqrt(this.#pMax / pii) : 1;
      if (s[i] !== 1) any = true;
    }
    if (!any) return;
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) p[i * d + j] *= s[i] * s[j];
  }

  get bytes(): number {
    return this.w.byteLength + this.#p.byteLength + this.#px.byteLength + 64;
  }
}
