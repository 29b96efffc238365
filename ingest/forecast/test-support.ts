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

/** The downstream gauge of the tests' two-gauge river: the upstream level 90 min later, damped, on a higher bed. */
export function downstreamOf(up: (t: number) => number): (t: number) => number {
  return (t) => 0.8 * up(t - 90 * MIN_MS) + 20;
}

/** Feeds the two-gauge river ('up' → 'down') every 10 min for `days` from T0; returns the time after the last reading. */
export function feedRiver(f: { observe(id: string, t: number, level: number): unknown }, up: (t: number) => number, days: number): number {
  const down = downstreamOf(up);
  let t = T0;
  for (; t < T0 + days * 1440 * MIN_MS; t += 10 * MIN_MS) {
    f.observe('up', t, up(t));
    f.observe('down', t, down(t));
  }
  return t;
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
