/**
 * Rating curves, stage from discharge: stage = normal + a·(Q^b − Q₀^b), with Q₀ the dry-weather flow
 * (so the gauge reads its normal level on a dry day) and `a` fitted once so that the design storm's
 * peak flow reads `designCm` (so a big storm takes the gauges through their Siaga lines). The fit
 * runs the network on the design storm without showers: it depends on nothing seeded.
 */
import { HOUR_MS } from '../clock';
import { RATINGS, STEP_MS, SUBCATCHMENTS, type SubCatchment } from './karang-mumus';
import { dryState, runNetwork } from './network';
import { stormRain, type StormCell } from './rain';

/**
 * A plausible big event: 55 mm/h at the peak, ~190 mm in 5 h at the storm's centre, a cell 12 km
 * across drifting south over the catchment at 3 km/h, as the worst Samarinda storms are reported.
 */
export const DESIGN_STORM: Readonly<StormCell> = Object.freeze({
  startMs: 0, rampMs: HOUR_MS, holdMs: 2 * HOUR_MS, fadeMs: 2 * HOUR_MS, peakMmH: 55,
  lat: -0.345, lon: 117.205, eastKmH: -0.3, northKmH: -4, radiusKm: 8
});

export type RatedGauge = keyof typeof RATINGS;

export interface RatingCurve {
  normalCm: number;
  q0: number;
  a: number;
  b: number;
}

export function stageOf(c: RatingCurve, qM3s: number): number {
  return c.normalCm + c.a * (Math.max(0, qM3s) ** c.b - c.q0 ** c.b);
}

export function designRun(storm: StormCell = DESIGN_STORM) {
  const rainOf = (sub: SubCatchment, t: number) => stormRain(storm, sub.lat, sub.lon, t);
  return runNetwork(dryState(), storm.startMs, (24 * HOUR_MS) / STEP_MS, rainOf);
}

let fitted: Record<RatedGauge, RatingCurve> | null = null;

/** The fitted curves (computed on first use, ~1 ms). */
export function ratingCurves(): Readonly<Record<RatedGauge, RatingCurve>> {
  if (fitted) return fitted;
  const dry = dryState();
  const flows = designRun();
  const q0 = {
    'flood-gunung-lingai': runNetwork(dry, 0, 1, () => 0)[0].gunungLingaiM3s,
    'flood-kp3': SUBCATCHMENTS.reduce((q, s) => q + s.baseflowM3s, 0)
  };
  const peak = {
    'flood-gunung-lingai': Math.max(...flows.map((f) => f.gunungLingaiM3s)),
    'flood-kp3': Math.max(...flows.map((f) => f.kp3M3s))
  };
  const fit = (g: RatedGauge): RatingCurve => {
    const { normalCm, designCm, b } = RATINGS[g];
    return { normalCm, q0: q0[g], b, a: (designCm - normalCm) / (peak[g] ** b - q0[g] ** b) };
  };
  fitted = { 'flood-gunung-lingai': fit('flood-gunung-lingai'), 'flood-kp3': fit('flood-kp3') };
  return fitted;
}
