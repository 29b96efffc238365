/**
 * The analog expert's memory: past situations of one gauge (its feature vector at an issue time)
 * with the changes that followed over each lead time. A forecast is the kernel-weighted mean
 * change of the k situations nearest to the present one: a nonlinear model (a response that
 * depends on the level, a threshold where the river leaves its bed) the linear regressions
 * cannot be. Fixed size (Float32Array), so the state per gauge stays bounded.
 *
 * Which situations are kept: when the memory is full, the most redundant entry goes (the one
 * nearest to another entry): quiet water, hours of nearly the same situation, collapses to a few
 * entries, while the rare situations of past floods, far from everything else, stay. A new
 * situation that is itself the most redundant replaces its nearest neighbour (same situation,
 * newer outcome: a river's response drifts with its bed and vegetation).
 *
 * Off by default (`analogMemory: 0`): on the shared split it added ≤ 0.003 event skill per river
 * at 2–3× the CPU (README.md, tried list); it needs more past floods per gauge than four weeks hold.
 */
export class AnalogMemory {
  readonly dim: number;
  readonly capacity: number;
  readonly outputs: number;
  readonly #x: Float32Array;
  readonly #y: Float32Array;
  /** Per entry: squared (scaled) distance to its nearest other entry, and which entry that is. */
  readonly #nn2: Float32Array;
  readonly #nnIdx: Int32Array;
  /** Per entry: when it was written (insertions so far), so of two near-duplicates the older goes. */
  readonly #stamp: Int32Array;
  #inserted = 0;
  /** Per feature: 1 / its spread over the entries held (distances in units of each feature's spread). */
  readonly #inv: Float64Array;
  readonly #dist: Float64Array;
  readonly #best: Int32Array;
  #count = 0;

  constructor(dim: number, capacity: number, outputs: number, maxK: number) {
    [this.dim, this.capacity, this.outputs] = [dim, capacity, outputs];
    this.#x = new Float32Array(capacity * dim);
    this.#y = new Float32Array(capacity * outputs);
    this.#nn2 = new Float32Array(capacity).fill(Infinity);
    this.#nnIdx = new Int32Array(capacity).fill(-1);
    this.#stamp = new Int32Array(capacity);
    this.#inv = new Float64Array(dim).fill(1);
    this.#dist = new Float64Array(capacity);
    this.#best = new Int32Array(maxK + 1);
  }

  get count(): number {
    return this.#count;
  }

