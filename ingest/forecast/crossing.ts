import type { ForecastCrossing, ForecastPoint } from '../../src/lib/core/forecast';
import type { FloodThresholds } from '../../src/lib/core/sensor';

/** Lowest Siaga threshold strictly above `levelCm` (3, then 2, then 1), or null at/above Siaga 1. */
export function nextSiagaAbove(levelCm: number, t: FloodThresholds): { level: 1 | 2 | 3; cm: number } | null {
  if (levelCm < t.siaga3) return { level: 3, cm: t.siaga3 };
  if (levelCm < t.siaga2) return { level: 2, cm: t.siaga2 };
  if (levelCm < t.siaga1) return { level: 1, cm: t.siaga1 };
  return null;
}

/**
 * How far (cm) to publish a forecast centre above the model's own (`level` + `delta`), whose band
 * reaches `hi` cm above it: while the forecast rises toward the next Siaga threshold and `lean` of
 * the way to the high edge reaches it, the centre is raised to the threshold itself, the least move
 * that issues the warning. A missed crossing costs more than a false alarm, and a centre falling
 * just short is how a crossing is missed; raising it no further than the threshold keeps the error small.
 */
export function warningLean(level: number, delta: number, hi: number, t: FloodThresholds | undefined, lean: number): number {
  if (!t || lean <= 0 || delta <= 0) return 0;
  const next = nextSiagaAbove(level, t);
  const c = level + delta;
  if (!next || c >= next.cm || c + lean * hi < next.cm) return 0;
  // the least move that issues the warning: the decision is the lean's, the error stays small
  return next.cm - c;
}

/**
 * When a piecewise-linear path through (t0, level0) and the points' (at, value) first reaches
 * `cm` from below: the time interpolated within the segment, or null when it never does.
 */
export function firstReach(t0: number, level0: number, path: readonly { at: number; v: number }[], cm: number): number | null {
  let [ta, va] = [t0, level0];
  if (va >= cm) return t0;
  for (const { at, v } of path) {
    if (v >= cm) return ta + ((cm - va) / (v - va)) * (at - ta);
    [ta, va] = [at, v];
  }
  return null;
}

/**
 * The first Siaga level above the current one that the central forecast reaches within the
 * horizon, with earliest/latest from the band's high and low edges (latest null when the low
 * edge stays below it).
 */
export function computeCrossing(
  ts: number,
  levelCm: number,
  points: readonly ForecastPoint[],
  thresholds: FloodThresholds | undefined
): ForecastCrossing | null {
  if (!thresholds || points.length === 0) return null;
  const next = nextSiagaAbove(levelCm, thresholds);
  if (!next) return null;
  const at = firstReach(ts, levelCm, points.map((p) => ({ at: p.at, v: p.levelCm })), next.cm);
  if (at === null) return null;
  const early = firstReach(ts, levelCm, points.map((p) => ({ at: p.at, v: p.highCm })), next.cm);
  const late = firstReach(ts, levelCm, points.map((p) => ({ at: p.at, v: p.lowCm })), next.cm);
  return {
    level: next.level,
    at: Math.round(at),
    earliest: Math.round(Math.min(at, early ?? at)),
    latest: late === null ? null : Math.round(Math.max(at, late))
  };
}
