import type { ForecastPoint } from '../../src/lib/core/forecast';
import type { HorizonModel } from './horizon';

const MIN_MS = 60_000;
/** A young model's band is up to this many times wider (it has not yet seen its own errors). */
const YOUNG_BAND_WIDENING = 2;

/**
 * One horizon's published point at `ts`: the centre, `level + delta` with the warning `lean`; the
 * band, the model's calibrated quantiles times `scale`, wider while it is young (`trust` below 1),
 * its edges no further than the experts may go (`cap`, experts.ts plausibleMove) nor below `floor`
 * (a last guard: not below where this river's water has been). Reads `hm`, changes nothing.
 */
export function forecastPoint(hm: HorizonModel, ts: number, level: number, delta: number, lean: number, scale: number, trust: number, floor: number, cap: number): ForecastPoint {
  const widen = 1 + YOUNG_BAND_WIDENING * (1 - trust);
  const c = level + delta;
  const lo = Math.max(Math.min(0, hm.loQ) * scale * widen, floor - c, -cap - delta);
  const hi = Math.min(Math.max(0, hm.hiQ) * scale * widen, cap - delta);
  const point: ForecastPoint = { horizonMin: hm.hMin as ForecastPoint['horizonMin'], at: ts + hm.hMin * MIN_MS, levelCm: c + lean, lowCm: c + lo, highCm: c + hi };
  const skill = hm.track.skill;
  if (skill !== null) point.skill = skill;
  return point;
}
