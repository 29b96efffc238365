/**
 * NAB scoring, implemented from the rules in shared/nab/README.md (after NAB's nab/sweeper.py):
 * probationary period, windowed scaled-sigmoid rewards, FP penalties relative to the previous
 * window, a threshold sweep over every distinct score, normalisation null = 0 / perfect = 100.
 */
import { normalizeNabTimestamp, parseNabTime } from './csv';

export interface Profile {
  tp: number;
  fn: number;
  fp: number;
}

export const PROFILES = {
  standard: { tp: 1.0, fn: 1.0, fp: 0.11 },
  reward_low_FP_rate: { tp: 1.0, fn: 1.0, fp: 0.22 },
  reward_low_FN_rate: { tp: 1.0, fn: 2.0, fp: 0.11 }
} as const satisfies Record<string, Profile>;
export type ProfileName = keyof typeof PROFILES;

const PROBATION_FRACTION = 0.15;
const PROBATION_MAX_RECORDS = 750;

/** Rows at the start of a file that are never scored. */
export function probationLength(rows: number): number {
  return Math.min(Math.floor(PROBATION_FRACTION * rows), PROBATION_MAX_RECORDS);
}

/** σ(y) = 2/(1+e^(5y)) − 1; NAB clamps far-away FPs (y > 3) to −1. */
export function scaledSigmoid(y: number): number {
  if (y > 3) return -1;
  return 2 / (1 + Math.exp(5 * y)) - 1;
}

const MAX_TP = scaledSigmoid(-1);

/** One file ready to score: its timestamps, the detector's scores and the label windows. */
export interface ScoredFile {
  key: string;
  timestamps: readonly string[];
  scores: ArrayLike<number>;
  /** [start, end] timestamps, inclusive, as in combined_windows.json. */
  windows: readonly (readonly [string, string])[];
}

/**
 * Per-row labelling, independent of the detector: which window a row is in (−1 outside) and its
 * unweighted sigmoid value (TP reward already divided by σ(−1); FP penalty as a negative number).
 */
export interface RowLabels {
  window: Int32Array;
  weight: Float64Array;
  /** First scored row (end of the probationary period). */
  start: number;
  windowCount: number;
}

/** The rows' earliest and latest time (NaN rows skipped). */
function span(times: readonly number[]): [number, number] {
  let [lo, hi] = [Infinity, -Infinity];
  for (const t of times) if (Number.isFinite(t)) [lo, hi] = [Math.min(lo, t), Math.max(hi, t)];
  return [lo, hi];
}

/**
 * A window's first and last row. Edges are matched to rows as written first (NAB's windows carry
 * ".000000", rows do not). An edge that is no row's text but a time within the data (rows written
 * "T"-separated, or no reading at the edge) is placed by time, as NAB's runner labels rows by time:
 * the first row at or after the start, the last at or before the end. An edge outside the data
 * stays a problem: those windows belong to another version of the file.
 */
function edgeRow(index: Map<string, number>, times: () => number[], edge: string, first: boolean, key: string): number {
  const exact = index.get(normalizeNabTimestamp(edge));
  if (exact !== undefined) return exact;
  const [t, ts] = [parseNabTime(edge), times()];
  const [lo, hi] = span(ts);
  if (!(t >= lo && t <= hi)) throw new Error(`${key}: window edge ${edge} is not a data row`);
  if (first) return ts.findIndex((x) => x >= t);
  let i = ts.length - 1;
  while (!(ts[i] <= t)) i--;
  return i;
}

function windowBounds(index: Map<string, number>, times: () => number[], [a, b]: readonly [string, string], key: string): [number, number] {
  const [from, to] = [edgeRow(index, times, a, true, key), edgeRow(index, times, b, false, key)];
  if (to < from) throw new Error(`${key}: window ${a} – ${b} holds no data row`);
  return [from, to];
}

export function labelRows(timestamps: readonly string[], windows: ScoredFile['windows'], key = ''): RowLabels {
  const n = timestamps.length;
  const index = new Map<string, number>();
  timestamps.forEach((t, i) => {
    const k = normalizeNabTimestamp(t);
    if (!index.has(k)) index.set(k, i);
  });
  const window = new Int32Array(n).fill(-1);
  const weight = new Float64Array(n);
  let parsed: number[] | undefined;
  const times = () => (parsed ??= timestamps.map(parseNabTime));
  // in row order: the walk below takes the windows one after the other
  const bounds = windows.map((w) => windowBounds(index, times, w, key)).sort((x, y) => x[0] - y[0]);
  let prevRight = -1;
  let prevWidth = 0;
  let w = 0;
  for (let i = 0; i < n; i++) {
    const cur = bounds[w];
    if (cur && i >= cur[0] && i <= cur[1]) {
      const width = cur[1] - cur[0] + 1;
      window[i] = w;
      weight[i] = scaledSigmoid(-(cur[1] - i + 1) / width) / MAX_TP;
      if (i === cur[1]) {
        prevRight = i;
        prevWidth = width;
        w++;
      }
    } else if (prevRight < 0) {
      weight[i] = -1;
    } else {
      // NAB divides by (width − 1): one window length past the end gives y = 1.
      weight[i] = scaledSigmoid(Math.abs(prevRight - i) / Math.max(prevWidth - 1, 1));
    }
  }
  return { window, weight, start: probationLength(n), windowCount: windows.length };
}

