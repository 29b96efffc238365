/**
 * An adaptive-resonance anomaly channel modelled on ARTime (NAB's best published detector; see
 * ingest/detect/README.md for what was taken from it and how it scores). One per series, online.
 *
 * 1. Probation of P readings (NAB: 15 % of the file, at most 750; the product: a week). The
 *    series is cut into blocks of s = ⌊P ÷ 104⌋ readings (8-reading windows × 13 per probation);
 *    a block is kept as its mean, or its extreme furthest from a running average when that
 *    extreme is ≥ 10 % off the mean (spikes survive downsampling).
 * 2. Each block value is scaled by the series' range (NAB: the file's min/max, which NAB gives its
 *    detectors; the product: the min/max seen in probation, values beyond clamped), cut into 80
 *    levels, and snapped to the running median level when within 0.075 of it (quiet wobble is
 *    one level). Features: the last 8 levels' shape through Haar, and the levels themselves.
 * 3. A DVFA (art-dvfa.ts) learns the windows. At the end of probation its vigilance is set to
 *    the mean best match found when the probation's windows, least typical first, train a fresh
 *    DVFA at vigilance 0.8; the probation is then replayed through the real one. Afterwards the
 *    lower vigilance follows the worst recent match (up by 19 % of the gap, down by half the
 *    typical shortfall, never below the mean match of past anomalies), the upper one the mean
 *    match, every half probation and 12 blocks after an anomaly.
 * 4. A new cluster after probation is an anomaly, unless masked (for 12 blocks after an anomaly
 *    or after a new cluster or vigilance change, until 12 blocks pass without one), when it must
 *    match worse than 0.9 (0.7) of the last anomaly's match. Its score is a confidence from how
 *    far the match fell below both vigilances and how badly the newest level fits; else 0.
 */
import { BYTES_PER_SMALL_OBJECT, allocState, type StateSlab } from './state-arena';
import { Dvfa } from './art-dvfa';
import { ART_DIM, ART_LEVELS, ART_WINDOW, updateMedian, windowFeatures } from './art-features';
import { initialVigilance } from './art-vigilance';
import type { ArtChannelOptions } from './art-options';
import { confidence } from './art-score';

export { ART_PRODUCT_OPTIONS, nabProbation, type ArtChannelOptions } from './art-options';
export { confidence, patternScore } from './art-score';

const WINDOWS_PER_PROBATION = 13;
const CHOMP = 0.075;
const MASK_BLOCKS = ART_WINDOW * 1.5;
const UPPER_CAP = 0.97;
const MAX_PROBATION = 100_000;
/** The longest probation in blocks, whatever its readings: 207 make 207 blocks of one (208 make 104 of two). */
const MAX_TREND = 207;
const SIM_RING = (MAX_TREND >> 1) + 1;
const DIFF_RING = MAX_TREND + 1;
/** Ring of differences (upper vigilance − match), kept in bytes from 0 to DIFF_TOP. */
const DIFF_TOP = 0.5;

// Scalars (Float64) of the state block.
const I = 0, DSI = 1, LAST_TS = 2, SUM = 3, BMIN = 4, BMAX = 5, AVG = 6, LO = 7, HI = 8;
const LAST_ANOMALY_I = 9, LAST_ANOMALY_SIM = 10, LAST_RHO_I = 11, MASK_AFTER_CAT = 12, NO_NEW_CAT = 13;
const MATCH_SUM = 14, MATCH_N = 15, ANOMALY_SUM = 16, ANOMALY_N = 17, ANOMALY_LAST = 18, STEP = 19, TREND = 20, NGAPS = 21, GAPS = 22;
/** The first intervals kept to set a probation in time (product setting): their median, not the first alone. */
const GAPS_KEPT = 5;
const SCALARS = GAPS + GAPS_KEPT;
// Uint16: level counts and the median estimate [level, below, above, total] (an even count keeps 4-byte alignment).
const BINS = 0, MEDIAN = ART_LEVELS + 1, INTS = MEDIAN + 5;
// Bytes: match ring, difference ring, the level window.
const SIMS = 0, DIFFS = SIMS + SIM_RING, LEVELS = DIFFS + DIFF_RING, BYTES_TAIL = LEVELS + ART_WINDOW;

/** Feature scratch: written and read within one call. */
const x = new Uint8Array(ART_DIM);

