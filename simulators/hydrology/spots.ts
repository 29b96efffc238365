/**
 * A roadside inundation spot: a hollow that gathers the rain of the streets around it. Its drains
 * take rain up to their capacity; above it the excess ponds (gathered from an area several times
 * the spot's own) and drains away slowly through a linear reservoir. Spots by the Karang Mumus also
 * take river water once the river is over their bank, and their drains, which empty into the river,
 * then barely work; spots on the Mahakam bank back up at high tide. Depth in cm of water on the road.
 */
import { hashUnit } from '../../src/lib/core/random';
import { clamp } from '../clock';
import { RIVER_SPOTS, TIDAL_SPOTS, type Node } from './karang-mumus';
import { linearReservoirStep } from './reservoir';

export interface SpotParams {
  /** Rain the drains take away (mm/h). */
  drainMmH: number;
  /** Catchment of the hollow over its own area: 1 mm of excess rain → gather mm of water here. */
  gather: number;
  /** How slowly the pond drains (h). */
  tauH: number;
  river?: { gauge: Node; spillCm: number };
  tidal?: { kerbCm: number };
}

/** River water flowing in (cm/h) per cm the river stands above the spot's bank. */
const RIVER_INFLOW_PER_CM = 0.3;
/** Tide water backing up the drains (cm/h) per cm the Mahakam stands above the kerb. */
const TIDE_INFLOW_PER_CM = 0.25;
/** Share of the drains' capacity left while their outfall is under water. */
const BLOCKED_DRAINS = 0.3;

/** A spot's drainage is a property of the place, not of the weather: drawn from its id, not the seed. */
export function spotParams(baseId: string): SpotParams {
  const u = (k: string) => hashUnit(0, `${baseId}:${k}`, 0);
  return {
    drainMmH: 12 + 10 * u('drain'),
    gather: 5 + 5 * u('gather'),
    tauH: 0.8 + 0.8 * u('tau'),
    river: RIVER_SPOTS[baseId],
    tidal: TIDAL_SPOTS[baseId]
  };
}

export interface SpotInputs {
  rainMmH: number;
  /** Level (cm) of the spot's river gauge, when it has one. */
  riverCm: number;
  /** Mahakam above its mean (cm). */
  mahakamCm: number;
}

/** Depth (cm) after one step of dtH hours. */
export function spotStep(depthCm: number, p: SpotParams, x: SpotInputs, dtH: number): number {
  const riverOver = p.river ? Math.max(0, x.riverCm - p.river.spillCm) : 0;
  const tideOver = p.tidal ? Math.max(0, x.mahakamCm - p.tidal.kerbCm) : 0;
  const blocked = riverOver > 0 || tideOver > 0;
  const drain = p.drainMmH * (blocked ? BLOCKED_DRAINS : 1);
  const inflow = (p.gather * Math.max(0, x.rainMmH - drain)) / 10 + RIVER_INFLOW_PER_CM * riverOver + TIDE_INFLOW_PER_CM * tideOver;
  const tau = blocked ? p.tauH * 3 : p.tauH;
  return clamp(linearReservoirStep(depthCm, inflow, tau, dtH).storage, 0, 300);
}
