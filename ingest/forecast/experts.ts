import type { LevelHistory } from './history';

const MIN_MS = 60_000;

/**
 * The experts' changes over `hMin` (order of EXPERTS in horizon.ts): the two regressions, the
 * straight lines through the last 30, 10 and 60 min (and half the 30-min one), persistence.
 * Each is capped at `cap` cm either way.
 */
export function fillExperts(
  out: Float64Array,
  history: LevelHistory,
  ts: number,
  level: number,
  hMin: number,
  regressions: readonly [number, number],
  cap: number
): void {
  const slope = (minutes: number) => finite(level - history.at(ts - minutes * MIN_MS)) / minutes;
  const s30 = slope(30);
  out[0] = finite(regressions[0]);
  out[1] = s30 * hMin;
  out[2] = 0.5 * s30 * hMin;
  out[3] = 0;
  out[4] = slope(10) * hMin;
  out[5] = slope(60) * hMin;
  out[6] = finite(regressions[1]);
  for (let k = 0; k < out.length; k++) out[k] = Math.max(-cap, Math.min(cap, out[k]));
}

/**
 * The largest change over the next `hMin` worth believing (cm): `factor` times what the gauge or
 * its upstream gauges did over the last `hMin`, plus ten typical changes of noise. It caps an
 * expert that extrapolates wildly (a regression meeting features far outside what it learned).
 */
export function plausibleMove(own: LevelHistory, upstream: readonly LevelHistory[], ts: number, level: number, hMin: number, typical: number, factor: number): number {
  let m = Math.abs(finite(level - own.at(ts - hMin * MIN_MS)));
  for (const u of upstream) m = Math.max(m, Math.abs(finite(u.lastLevel - u.at(ts - hMin * MIN_MS))));
  return factor * m + 10 * typical;
}

export function finite(v: number): number {
  return Number.isFinite(v) ? v : 0;
}
