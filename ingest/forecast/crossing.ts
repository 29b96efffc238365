import type { ForecastCrossing, ForecastPoint } from '../../src/lib/core/forecast';
import type { FloodThresholds } from '../../src/lib/core/sensor';
import { CENTRE, HIGH_EDGE, LOW_EDGE, firstReach } from '../../src/lib/core/forecast-reach';
import { siagaThresholdCm } from '../../src/lib/core/flood-levels';

/** Lowest Siaga threshold strictly above `levelCm` (3, then 2, then 1), or null at/above Siaga 1. */
export function nextSiagaAbove(levelCm: number, t: FloodThresholds): { level: 1 | 2 | 3; cm: number } | null {
  const level = nextSiagaLevel(levelCm, t);
  return level === 0 ? null : { level, cm: siagaThresholdCm(level, t) };
}

/** nextSiagaAbove's level alone (0 at/above Siaga 1), with no object: it runs for every forecast. */
function nextSiagaLevel(levelCm: number, t: FloodThresholds): 0 | 1 | 2 | 3 {
  return levelCm < t.siaga3 ? 3 : levelCm < t.siaga2 ? 2 : levelCm < t.siaga1 ? 1 : 0;
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
  const next = nextSiagaLevel(level, t);
  if (next === 0) return 0;
  const cm = siagaThresholdCm(next, t);
  const c = level + delta;
  if (c >= cm || c + lean * hi < cm) return 0;
  // the least move that issues the warning: the decision is the lean's, the error stays small
  return cm - c;
}

// firstReach lives in the core: the wall's flood tile states the band's times with it too
export { CENTRE, HIGH_EDGE, LOW_EDGE, firstReach };

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
  const next = nextSiagaLevel(levelCm, thresholds);
  if (next === 0) return null;
  const cm = siagaThresholdCm(next, thresholds);
  const at = firstReach(ts, levelCm, points, CENTRE, cm);
  if (at === null) return null;
  const early = firstReach(ts, levelCm, points, HIGH_EDGE, cm);
  const late = firstReach(ts, levelCm, points, LOW_EDGE, cm);
  return {
    level: next,
    at: Math.round(at),
    earliest: Math.round(Math.min(at, early ?? at)),
    latest: late === null ? null : Math.round(Math.max(at, late))
  };
}