  /**
   * Fills `out` (one value per output) with the kernel-weighted mean outcome of the `k` entries
   * nearest to `x`. Tricube weights on the distance relative to the (k+1)-th nearest: smooth,
   * vanishing at the edge of the neighbourhood, so the forecast does not jump when the set of
   * neighbours changes. Returns false (out untouched) while fewer than k entries are held.
   */
  predict(x: ArrayLike<number>, k: number, out: Float64Array): boolean {
    if (this.#count < k) return false;
    const n = Math.min(k + 1, this.#count);
    this.#distances(x);
    const best = this.#nearest(n);
    const band = this.#dist[best[n - 1]];
    out.fill(0, 0, this.outputs);
    let total = 0;
    for (let i = 0; i < Math.min(k, n); i++) {
      const j = best[i];
      const u = band > 0 ? Math.sqrt(this.#dist[j] / band) : 0;
      const w = u < 1 ? (1 - u * u * u) ** 3 : 0;
      total += w;
      for (let o = 0; o < this.outputs; o++) out[o] += w * this.#y[j * this.outputs + o];
    }
    if (!(total > 0)) return false;
    for (let o = 0; o < this.outputs; o++) out[o] /= total;
    return true;
  }

  /** Adds a situation and the changes that followed it; when full, the most redundant entry makes room. */
  insert(x: ArrayLike<number>, y: ArrayLike<number>): void {
    const c = this.#count;
    this.#distances(x);
    let [near, near2] = [-1, Infinity];
    for (let j = 0; j < c; j++) if (this.#dist[j] < near2) [near, near2] = [j, this.#dist[j]];
    let slot: number;
    if (c < this.capacity) {
      slot = this.#count++;
    } else {
      let victim = 0;
      for (let j = 1; j < c; j++) if (this.#nn2[j] < this.#nn2[victim]) victim = j;
      const pair = this.#nnIdx[victim];
      if (pair >= 0 && this.#nn2[pair] === this.#nn2[victim] && this.#stamp[pair] < this.#stamp[victim]) victim = pair;
      // the newcomer closer to its neighbour than any pair held: it replaces that neighbour
      slot = near2 <= this.#nn2[victim] ? near : victim;
      this.#dist[slot] = Infinity;
    }
    this.#write(slot, x, y);
    this.#stamp[slot] = this.#inserted++;
    this.#nn2[slot] = Infinity;
    this.#nnIdx[slot] = -1;
    for (let j = 0; j < this.#count; j++) {
      if (j === slot) continue;
      const d = this.#dist[j];
      if (d < this.#nn2[slot]) [this.#nn2[slot], this.#nnIdx[slot]] = [d, j];
      if (d < this.#nn2[j]) [this.#nn2[j], this.#nnIdx[j]] = [d, slot];
      else if (this.#nnIdx[j] === slot) this.#relink(j);
    }
    if (this.#count === this.capacity || this.#count % 16 === 0) this.#rescale();
  }

  /** Entry j's nearest neighbour was replaced: find its new one. */
  #relink(j: number): void {
    const [dim, xs, inv] = [this.dim, this.#x, this.#inv];
    let [best, bestD] = [-1, Infinity];
    for (let i = 0; i < this.#count; i++) {
      if (i === j) continue;
      let s = 0;
      for (let f = 0; f < dim; f++) {
        const v = (xs[i * dim + f] - xs[j * dim + f]) * inv[f];
        s += v * v;
      }
      if (s < bestD) [best, bestD] = [i, s];
    }
    [this.#nn2[j], this.#nnIdx[j]] = [bestD, best];
  }

  #write(slot: number, x: ArrayLike<number>, y: ArrayLike<number>): void {
    for (let f = 0; f < this.dim; f++) this.#x[slot * this.dim + f] = x[f];
    for (let o = 0; o < this.outputs; o++) this.#y[slot * this.outputs + o] = y[o];
  }

  /** Squared scaled distance from x to every entry, into #dist. */
  #distances(x: ArrayLike<number>): void {
    const [dim, xs, inv, dist] = [this.dim, this.#x, this.#inv, this.#dist];
    for (let j = 0; j < this.#count; j++) {
      let s = 0;
      const base = j * dim;
      for (let f = 0; f < dim; f++) {
        const v = (xs[base + f] - x[f]) * inv[f];
        s += v * v;
      }
      dist[j] = s;
    }
  }

  /** Indices of the n smallest distances, nearest first (insertion into a short sorted list). */
  #nearest(n: number): Int32Array {
    const [best, dist] = [this.#best, this.#dist];
    let m = 0;
    for (let j = 0; j < this.#count; j++) {
      const d = dist[j];
      if (m === n && d >= dist[best[n - 1]]) continue;
      let i = m < n ? m++ : n - 1;
      while (i > 0 && dist[best[i - 1]] > d) {
        best[i] = best[i - 1];
        i--;
      }
      best[i] = j;
    }
    return best;
  }

  /**
   * Each feature's spread (root mean square deviation) over the entries held: the memory's own
   * situations say what counts as near in each feature. Neighbour distances kept from before are
   * left as they are (they only rank entries for eviction).
   */
  #rescale(): void {
    const [dim, xs, c] = [this.dim, this.#x, this.#count];
    for (let f = 0; f < dim; f++) {
      let [s, s2] = [0, 0];
      for (let j = 0; j < c; j++) {
        const v = xs[j * dim + f];
        s += v;
        s2 += v * v;
      }
      const variance = s2 / c - (s / c) ** 2;
      this.#inv[f] = variance > 1e-12 ? 1 / Math.sqrt(variance) : 1;
    }
  }

  get bytes(): number {
    return this.#x.byteLength + this.#y.byteLength + this.#nn2.byteLength + this.#nnIdx.byteLength + this.#stamp.byteLength + this.#inv.byteLength + this.#dist.byteLength + this.#best.byteLength + 64;
  }
}
