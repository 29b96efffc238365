/**
 * Online quantile of a stream (stochastic approximation): q moves up by η·τ when a value lands
 * above it and down by η·(1 − τ) when below, so it settles where a fraction τ lies below. The step
 * η is relative to the stream's running mean absolute value, which makes it scale-free.
 */
export class OnlineQuantile {
  q: number;
  readonly #tau: number;
  readonly #rate: number;

  constructor(tau: number, initial: number, rate = 0.02) {
    this.#tau = tau;
    this.q = initial;
    this.#rate = rate;
  }

  update(x: number, scale: number): void {
    const step = this.#rate * scale;
    this.q += x > this.q ? step * this.#tau : -step * (1 - this.#tau);
  }
}