export interface CorpusScore {
  profile: ProfileName;
  threshold: number;
  raw: number;
  nullRaw: number;
  perfectRaw: number;
  /** 100 × (raw − null) / (perfect − null). */
  normalized: number;
  tp: number;
  fp: number;
  fn: number;
}

interface Point {
  score: number;
  /** Global window id, or −1 for a row outside every window. */
  window: number;
  weight: number;
}

/** Flatten the scored rows of every file (probation excluded), highest score first. */
function collectPoints(files: readonly ScoredFile[]): { points: Point[]; windows: number } {
  const points: Point[] = [];
  let windowBase = 0;
  for (const f of files) {
    if (f.scores.length !== f.timestamps.length) throw new Error(`${f.key}: ${f.scores.length} scores for ${f.timestamps.length} rows`);
    const labels = labelRows(f.timestamps, f.windows, f.key);
    for (let i = labels.start; i < f.timestamps.length; i++) {
      const w = labels.window[i];
      points.push({ score: f.scores[i], window: w < 0 ? -1 : windowBase + w, weight: labels.weight[i] });
    }
    windowBase += labels.windowCount;
  }
  points.sort((a, b) => b.score - a.score);
  return { points, windows: windowBase };
}

/** Sweep thresholds from above the highest score down through every distinct score; keep the best. */
function sweep(points: readonly Point[], windows: number, name: ProfileName): CorpusScore {
  const p = PROFILES[name];
  const best = new Float64Array(windows).fill(Number.NaN);
  let fpSum = 0;
  let tpSum = 0;
  let found = 0;
  let fpCount = 0;
  const nullRaw = -p.fn * windows;
  let top = { threshold: Infinity, raw: nullRaw, tp: 0, fp: 0 };
  for (let i = 0; i < points.length; ) {
    const threshold = points[i].score;
    for (; i < points.length && points[i].score === threshold; i++) {
      const pt = points[i];
      if (pt.window < 0) {
        fpSum += pt.weight * p.fp;
        fpCount++;
      } else {
        const reward = pt.weight * p.tp;
        const prev = best[pt.window];
        if (Number.isNaN(prev)) {
          best[pt.window] = reward;
          tpSum += reward;
          found++;
        } else if (reward > prev) {
          best[pt.window] = reward;
          tpSum += reward - prev;
        }
      }
    }
    const raw = tpSum + fpSum - p.fn * (windows - found);
    if (raw > top.raw) top = { threshold, raw, tp: found, fp: fpCount };
  }
  const perfectRaw = p.tp * windows;
  const normalized = windows === 0 ? 0 : (100 * (top.raw - nullRaw)) / (perfectRaw - nullRaw);
  return { profile: name, threshold: top.threshold, raw: top.raw, nullRaw, perfectRaw, normalized, tp: top.tp, fp: top.fp, fn: windows - top.tp };
}

/** Score a corpus under every profile, each with its own optimal threshold shared by all files. */
export function scoreCorpus(files: readonly ScoredFile[]): Record<ProfileName, CorpusScore> {
  const { points, windows } = collectPoints(files);
  return {
    standard: sweep(points, windows, 'standard'),
    reward_low_FP_rate: sweep(points, windows, 'reward_low_FP_rate'),
    reward_low_FN_rate: sweep(points, windows, 'reward_low_FN_rate')
  };
}

/** Raw score and counts of a corpus at a given threshold (for leave-one-category-out checks). */
export function rawAtThreshold(files: readonly ScoredFile[], name: ProfileName, threshold: number): { raw: number; windows: number; tp: number; fp: number } {
  const p = PROFILES[name];
  let raw = 0;
  let windows = 0;
  let tp = 0;
  let fp = 0;
  for (const f of files) {
    const labels = labelRows(f.timestamps, f.windows, f.key);
    const best = new Float64Array(labels.windowCount).fill(Number.NaN);
    for (let i = labels.start; i < f.timestamps.length; i++) {
      if (!(f.scores[i] >= threshold)) continue;
      const w = labels.window[i];
      if (w < 0) {
        raw += labels.weight[i] * p.fp;
        fp++;
      } else if (Number.isNaN(best[w])) best[w] = labels.weight[i] * p.tp; // the first detection counts
    }
    for (const b of best) {
      if (Number.isNaN(b)) raw -= p.fn;
      else {
        raw += b;
        tp++;
      }
    }
    windows += labels.windowCount;
  }
  return { raw, windows, tp, fp };
}

/**
 * Leave one category out: for each category, the threshold NAB would choose on the others, applied
 * to it; the raw scores of all categories so scored are summed and normalised as usual. A
 * detector whose scores rank alike across kinds of series loses little against scoreCorpus.
 */
export function scoreLeaveOneCategoryOut(files: readonly ScoredFile[], name: ProfileName): number {
  const category = (f: ScoredFile) => f.key.split('/')[0];
  const cats = [...new Set(files.map(category))];
  const p = PROFILES[name];
  let raw = 0;
  let windows = 0;
  for (const c of cats) {
    const others = files.filter((f) => category(f) !== c);
    const threshold = scoreCorpus(others)[name].threshold;
    const r = rawAtThreshold(files.filter((f) => category(f) === c), name, threshold);
    raw += r.raw;
    windows += r.windows;
  }
  const nullRaw = -p.fn * windows;
  return windows === 0 ? 0 : (100 * (raw - nullRaw)) / (p.tp * windows - nullRaw);
}
