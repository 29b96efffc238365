/**
 * A gauge's recent levels on a fixed bucket grid, in a ring: the last reading of each bucket,
 * with short gaps bridged by a straight line (long ones stay empty, NaN). Fixed size, so the
 * state per gauge is bounded whatever the reporting interval; lookups are O(1).
 */
export class LevelHistory {
  readonly #values: Float64Array;
  readonly #bucketMs: number;
  readonly #bridgeMs: number;
  /** Absolute bucket number of the newest value, −1 before the first. */
  #head = -1;
  #lastTs = Number.NaN;
  #lastLevel = Number.NaN;

  constructor(bucketMs: number, historyMs: number, bridgeMs: number) {
    this.#bucketMs = bucketMs;
    this.#bridgeMs = bridgeMs;
    this.#values = new Float64Array(Math.ceil(historyMs / bucketMs) + 1).fill(Number.NaN);
  }

  get lastTs(): number {
    return this.#lastTs;
  }

  get lastLevel(): number {
    return this.#lastLevel;
  }

  /** Number of the bucket holding `ts`. */
  bucketOf(ts: number): number {
    return Math.floor(ts / this.#bucketMs);
  }

  /** Adds a reading (time order; an older one than the last is ignored). Returns how many buckets were completed (0 when it stays in the current one). */
  push(ts: number, level: number): number {
    const k = this.bucketOf(ts);
    if (this.#head < 0) {
      this.#set(k, level);
      this.#head = k;
    } else if (k < this.#head || ts < this.#lastTs) {
      return 0;
    } else if (k === this.#head) {
      this.#set(k, level);
    } else {
      this.#advance(k, ts, level);
    }
    const completed = this.#head < 0 ? 0 : k - this.#head;
    this.#head = k;
    this.#lastTs = ts;
    this.#lastLevel = level;
    return completed;
  }

  #advance(k: number, ts: number, level: number): void {
    const n = this.#values.length;
    const gap = ts - this.#lastTs;
    const bridge = gap <= this.#bridgeMs;
    const from = Math.max(this.#head + 1, k - n + 1);
    for (let b = from; b < k; b++) {
      // the level at the end of bucket b on the line from the last reading to this one
      const tEnd = (b + 1) * this.#bucketMs;
      const v = bridge ? this.#lastLevel + ((level - this.#lastLevel) * (tEnd - this.#lastTs)) / gap : Number.NaN;
      this.#set(b, v);
    }
    this.#set(k, level);
  }

  /**
   * Rewrites the buckets from the one holding `fromTs` up to (not including) the one holding
   * `toTs` on the straight line between the two readings: an excursion judged a fault (glitch.ts
   * Excursion) is taken out as if the gauge had been silent over it.
   */
  repair(fromTs: number, fromLevel: number, toTs: number, toLevel: number): void {
    const span = toTs - fromTs;
    if (this.#head < 0 || !(span > 0)) return;
    const last = Math.min(this.bucketOf(toTs), this.#head + 1);
    for (let b = Math.max(this.bucketOf(fromTs), this.#head - this.#values.length + 1); b < last; b++) {
      const tEnd = Math.min(toTs, (b + 1) * this.#bucketMs);
      this.#set(b, fromLevel + ((toLevel - fromLevel) * (tEnd - fromTs)) / span);
    }
  }

  #set(k: number, v: number): void {
    this.#values[this.#slot(k)] = v;
  }

  /** Ring index of absolute bucket k: ((k % n) + n) % n with one remainder, not two (it runs ~15 times per reading). */
  #slot(k: number): number {
    const r = k % this.#values.length;
    return r < 0 ? r + this.#values.length : r;
  }

  /**
   * The level at time `ts`: the value of its bucket; a time after the newest bucket gets the
   * newest level (held), one older than the ring or in a long gap gets NaN.
   */
  at(ts: number): number {
    const k = this.bucketOf(ts);
    if (this.#head < 0) return Number.NaN;
    if (k >= this.#head) return this.#lastLevel;
    if (k <= this.#head - this.#values.length) return Number.NaN;
    return this.#values[this.#slot(k)];
  }

  /** The value stored for absolute bucket `k` (NaN when unknown or out of the ring). */
  bucket(k: number): number {
    if (this.#head < 0 || k > this.#head || k <= this.#head - this.#values.length) return Number.NaN;
    return this.#values[this.#slot(k)];
  }

  get head(): number {
    return this.#head;
  }

  get bytes(): number {
    return this.#values.byteLength + 48;
  }
}
