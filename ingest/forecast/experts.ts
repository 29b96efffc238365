import type { LevelHistory } from './history';

const MIN_MS = 60_000;

/**
 * The straight lines' slopes through the last 30, 10 and 60 min (cm/min) into `out` (0..2): the
 * same for every horizon of a reading, so computed once per reading, not once per horizon.
 */
export function fillSlopes(out: Float64Array, history: LevelHistory, ts: number, level: number): void {
  out[0] = finite(level - history.at(ts - 30 * MIN_MS)) / 30;
  out[1] = finite(level - history.at(ts - 10 * MIN_MS)) / 10;
  out[2] = finite(level - history.at(ts - 60 * MIN_MS)) / 60;
}

/**
 * The experts' changes over `hMin` (order of EXPERTS in horizon.ts): the two regressions (`rls`,
 * `rlsFast`), the straight lines through the last 30, 10 and 60 min (`slopes` from fillSlopes;
 * and half the 30-min one), persistence. Each is capped at `cap` cm either way. Plain numbers in,
 * nothing allocated: it runs for every horizon of every reading.
 */
export function fillExperts(out: Float64Array, slopes: Float64Array, hMin: number, rls: number, rlsFast: number, cap: number): void {
  const s30 = slopes[0];
  out[0] = finite(rls);
  out[1] = s30 * hMin;
  out[2] = 0.5 * s30 * hMin;
  out[3] = 0;
  out[4] = slopes[1] * hMin;
  out[5] = slopes[2] * hMin;
  out[6] = finite(rlsFast);
  for (let k = 0; k < out.length; k++) out[k] = Math.max(-cap, Math.min(cap, out[k]));
}

/**
 * The largest change over the next `hMin` worth believing (cm): `factor` times what the gauge or
 * its upstream gauges did over the last `hMin`, plus ten typical changes of noise. It caps an
 * expert that extrapolates wildly (a regression meeting features far outside what it learned).
 */
export function plausibleMove(own: LevelHistory, upstream: readonly LevelHistory[], ts: number, level: number, hMin: number, typical: number, factor: number): number {
  let m = Math.abs(finite(level - own.at(ts - hMin * MIN_MS)));
  for (let i = 0; i < upstream.length; i++) m = Math.max(m, Math.abs(finite(upstream[i].lastLevel - upstream[i].at(ts - hMin * MIN_MS))));
  return factor * m + 10 * typical;
}

/**
 * The lowest level a forecast or its band may reach: the gauge's lowest level so far less `margin`,
 * and not below 0 at a gauge that has never read below 0 (a depth above its zero). A last guard: a
 * sound blend never comes near it, but a forecast of a river emptying in a storm is read by people.
 */
export function levelFloor(lowest: number, margin: number): number {
  if (!Number.isFinite(lowest)) return Number.NEGATIVE_INFINITY;
  return lowest >= 0 ? Math.max(0, lowest - margin) : lowest - margin;
}

export function finite(v: number): number {
  return Number.isFinite(v) ? v : 0;
}
