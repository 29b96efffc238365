/**
 * Online quantile of a stream (stochastic approximation): q moves up by η·τ when a value lands
 * above it and down by η·(1 − τ) when below, so it settles where a fraction τ lies below. The step
 * η is relative to the stream's running mean absolute value, which makes it scale-free.
 * q lives at `store[at]` (HorizonModel keeps it beside its other per-reading state), by default
 * in an array of its own.
 */
export class OnlineQuantile {
  readonly #tau: number;
  readonly #rate: number;
  readonly #a: Float64Array;
  readonly #at: number;

  constructor(tau: number, initial: number, rate = 0.02, store?: Float64Array, at = 0) {
    this.#tau = tau;
    this.#rate = rate;
    this.#a = store ?? new Float64Array(1);
    this.#at = store ? at : 0;
    this.#a[this.#at] = initial;
  }

  get q(): number {
    return this.#a[this.#at];
  }

  update(x: number, scale: number): void {
    const step = this.#rate * scale;
    const q = this.#a[this.#at];
    this.#a[this.#at] = q + (x > q ? step * this.#tau : -step * (1 - this.#tau));
  }
}
