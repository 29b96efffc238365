import type { TrafficProfile } from './sensor';

/**
 * Congestion from two independent signals: speed against the approach's free-flow speed, and
 * degree of saturation (DJ = flow / capacity, PKJI 2023) or detector occupancy. The grouping
 * LOS A/B lancar, C/D padat, E/F macet follows ../shared/domain §3.4 (a suggestion, not a regulation).
 */
export const TRAFFIC_LEVELS = [
  { key: 'lancar', severity: 0, id: 'Lancar', en: 'Free flow', color: '#2e9d44' },
  { key: 'ramai', severity: 1, id: 'Ramai', en: 'Busy', color: '#e6c229' },
  { key: 'padat', severity: 2, id: 'Padat', en: 'Heavy', color: '#f08c00' },
  { key: 'macet', severity: 3, id: 'Macet', en: 'Jammed', color: '#d7263d' }
] as const;

export type TrafficLevel = (typeof TRAFFIC_LEVELS)[number];
/** Stable name of a level on the wire (`key`); `id`/`en` are the words shown. */
export type TrafficLevelKey = TrafficLevel['key'];

/** Occupancy (%) above which a detector is usually in breakdown. */
export const BREAKDOWN_OCCUPANCY_PCT = 30;

export interface TrafficState {
  level: TrafficLevel;
  speedRatio: number;
  saturation: number;
}

export function trafficState(values: { speed?: number; flow?: number; occupancy?: number }, p: TrafficProfile): TrafficState {
  const speedRatio = values.speed === undefined ? 1 : values.speed / p.freeFlowKmh;
  const saturation = values.flow === undefined ? 0 : values.flow / p.capacityVehH;
  const occ = values.occupancy ?? 0;
  let severity = 0;
  if (speedRatio < 0.7 || saturation > 0.7) severity = 1;
  if (speedRatio < 0.5 || saturation > 0.85 || occ > 20) severity = 2;
  // Slow and dense together: a queue, not just a busy road.
  if (speedRatio < 0.3 && (occ > BREAKDOWN_OCCUPANCY_PCT || saturation > 0.9)) severity = 3;
  if (speedRatio < 0.2) severity = 3;
  return { level: TRAFFIC_LEVELS[severity], speedRatio, saturation };
}
