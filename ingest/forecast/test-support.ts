/** Synthetic rivers for the forecaster's tests: deterministic, with known travel times. */

/** The project's seeded generator (mulberry32): the same river every run. */
import { createRandom as seeded } from '../../src/lib/core/random';

export { seeded };

export const MIN_MS = 60_000;
export const T0 = Date.UTC(2026, 0, 1);

/**
 * An upstream hydrograph (cm) as a function of time: a base level plus flood waves of random size
 * and duration starting at random times (a few per day), each a smooth rise and slower recession.
 */
export function upstreamWaves(seed: number, days: number): (t: number) => number {
  const rnd = seeded(seed);
  const waves: { start: number; peak: number; riseMin: number }[] = [];
  for (let t = T0; t < T0 + days * 1440 * MIN_MS; t += (4 + 10 * rnd()) * 3600_000) {
    waves.push({ start: t, peak: 20 + 120 * rnd(), riseMin: 60 + 120 * rnd() });
  }
  return (t: number) => {
    let v = 100;
    for (const w of waves) {
      const m = (t - w.start) / MIN_MS;
      if (m <= 0) continue;
      v += m < w.riseMin ? w.peak * (0.5 - 0.5 * Math.cos((Math.PI * m) / w.riseMin)) : w.peak * Math.exp(-(m - w.riseMin) / (2 * w.riseMin));
    }
    return v;
  };
}

/** Mean absolute error of the forecasts at `h` against persistence over the moving-water pairs (|change| ≥ minMove). */
export function skillAt(pairs: readonly { forecast: number; now: number; actual: number }[], minMove: number): number {
  let [em, ep] = [0, 0];
  for (const p of pairs) {
    if (Math.abs(p.actual - p.now) < minMove) continue;
    em += Math.abs(p.forecast - p.actual);
    ep += Math.abs(p.now - p.actual);
  }
  return ep > 0 ? 1 - em / ep : 0;
}
