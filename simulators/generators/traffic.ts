/**
 * Traffic at one approach: flow follows demand (morning 07–09 and evening 16–18 WITA peaks, quiet
 * nights), speed falls as flow nears capacity (BPR-style curve), occupancy follows from density.
 * Pure: (sensor, time, seed) → values.
 */
import type { Sensor, TrafficProfile } from '../../src/lib/core/sensor';
import { hashGaussian, smoothGaussian } from '../../src/lib/core/random';
import { HOUR_MS, clamp, dailyBump, round1, witaHour } from '../clock';

const DEFAULT_PROFILE: TrafficProfile = { freeFlowKmh: 40, capacityVehH: 1800 };
/** Effective vehicle length seen by a loop detector (car + loop), km: occupancy % = density × L × 100. */
const EFFECTIVE_LENGTH_KM = 0.006;
/** BPR curve parameters: speed = free-flow / (1 + α·x^β), x = flow/capacity. */
const BPR_ALPHA = 1.0;
const BPR_BETA = 4;

/** Share of capacity demanded at this WITA hour (0.05 at night … ~0.9 at the evening peak). */
export function trafficDemand(h: number): number {
  const day = 1 / (1 + Math.exp(-(h - 6) * 2)) - 1 / (1 + Math.exp(-(h - 21.5) * 1.5));
  return 0.06 + 0.42 * day + 0.38 * dailyBump(h, 7.75, 0.9) + 0.42 * dailyBump(h, 17, 1.0);
}

export function generateTraffic(sensor: Sensor, tMs: number, seed: number): Record<string, number> {
  const p = sensor.traffic ?? DEFAULT_PROFILE;
  const step = Math.floor(tMs / 1000);
  const wander = 1 + 0.06 * smoothGaussian(seed, `${sensor.id}:demand`, tMs, HOUR_MS);
  const x = clamp(trafficDemand(witaHour(tMs)) * wander + 0.03 * hashGaussian(seed, `${sensor.id}:flow`, step), 0, 1.2);
  const flow = x * p.capacityVehH;
  const speed = clamp(p.freeFlowKmh / (1 + BPR_ALPHA * x ** BPR_BETA) + 1.5 * hashGaussian(seed, `${sensor.id}:speed`, step), 3, p.freeFlowKmh * 1.2);
  const occupancy = clamp((flow / speed) * EFFECTIVE_LENGTH_KM * 100, 0, 100);
  return { flow: Math.round(flow), speed: round1(speed), occupancy: round1(occupancy) };
}