export class ArtChannel {
  readonly #o: Readonly<ArtChannelOptions>;
  readonly #art: Dvfa;
  readonly #slab: StateSlab;
  readonly #sb: number; // Float64 index of the scalars
  readonly #ib: number; // Uint16 index of the counts
  readonly #pb: number; // Float32 index of the probation's block values (over the weights)
  readonly #bb: number; // byte index of the rings and level window

  constructor(o: Readonly<ArtChannelOptions>) {
    this.#o = o;
    const dvfa = Dvfa.bytes(ART_DIM, o.capacity);
    if (2 * ART_DIM * o.capacity < 4 * MAX_TREND) throw new RangeError('ArtChannel: capacity must be ≥ 26 (the probation is kept in its room)');
    const { slab, byteOffset } = allocState(ArtChannel.bytes(o.capacity));
    this.#slab = slab;
    this.#sb = byteOffset / 8;
    this.#ib = (byteOffset + SCALARS * 8) / 2;
    const dvfaAt = byteOffset + SCALARS * 8 + INTS * 2;
    this.#art = new Dvfa(ART_DIM, o.capacity, slab, dvfaAt);
    this.#pb = dvfaAt / 4;
    this.#bb = dvfaAt + dvfa;
    const s = slab.f64;
    const sb = this.#sb;
    s[sb + BMIN] = Infinity;
    s[sb + BMAX] = -Infinity;
    s[sb + LAST_TS] = -Infinity;
    s.fill(0, sb + NGAPS, sb + GAPS + GAPS_KEPT);
    s[sb + LO] = o.min ?? Infinity;
    s[sb + HI] = o.max ?? -Infinity;
    slab.u8.fill(255, this.#bb + SIMS, this.#bb + SIMS + SIM_RING);
    if (o.probationMs === undefined) this.#setProbation(o.probationRecords);
  }

  /** Bytes of the state block for `capacity` categories. */
  static bytes(capacity: number): number {
    return SCALARS * 8 + INTS * 2 + Dvfa.bytes(ART_DIM, capacity) + BYTES_TAIL;
  }

  /** Bytes of state: the block plus the two small objects (this and the DVFA). */
  stateBytes(): number {
    return ((ArtChannel.bytes(this.#o.capacity) + 7) & ~7) + 2 * BYTES_PER_SMALL_OBJECT + 6 * 8;
  }

  /** Categories held now. */
  categories(): number {
    return this.#art.count;
  }

  /** Readings per block and blocks of probation (0 until known). */
  blocks(): { step: number; trend: number } {
    return { step: this.#slab.f64[this.#sb + STEP], trend: this.#slab.f64[this.#sb + TREND] };
  }

  /**
   * One of the first intervals: while no block is complete, the probation follows the median of
   * those seen (the upper one of two), so one odd first step (a reading resent a second later, a
   * sensor's second reading after a restart) does not set it for good. Regular readings give the
   * first interval's length every time.
   */
  #learnInterval(gap: number): void {
    const s = this.#slab.f64;
    const sb = this.#sb;
    const n = s[sb + NGAPS];
    s[sb + GAPS + n] = gap;
    s[sb + NGAPS] = n + 1;
    if (s[sb + STEP] !== 0 && s[sb + I] >= s[sb + STEP]) return;
    const median = s.slice(sb + GAPS, sb + GAPS + n + 1).sort()[(n + 1) >> 1];
    this.#setProbation(Math.min(this.#o.probationRecords, Math.round((this.#o.probationMs ?? 0) / median)));
    // Blocks now shorter than the readings already summed: start the first block afresh (a few readings lost to learning).
    if (s[sb + I] >= s[sb + STEP]) [s[sb + I], s[sb + SUM], s[sb + BMIN], s[sb + BMAX]] = [0, 0, Infinity, -Infinity];
  }

  #setProbation(records: number): void {
    const p = Math.max(2 * ART_WINDOW, Math.min(MAX_PROBATION, records - (records % 2)));
    const step = Math.max(1, Math.floor(p / (ART_WINDOW * WINDOWS_PER_PROBATION)));
    this.#slab.f64[this.#sb + STEP] = step;
    this.#slab.f64[this.#sb + TREND] = Math.min(MAX_TREND, Math.max(2 * ART_WINDOW, Math.floor(p / step)));
  }

  /** Score one reading: mostly 0; a confidence in (0, 1] at the block where a new cluster appears. */
  score(ts: number, value: number): number {
    const s = this.#slab.f64;
    const sb = this.#sb;
    if (!Number.isFinite(value) || ts < s[sb + LAST_TS]) return 0;
    const prev = s[sb + LAST_TS];
    s[sb + LAST_TS] = ts;
    if (this.#o.probationMs !== undefined && s[sb + NGAPS] < GAPS_KEPT) {
      // Probation in time: the first reading is the start, the intervals after it set the length.
      // A repeat (an MQTT redelivery) is no interval: taken as one, it set the longest probation
      // (100,000 readings, 69 days of a 1-min sensor) and kept the channel silent.
      if (prev === -Infinity) return 0;
      if (ts > prev) this.#learnInterval(ts - prev);
      if (s[sb + STEP] === 0) return 0;
    }
    const trend = s[sb + TREND];
    if (this.#o.min === undefined && s[sb + DSI] < trend) {
      s[sb + LO] = Math.min(s[sb + LO], value);
      s[sb + HI] = Math.max(s[sb + HI], value);
    }
    const i = ++s[sb + I];
    s[sb + SUM] += value;
    s[sb + BMIN] = Math.min(s[sb + BMIN], value);
    s[sb + BMAX] = Math.max(s[sb + BMAX], value);
    if (i % s[sb + STEP] !== 0) return 0;
    const ds = this.#blockValue();
    const dsi = ++s[sb + DSI];
    if (dsi <= trend) {
      this.#slab.f32[this.#pb + dsi - 1] = ds;
      if (dsi === trend) this.#endProbation();
      return 0;
    }
    this.#pushLevel(ds, dsi);
    return this.#detect(dsi);
  }

  /** The block's mean, or its extreme furthest from the running average if ≥ 10 % off the mean. */
  #blockValue(): number {
    const s = this.#slab.f64;
    const sb = this.#sb;
    const mean = s[sb + SUM] / s[sb + STEP];
    const lo = s[sb + BMIN];
    const hi = s[sb + BMAX];
    s[sb + SUM] = 0;
    s[sb + BMIN] = Infinity;
    s[sb + BMAX] = -Infinity;
    if (s[sb + DSI] === 0) s[sb + AVG] = mean;
    const avg = (s[sb + AVG] = (s[sb + AVG] + mean) / 2);
    let ds = Math.abs(hi - avg) < Math.abs(lo - avg) ? lo : hi;
    if (Math.abs(ds - mean) < 0.1 * mean) ds = mean;
    return ds;
  }

  /** Scale, cut into levels, snap to the median level, shift into the level window; features in x. */
  #pushLevel(ds: number, dsi: number): void {
    const s = this.#slab.f64;
    const sb = this.#sb;
    const range = s[sb + HI] - s[sb + LO];
    const scaled = range > 0 ? (ds - s[sb + LO]) / range : ds - s[sb + LO];
    let level = Math.min(ART_LEVELS, Math.max(0, Math.round(scaled * ART_LEVELS)));
    const counts = this.#slab.u16;
    updateMedian(counts, this.#ib + BINS, this.#ib + MEDIAN, level);
    const median = counts[this.#ib + MEDIAN];
    if (Math.abs(level - median) / ART_LEVELS < CHOMP) level = median;
    const u8 = this.#slab.u8;
    const lb = this.#bb + LEVELS;
    u8.copyWithin(lb, lb + 1, lb + ART_WINDOW);
    u8[lb + ART_WINDOW - 1] = level;
    if (dsi >= ART_WINDOW) windowFeatures(u8.subarray(lb, lb + ART_WINDOW), x);
    else x.fill(0);
  }

  /** Range known: level the probation, set the vigilance from it, then replay it (no scores). */
  #endProbation(): void {
    const s = this.#slab.f64;
    const sb = this.#sb;
    if (!(s[sb + HI] >= s[sb + LO])) s[sb + LO] = s[sb + HI] = 0;
    if (this.#o.min === undefined) {
      const range = s[sb + HI] - s[sb + LO];
      s[sb + LO] -= range * (this.#o.rangeMarginLow ?? 0);
      s[sb + HI] += range * (this.#o.rangeMarginHigh ?? 0);
    }
    const n = s[sb + TREND];
    const rows = new Uint8Array(n * ART_DIM);
    for (let k = 1; k <= n; k++) {
      this.#pushLevel(this.#slab.f32[this.#pb + k - 1], k);
      rows.set(x, (k - 1) * ART_DIM);
    }
    const rho = initialVigilance(rows, n);
    this.#art.lower = this.#art.upper = rho;
    for (let k = 1; k <= n; k++) {
      x.set(rows.subarray((k - 1) * ART_DIM, k * ART_DIM));
      this.#detect(k);
    }
  }

  #detect(i: number): number {
    const art = this.#art;
    const s = this.#slab.f64;
    const sb = this.#sb;
    const u8 = this.#slab.u8;
    const trend = s[sb + TREND];
    const sinceAnomaly = i - s[sb + LAST_ANOMALY_I];
    const maskAfterAnomaly = sinceAnomaly <= MASK_BLOCKS;
    if (i > trend + MASK_BLOCKS && s[sb + MASK_AFTER_CAT] && s[sb + NO_NEW_CAT] >= MASK_BLOCKS) s[sb + MASK_AFTER_CAT] = 0;
    const r = art.train(x, i >= ART_WINDOW);
    const newCat = i < ART_WINDOW || r.newCluster;
    s[sb + NO_NEW_CAT] = newCat ? 0 : s[sb + NO_NEW_CAT] + 1;
    s[sb + MATCH_SUM] += r.match;
    s[sb + MATCH_N]++;
    u8[this.#bb + SIMS + (i % ((trend >> 1) + 1))] = Math.round(r.match * 255);
    const diff = Math.min(DIFF_TOP, Math.max(0, art.upper - r.match));
    u8[this.#bb + DIFFS + (i % (trend + 1))] = Math.round((diff / DIFF_TOP) * 255);
    if (sinceAnomaly < MASK_BLOCKS && s[sb + ANOMALY_N] > 0 && r.match < s[sb + ANOMALY_LAST]) {
      s[sb + ANOMALY_SUM] += r.match - s[sb + ANOMALY_LAST];
      s[sb + ANOMALY_LAST] = r.match;
    }
    const masking = s[sb + MASK_AFTER_CAT] === 1 || maskAfterAnomaly;
    const belowLast = r.match < s[sb + LAST_ANOMALY_SIM] * (maskAfterAnomaly ? 0.9 : 0.7);
    let anomaly = 0;
    if (i > trend && newCat && (!masking || belowLast)) {
      anomaly = confidence(r.match, r.energy, art.lower, art.upper);
      s[sb + ANOMALY_SUM] += r.match;
      s[sb + ANOMALY_N]++;
      s[sb + ANOMALY_LAST] = s[sb + LAST_ANOMALY_SIM] = r.match;
      s[sb + LAST_ANOMALY_I] = i;
    }
    if (newCat) s[sb + MASK_AFTER_CAT] = 1;
    if (i > trend && (sinceAnomaly === MASK_BLOCKS || i - s[sb + LAST_RHO_I] >= trend >> 1)) {
      this.#retune(i);
      s[sb + LAST_RHO_I] = i;
      s[sb + MASK_AFTER_CAT] = 1;
    }
    return anomaly;
  }

  /** The lower vigilance follows the worst recent match; the upper one the mean match. */
  #retune(i: number): void {
    const art = this.#art;
    const s = this.#slab.f64;
    const sb = this.#sb;
    const u8 = this.#slab.u8;
    const trend = s[sb + TREND];
    let minSim = 255;
    for (let k = 0; k <= trend >> 1; k++) minSim = Math.min(minSim, u8[this.#bb + SIMS + k]);
    const upper = Math.min(UPPER_CAP, s[sb + MATCH_SUM] / s[sb + MATCH_N]);
    let lower = art.lower;
    if (lower <= minSim / 255) lower += (minSim / 255 - lower) * 0.19;
    else {
      let decr = 0;
      if (i > 2 * trend) {
        let sum = 0;
        let n = 0;
        for (let k = 0; k <= trend; k++) {
          const d = (u8[this.#bb + DIFFS + k] / 255) * DIFF_TOP;
          if (d > 0.05) (sum += Math.min(0.37, d)), n++;
        }
        if (n > 0) decr = sum / n;
      }
      lower -= Math.max(0.01, decr) / 2;
      if (s[sb + ANOMALY_N] > 0) lower = Math.max(s[sb + ANOMALY_SUM] / s[sb + ANOMALY_N], lower);
    }
    art.lower = Math.min(upper, lower);
    art.upper = upper;
  }
}
