/**
 * Traffic next to a flooded street: drivers slow to a crawl through water on the road and queue
 * behind those who do. A junction feels the worst flood sensor within FLOOD_NEAR_M of it; nothing
 * changes below Siaga 3, and the deeper above it, the slower.
 */
import type { FloodThresholds, Sensor } from '../../src/lib/core/sensor';
import { clamp, round1 } from '../clock';

/** A junction this close to a flood sensor is on the flooded street (m, great-circle). */
export const FLOOD_NEAR_M = 400;
const EARTH_RADIUS_M = 6_371_000;
/** Speed left at Siaga 3 and at Siaga 2 and beyond (share of the normal speed). */
const SPEED_AT_SIAGA3 = 0.7;
const SPEED_AT_SIAGA2 = 0.4;
const MIN_SPEED_KMH = 4;

export function distanceM(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h));
}

/** Flood sensors with thresholds within FLOOD_NEAR_M of a traffic sensor. */
export function floodedNeighbours(traffic: Sensor, sensors: readonly Sensor[]): Sensor[] {
  return sensors.filter((s) => s.kind === 'flood' && s.flood && distanceM(traffic, s) <= FLOOD_NEAR_M);
}

/** Share of the normal speed left with this much water (1 below Siaga 3). */
export function speedShare(depthCm: number, t: FloodThresholds): number {
  if (depthCm < t.siaga3) return 1;
  const x = clamp((depthCm - t.siaga3) / Math.max(1, t.siaga2 - t.siaga3), 0, 1);
  return SPEED_AT_SIAGA3 + (SPEED_AT_SIAGA2 - SPEED_AT_SIAGA3) * x;
}

/**
 * Slows traffic values in place for the worst nearby spot: speed × share, flow down by half as much
 * (fewer get through), occupancy up as density = flow / speed rises.
 */
export function applyFloodSlowdown(v: Record<string, number>, spots: readonly { depthCm: number; flood: FloodThresholds }[]): void {
  const share = Math.min(...spots.map((s) => speedShare(s.depthCm, s.flood)));
  if (share >= 1 || v.speed === undefined) return;
  const flowShare = 1 - (1 - share) / 2;
  const speed = Math.max(MIN_SPEED_KMH, v.speed * share);
  const actualShare = speed / v.speed;
  if (v.flow !== undefined) v.flow = Math.round(v.flow * flowShare);
  if (v.occupancy !== undefined) v.occupancy = round1(clamp((v.occupancy * flowShare) / actualShare, 0, 95));
  v.speed = round1(speed);
}
