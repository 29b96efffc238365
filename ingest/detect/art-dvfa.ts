/**
 * A distributed-vigilance fuzzy ART (DVFA) over complement-coded feature vectors, as ARTime uses
 * it (ingest/detect/README.md): every category is a fuzzy box (a learnt minimum of the samples it
 * took); a sample's match with a category is feature similarity³ × energy similarity², where
 * feature similarity = |x ∧ w| ÷ |w| over all dimensions and energy similarity is the same over
 * one dimension pair (the newest level and its complement). Two vigilances:
 * - match ≥ upper: the sample resonates; every such category learns it (w ← x ∧ w, fast learning);
 * - else best match ≥ lower: the sample is committed as a new category of a known cluster;
 * - else: a new category of a new cluster, the event ARTime reports as an anomaly.
 *
 * Written from a reading of the algorithm, not from its code. Deviations, both for bounded state:
 * vectors are quantised to 1/240 in bytes (levels of 1/80 stay exact, and x ∧ w is exact on
 * bytes), and at most `capacity` categories are kept (ARTime's list grows without bound: 816 on
 * one NAB file): when full, the best-matching category widens to take the sample (w ← x ∧ w)
 * instead of a new one being made. Replacing the least recently used one instead forgot patterns
 * that then came back as "new" (NAB, 48 categories: 68.3 against 73.6; README.md).
 */

/** Quantisation of feature values in [0, 1]: 240 = 3 × 80, so 1/80 levels are exact. */
export const ART_Q = 240;

export interface DvfaResult {
  /** True when no category came within the lower vigilance: a new cluster was made. */
  newCluster: boolean;
  /** Best match (similarity) of the sample with any category before learning; 0 when none. */
  match: number;
  /** That category's energy similarity. */
  energy: number;
}

/** Where a DVFA's numbers live: a byte view (of a slab). */
export interface DvfaViews {
  readonly u8: Uint8Array;
}

/** Scratch for matches, recomputed per sample: not state. */
let scratch = new Float64Array(64);

export class Dvfa {
  /** Half the stored width: the feature dimension (the complement follows it). */
  readonly dim: number;
  readonly capacity: number;
  lower = 0;
  upper = 0;
  count = 0;
  readonly #w: Uint8Array;
  /** Where this DVFA's weights start in #w. */
  readonly #wb: number;
  readonly result: DvfaResult = { newCluster: false, match: 0, energy: 0 };

  /** `byteOffset` in `views` holds Dvfa.bytes(dim, capacity) zeroed bytes; own buffer if none. */
  constructor(dim: number, capacity: number, views?: DvfaViews, byteOffset = 0) {
    this.dim = dim;
    this.capacity = capacity;
    this.#w = views?.u8 ?? new Uint8Array(Dvfa.bytes(dim, capacity));
    this.#wb = byteOffset;
    if (scratch.length < capacity) scratch = new Float64Array(capacity);
  }

  /** Bytes of state for `capacity` categories of `dim` features (and their complements). */
  static bytes(dim: number, capacity: number): number {
    return capacity * 2 * dim;
  }

  /**
   * Present one sample (`x`: dim bytes, values × ART_Q). With `learn` false only the match is
   * measured. The first sample ever only creates the all-ones category (the uncommitted node).
   */
  train(x: Uint8Array, learn = true): DvfaResult {
    const r = this.result;
    r.newCluster = false;
    r.match = 0;
    r.energy = 0;
    if (this.count === 0) {
      this.#w.fill(ART_Q, this.#wb, this.#wb + 2 * this.dim);
      this.count = 1;
      return r;
    }
    let best = -1;
    for (let j = 0; j < this.count; j++) {
      const m = this.#measure(x, j);
      scratch[j] = m;
      if (m > r.match) [r.match, best] = [m, j];
    }
    if (best >= 0) r.energy = this.#energy(x, best);
    if (!learn) return r;
    if (r.match >= this.upper) {
      for (let j = 0; j < this.count; j++) if (scratch[j] >= this.upper) this.#learn(x, j);
      return r;
    }
    r.newCluster = r.match < this.lower;
    if (this.count < this.capacity) this.#commit(x);
    else if (best >= 0) this.#learn(x, best);
    return r;
  }

  #measure(x: Uint8Array, j: number): number {
    const d = this.dim;
    const w = this.#w;
    const o = this.#wb + 2 * d * j;
    let num = 0;
    let den = 0;
    for (let k = 0; k < d; k++) {
      const a = x[k];
      const wa = w[o + k];
      const wc = w[o + d + k];
      num += (a < wa ? a : wa) + (ART_Q - a < wc ? ART_Q - a : wc);
      den += wa + wc;
    }
    const feature = den === 0 ? 0 : num / den;
    const energy = this.#energy(x, j);
    return feature * feature * feature * energy * energy;
  }

  /** Similarity on the last dimension and its complement (ARTime's "energy"). */
  #energy(x: Uint8Array, j: number): number {
    const d = this.dim;
    const o = this.#wb + 2 * d * j;
    const a = x[d - 1];
    const wa = this.#w[o + d - 1];
    const wc = this.#w[o + 2 * d - 1];
    const den = wa + wc;
    return den === 0 ? 0 : (Math.min(a, wa) + Math.min(ART_Q - a, wc)) / den;
  }

  #learn(x: Uint8Array, j: number): void {
    const d = this.dim;
    const w = this.#w;
    const o = this.#wb + 2 * d * j;
    for (let k = 0; k < d; k++) {
      w[o + k] = Math.min(w[o + k], x[k]);
      w[o + d + k] = Math.min(w[o + d + k], ART_Q - x[k]);
    }
  }

  /** A new category holding the sample (the caller checked there is room). */
  #commit(x: Uint8Array): void {
    const d = this.dim;
    const o = this.#wb + 2 * d * this.count++;
    for (let k = 0; k < d; k++) {
      this.#w[o + k] = x[k];
      this.#w[o + d + k] = ART_Q - x[k];
    }
  }
}
