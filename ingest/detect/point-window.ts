/**
 * The bounded window of (time, value) points rate_of_rise and upstream_warning regress over,
 * and the robust slope they use.
 */
import { BYTES_PER_SMALL_OBJECT, allocState } from './state-arena';

export const S_PER_H = 3_600;

/**
 * Robust slope (units per time unit of `ts`) of points sorted by time: the median of the slopes between each
 * point and the one half a window later. Like Theil–Sen it shrugs off a few bad points (a
 * spike moves at most a quarter of the pair slopes) but costs O(n log n) on n/2 pairs instead of
 * n²/2, which matters at one call per gauge reading. Null with fewer than two points.
 */
export function robustSlope(ts: ArrayLike<number>, vs: ArrayLike<number>, n: number, from = 0): number | null {
  if (n - from < 2) return null;
  const h = Math.max(1, Math.floor((n - from) / 2));
  // One scratch array for every call (single-threaded, synchronous): no allocation per reading.
  if (slopeScratch.length < n) slopeScratch = new Float64Array(n);
  let count = 0;
  for (let i = from; i + h < n; i++) {
    const dt = ts[i + h] - ts[i];
    if (dt > 0) slopeScratch[count++] = (vs[i + h] - vs[i]) / dt;
  }
  if (count === 0) return null;
  // Insertion sort: at most maxPoints / 2 slopes, already nearly sorted on a steady river.
  const slopes = slopeScratch;
  for (let i = 1; i < count; i++) {
    const x = slopes[i];
    let j = i - 1;
    while (j >= 0 && slopes[j] > x) slopes[j + 1] = slopes[j--];
    slopes[j + 1] = x;
  }
  const m = count >> 1;
  return count % 2 ? slopes[m] : (slopes[m - 1] + slopes[m]) / 2;
}
let slopeScratch = new Float64Array(64);

/** A bounded window of (time, value) points, oldest first, for the regression. */
export interface PointWindow {
  push(ts: number, value: number): boolean;
  /** Rate in units per hour over the window, with the number of points and span used. */
  rate(): { perHour: number; points: number; spanMs: number } | null;
  /**
   * Rate (units per hour) over the points of the last spanMs, least squares or robustSlope; NaN
   * with fewer than minPoints.
   */
  recentRate(spanMs: number, minPoints: number, robust: boolean): number;
  /** Removes the newest point (a reading found bad after it was pushed); false when empty. */
  popLast(): boolean;
  /** Number of points in the last spanMs. */
  recentPoints(spanMs: number): number;
  readonly bytes: number;
}

/** Scratch copies of a window in time order, for robustSlope (single-threaded: shared). */
let scratchTs = new Float64Array(64);
let scratchVs = new Float64Array(64);

/**
 * A ring of (time, value) points, oldest first at `head`, in one block of a shared slab. Times
 * are whole seconds since the first point (Int32: 68 years), values Float32 (0.01 cm at
 * 1,000 cm): half the bytes of two Float64 arrays, and a push moves no points (the array copies
 * it replaced cost more than the rule's arithmetic, twice per gauge reading).
 */
export class RingWindow implements PointWindow {
  readonly #m: Float64Array;
  readonly #ts: Int32Array;
  readonly #vs: Float32Array;
  /** Bases: first point's time (s) in #m; head index and number of points, then times, in #ts; values. */
  readonly #mb: number;
  readonly #hb: number;
  readonly #tb: number;
  readonly #vb: number;
  readonly #cap: number;
  readonly #windowS: number;

  constructor(windowMs: number, maxPoints: number) {
    // Head and count are Int32, not Float64: ring arithmetic on doubles compiles to fmod calls.
    const { slab, byteOffset } = allocState(16 + 8 * maxPoints);
    [this.#m, this.#ts, this.#vs] = [slab.f64, slab.i32, slab.f32];
    this.#mb = byteOffset / 8;
    this.#hb = (byteOffset + 8) / 4;
    this.#tb = this.#hb + 2;
    this.#vb = this.#tb + maxPoints;
    this.#cap = maxPoints;
    this.#windowS = windowMs / 1000;
    this.#m[this.#mb] = NaN;
  }

  /** Slot in the ring of point i (0 = oldest). */
  #at(i: number): number {
    const j = this.#ts[this.#hb] + i; // i < cap and head < cap: one wrap at most
    return j >= this.#cap ? j - this.#cap : j;
  }

