/**
 * The Mahakam at Samarinda: a mixed, mainly semi-diurnal tide (M2 + S2, so spring tides of ~1.4 m
 * range and neap tides of ~0.6 m every 14.8 days, plus a small diurnal K1) on a slow river level
 * that wanders by ±10–20 cm over days. Tides are astronomy, not weather: only the slow level is seeded.
 * At KP3 the Karang Mumus meets it: the gauge reads whichever of river and Mahakam holds the water
 * higher, and more than either when both are high (backwater).
 */
import { smoothGaussian } from '../../src/lib/core/random';
import { HOUR_MS } from '../clock';

export const M2_PERIOD_MS = 12.42 * HOUR_MS;
const CONSTITUENTS = [
  { periodMs: M2_PERIOD_MS, ampCm: 50, phase: 0 },
  { periodMs: 12.0 * HOUR_MS, ampCm: 20, phase: 1.1 },
  { periodMs: 23.93 * HOUR_MS, ampCm: 8, phase: 2.3 }
];
const SLOW_AMP_CM = 10;
const SLOW_PERIOD_MS = 60 * HOUR_MS;

/** Mahakam level (cm) above its mean. */
export function mahakamLevel(tMs: number, seed: number): number {
  let cm = SLOW_AMP_CM * smoothGaussian(seed, 'mahakam-level', tMs, SLOW_PERIOD_MS);
  for (const c of CONSTITUENTS) cm += c.ampCm * Math.cos((2 * Math.PI * tMs) / c.periodMs + c.phase);
  return cm;
}

/** On KP3's gauge: the Mahakam's mean level, and the bed below which neither river nor tide is read. */
export const KP3_MAHAKAM_MEAN_CM = 135;
const KP3_DATUM_CM = 100;
/** Exponent of the blend: 1 would add the two depths, ∞ would take the higher one. */
const BLEND_P = 4;

/** KP3's level from the river's own stage there (rating curve) and the Mahakam above its mean. */
export function kp3Level(riverStageCm: number, mahakamCm: number): number {
  const r = Math.max(0, riverStageCm - KP3_DATUM_CM);
  const m = Math.max(0, KP3_MAHAKAM_MEAN_CM + mahakamCm - KP3_DATUM_CM);
  return KP3_DATUM_CM + (r ** BLEND_P + m ** BLEND_P) ** (1 / BLEND_P);
}
