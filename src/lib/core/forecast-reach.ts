import type { ForecastPoint } from './forecast';

/**
 * When a forecast's path first reaches a level: shared by the forecaster and its warnings (ingest)
 * and the wall's flood tile, so that the tile's "may reach Siaga 2 in ± 40 min" is the time the
 * alert states.
 */

/** Paths through the points for firstReach: the centre, and the band's high and low edges. */
export const CENTRE = 0;
export const HIGH_EDGE = 1;
export const LOW_EDGE = -1;

/**
 * When the piecewise-linear path through (t0, level0) and the points first reaches `cm` from
 * below: the time interpolated within the segment, or null when it never does. `toward` picks the
 * path: CENTRE, HIGH_EDGE, LOW_EDGE, or a fraction between 0 and 1 of the way from the centre to
 * the high edge (the warnings' blended path). Read in place: it runs for every reading of every
 * gauge, and mapping the points to a path first allocated.
 */
export function firstReach(t0: number, level0: number, points: readonly ForecastPoint[], toward: number, cm: number): number | null {
  let ta = t0;
  let va = level0;
  if (va >= cm) return t0;
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    const v = toward === CENTRE ? p.levelCm : toward === HIGH_EDGE ? p.highCm : toward === LOW_EDGE ? p.lowCm : p.levelCm + toward * (p.highCm - p.levelCm);
    if (v >= cm) return ta + ((cm - va) / (v - va)) * (p.at - ta);
    ta = p.at;
    va = v;
  }
  return null;
}