  #dropOldest(): void {
    const [meta, hb] = [this.#ts, this.#hb];
    meta[hb] = meta[hb] + 1 === this.#cap ? 0 : meta[hb] + 1;
    meta[hb + 1]--;
  }

  /** Index (0 = oldest) of the first point in the last spanMs. */
  #recentFrom(spanMs: number): number {
    const n = this.#ts[this.#hb + 1];
    if (n === 0) return 0;
    const ts = this.#ts;
    const tb = this.#tb;
    const from = ts[tb + this.#at(n - 1)] - spanMs / 1000;
    let i0 = n - 1;
    while (i0 > 0 && ts[tb + this.#at(i0 - 1)] >= from) i0--;
    return i0;
  }

  /** robustSlope over points i0… of the window, copied in time order. */
  #slopeFrom(i0: number): number | null {
    const n = this.#ts[this.#hb + 1];
    if (scratchTs.length < n) [scratchTs, scratchVs] = [new Float64Array(n), new Float64Array(n)];
    for (let i = i0; i < n; i++) {
      scratchTs[i] = this.#ts[this.#tb + this.#at(i)];
      scratchVs[i] = this.#vs[this.#vb + this.#at(i)];
    }
    return robustSlope(scratchTs, scratchVs, n, i0);
  }

  push(tMs: number, v: number): boolean {
    const m = this.#m;
    const mb = this.#mb;
    const ts = this.#ts;
    const tb = this.#tb;
    if (Number.isNaN(m[mb])) m[mb] = Math.floor(tMs / 1000);
    const t = Math.floor(tMs / 1000) - m[mb];
    if (ts[this.#hb + 1] > 0 && t <= ts[tb + this.#at(ts[this.#hb + 1] - 1)]) return false; // out of order or duplicate: keep the window sorted
    if (t < 0 || t > 0x7fffffff) return false;
    if (ts[this.#hb + 1] === this.#cap) this.#dropOldest();
    const k = this.#at(ts[this.#hb + 1]);
    ts[tb + k] = t;
    this.#vs[this.#vb + k] = v;
    ts[this.#hb + 1]++;
    while (ts[this.#hb + 1] > 0 && ts[tb + ts[this.#hb]] < t - this.#windowS) this.#dropOldest();
    return true;
  }

  popLast(): boolean {
    const count = this.#hb + 1;
    if (this.#ts[count] === 0) return false;
    this.#ts[count]--;
    return true;
  }

  rate(): { perHour: number; points: number; spanMs: number } | null {
    const n = this.#ts[this.#hb + 1];
    const slope = this.#slopeFrom(0);
    if (slope === null) return null;
    return { perHour: slope * S_PER_H, points: n, spanMs: (this.#ts[this.#tb + this.#at(n - 1)] - this.#ts[this.#tb + this.#at(0)]) * 1000 };
  }

  recentRate(spanMs: number, minPoints: number, robust: boolean): number {
    const n = this.#ts[this.#hb + 1];
    const i0 = this.#recentFrom(spanMs);
    const k = n - i0;
    if (k < minPoints || k < 2) return NaN;
    if (robust) {
      const slope = this.#slopeFrom(i0);
      return slope === null ? NaN : slope * S_PER_H;
    }
    const ts = this.#ts;
    const vs = this.#vs;
    const [tb, vb] = [this.#tb, this.#vb];
    let st = 0;
    let sv = 0;
    for (let i = i0; i < n; i++) {
      const j = this.#at(i);
      st += ts[tb + j];
      sv += vs[vb + j];
    }
    const mt = st / k;
    const mv = sv / k;
    let num = 0;
    let den = 0;
    for (let i = i0; i < n; i++) {
      const j = this.#at(i);
      const dt = ts[tb + j] - mt;
      num += dt * (vs[vb + j] - mv);
      den += dt * dt;
    }
    return den > 0 ? (num / den) * S_PER_H : NaN;
  }

  recentPoints(spanMs: number): number {
    return this.#ts[this.#hb + 1] - this.#recentFrom(spanMs);
  }

  get bytes(): number {
    return 16 + 8 * this.#cap + BYTES_PER_SMALL_OBJECT;
  }
}

export function createPointWindow(windowMs: number, maxPoints: number): PointWindow {
  return new RingWindow(windowMs, maxPoints);
}
