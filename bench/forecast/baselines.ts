/**
 * The README's reference forecasters, ported from shared/forecast/baselines.py so every bench run
 * scores them beside ours (and checks our scorer against the README's table):
 *   persistence  f = y(t);  trend  f = y(t) + slope of the last 30 min × h;
 *   arx          RLS per station and horizon (λ 0.999) on own and next-upstream changes over 10/30/60/120 min.
 */
import { HORIZONS_MIN, type Network, type Series } from './data';

export type BaselineKind = 'persistence' | 'trend' | 'arx';
export const BASELINE_KINDS: readonly BaselineKind[] = ['persistence', 'trend', 'arx'];

const STEP_S = 600;
const LAGS = [1, 3, 6, 12];

/** Rows per station: for each reading, the forecast [h30, h60, h120] (null = none). */
export type StationRows = (number | null)[][];

/** First reading and number of grid steps, over every reading (a gauge without readings, or out of order, must not make them NaN). */
export function gridSpan(series: readonly Series[]): { t0: number; n: number } {
  let [t0, t1] = [Infinity, -Infinity];
  for (const s of series) for (const t of s.ts) [t0, t1] = [Math.min(t0, t), Math.max(t1, t)];
  return { t0, n: t1 >= t0 ? Math.floor((t1 - t0) / STEP_S) + 1 : 0 };
}

/** The network's series on the 10-minute grid, each forward-filled (NaN before its first reading). */
function grid(series: readonly Series[], { t0, n }: { t0: number; n: number }): { t0: number; n: number; g: Float64Array[] } {
  const g = series.map((s) => {
    const a = new Float64Array(n).fill(Number.NaN);
    // in time order, so the latest reading of a step is the one kept whatever the file's order
    const byTime = s.ts.map((_, k) => k).sort((x, z) => s.ts[x] - s.ts[z]);
    for (const k of byTime) {
      const i = Math.floor((s.ts[k] - t0) / STEP_S);
      if (i >= 0 && i < n) a[i] = s.level[k];
    }
    for (let i = 1; i < n; i++) if (Number.isNaN(a[i])) a[i] = a[i - 1];
    return a;
  });
  return { t0, n, g };
}

function feats(own: Float64Array, up: Float64Array | null, i: number): Float64Array {
  const f = [1];
  for (const s of up ? [own, up] : [own]) {
    for (const L of LAGS) f.push(i - L >= 0 && !Number.isNaN(s[i]) && !Number.isNaN(s[i - L]) ? s[i] - s[i - L] : 0);
  }
  return Float64Array.from(f);
}

/** Plain RLS exactly as baselines.py (no windup guard), so the reference numbers reproduce. */
function arxStation(own: Float64Array, up: Float64Array | null, n: number): Float64Array[] {
  const d = feats(own, up, 0).length;
  const lam = 0.999;
  const out = HORIZONS_MIN.map(() => new Float64Array(n).fill(Number.NaN));
  const P = HORIZONS_MIN.map(() => {
    const p = new Float64Array(d * d);
    for (let i = 0; i < d; i++) p[i * d + i] = 1000;
    return p;
  });
  const W = HORIZONS_MIN.map(() => new Float64Array(d));
  const px = new Float64Array(d);
  const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i], 0);
  for (let i = 0; i < n; i++) {
    HORIZONS_MIN.forEach((h, j) => {
      const i0 = i - h / 10;
      const [p, w] = [P[j], W[j]];
      if (i0 >= 12 && !Number.isNaN(own[i]) && !Number.isNaN(own[i0])) {
        const x = feats(own, up, i0);
        for (let a = 0; a < d; a++) px[a] = p.subarray(a * d, a * d + d).reduce((s, v, b) => s + v * x[b], 0);
        const denom = lam + dot(x, px);
        const err = own[i] - own[i0] - dot(w, x);
        for (let a = 0; a < d; a++) w[a] += (px[a] / denom) * err;
        for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) p[a * d + b] = (p[a * d + b] - (px[a] / denom) * px[b]) / lam;
      }
      if (i >= 12 && !Number.isNaN(own[i])) out[j][i] = own[i] + dot(w, feats(own, up, i));
    });
  }
  return out;
}

/** A reference forecaster's rows for every station of a network (stations in network order). */
/** Beyond this many 10-min steps (19 years) a network's span is a stray timestamp, not data: no reference forecasts then. */
export const MAX_GRID_STEPS = 1_000_000;

export function runBaseline(kind: BaselineKind, net: Network, series: readonly Series[]): StationRows[] {
  const span = gridSpan(series);
  if (span.n > MAX_GRID_STEPS) return series.map((s) => s.ts.map(() => [null, null, null]));
  const { t0, n, g } = grid(series, span);
  const r2 = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? null : Math.round(v * 100) / 100);
  return net.stations.map((_, j) => {
    const own = g[j];
    let fc: Float64Array[] = HORIZONS_MIN.map(() => new Float64Array(n).fill(Number.NaN));
    if (kind === 'trend') {
      for (let i = 3; i < n; i++) {
        if (Number.isNaN(own[i]) || Number.isNaN(own[i - 3])) continue;
        const slope = (own[i] - own[i - 3]) / 30;
        HORIZONS_MIN.forEach((h, k) => (fc[k][i] = own[i] + slope * h));
      }
    } else if (kind === 'arx') {
      fc = arxStation(own, j > 0 ? g[j - 1] : null, n);
    }
    return series[j].ts.map((t) => {
      const i = Math.floor((t - t0) / STEP_S);
      return fc.map((a) => r2(a[i]));
    });
  });
}
