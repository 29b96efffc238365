/**
 * The river network stepped through time: rain → soil (loss) → two linear reservoirs per
 * sub-catchment → Benanga's pool and spillways → routed reaches (Nash cascades) → flows at Gunung
 * Lingai and KP3. Flows only: stages come from rating curves (rating.ts) and, at KP3, the tide.
 * Mass is tracked so tests can check the books balance.
 */
import { BENANGA, REACHES, STEP_S, SUBCATCHMENTS, type Node, type SubCatchment } from './karang-mumus';
import { linearReservoirStep, soilStep } from './reservoir';

export type RainOf = (sub: SubCatchment, tMs: number) => number;

export interface NetworkState {
  soil: number[];
  quick1: number[];
  quick2: number[];
  /** Benanga's pool, m above the main spillway crest. */
  benangaM: number;
  /** Per reach, the storage (m³) of each reservoir of its cascade. */
  reaches: number[][];
  /** Running totals (m³) for the water balance. */
  rainM3: number;
  lossM3: number;
  outM3: number;
  baseM3: number;
}

/** Flows (m³/s) at the end of a step. */
export interface NetworkFlows {
  benangaM: number;
  benangaOutM3s: number;
  gunungLingaiM3s: number;
  kp3M3s: number;
}

const MM_KM2_TO_M3 = 1_000;

export function benangaOutflow(hM: number): number {
  const h = Math.max(0, hM);
  const over = Math.max(0, h - BENANGA.emergencyCrestM);
  return BENANGA.mainWeirC * h ** 1.5 + BENANGA.emergencyWeirC * over ** 1.5;
}

export function baseflowInto(node: Node): number {
  return SUBCATCHMENTS.filter((s) => s.to === node).reduce((q, s) => q + s.baseflowM3s, 0);
}

/** Dry-weather flow entering each node from upstream and its own sub-catchments. */
function dryFlow(node: Node): number {
  if (node === 'flood-benanga') return baseflowInto(node);
  if (node === 'flood-gunung-lingai') return dryFlow('flood-benanga') + baseflowInto(node);
  return dryFlow('flood-gunung-lingai') + baseflowInto(node);
}

/** Steady state after a long dry spell: empty quick stores, every reservoir passing its baseflow. */
export function dryState(): NetworkState {
  const qBen = dryFlow('flood-benanga');
  const benangaM = (qBen / BENANGA.mainWeirC) ** (2 / 3);
  return {
    soil: SUBCATCHMENTS.map(() => 0),
    quick1: SUBCATCHMENTS.map(() => 0),
    quick2: SUBCATCHMENTS.map(() => 0),
    benangaM,
    reaches: REACHES.map((r) => Array.from({ length: r.n }, () => dryFlow(r.from) * r.kH * 3600)),
    rainM3: 0,
    lossM3: 0,
    outM3: 0,
    baseM3: 0
  };
}

/** Water held in the network now (m³): soil, quick stores, Benanga above its dry level, reaches. */
export function storedM3(s: NetworkState): number {
  let v = 0;
  SUBCATCHMENTS.forEach((c, i) => (v += (s.soil[i] + s.quick1[i] + s.quick2[i]) * c.areaKm2 * MM_KM2_TO_M3));
  v += s.benangaM * BENANGA.poolAreaM2;
  for (const r of s.reaches) for (const x of r) v += x;
  return v;
}

function routeReach(cascade: number[], inflowM3s: number, kS: number): number {
  let q = inflowM3s;
  for (let j = 0; j < cascade.length; j++) {
    const r = linearReservoirStep(cascade[j], q, kS, STEP_S);
    cascade[j] = r.storage;
    q = r.outflow / STEP_S;
  }
  return q;
}

/** Advance one step from tMs (rain held at its value at tMs); mutates the state, returns the flows. */
export function stepNetwork(s: NetworkState, tMs: number, rainOf: RainOf): NetworkFlows {
  const dtH = STEP_S / 3600;
  const lateral: Record<Node, number> = { 'flood-benanga': 0, 'flood-gunung-lingai': 0, 'flood-kp3': 0 };
  SUBCATCHMENTS.forEach((c, i) => {
    const rain = rainOf(c, tMs);
    const soil = soilStep(s.soil[i], rain, c, dtH);
    const r1 = linearReservoirStep(s.quick1[i], soil.runoff / dtH, c.kH, dtH);
    const r2 = linearReservoirStep(s.quick2[i], r1.outflow / dtH, c.kH, dtH);
    s.soil[i] = soil.soil;
    s.quick1[i] = r1.storage;
    s.quick2[i] = r2.storage;
    const toM3 = c.areaKm2 * MM_KM2_TO_M3;
    s.rainM3 += rain * dtH * toM3;
    s.lossM3 += soil.loss * toM3;
    s.baseM3 += c.baseflowM3s * STEP_S;
    lateral[c.to] += (r2.outflow * toM3) / STEP_S + c.baseflowM3s;
  });
  // Benanga: explicit level-pool step; its time constant (pool area over dQ/dh) is hours.
  const outBen = benangaOutflow(s.benangaM);
  s.benangaM += ((lateral['flood-benanga'] - outBen) * STEP_S) / BENANGA.poolAreaM2;
  const [upper, lower] = REACHES;
  const atLingai = routeReach(s.reaches[0], outBen, upper.kH * 3600) + lateral['flood-gunung-lingai'];
  const atKp3 = routeReach(s.reaches[1], atLingai, lower.kH * 3600) + lateral['flood-kp3'];
  s.outM3 += atKp3 * STEP_S;
  return { benangaM: s.benangaM, benangaOutM3s: outBen, gunungLingaiM3s: atLingai, kp3M3s: atKp3 };
}

/** Flows at every step from fromMs (state at fromMs given), `steps` steps of STEP_S. */
export function runNetwork(state: NetworkState, fromMs: number, steps: number, rainOf: RainOf): NetworkFlows[] {
  const out: NetworkFlows[] = new Array(steps);
  for (let i = 0; i < steps; i++) out[i] = stepNetwork(state, fromMs + i * STEP_S * 1000, rainOf);
  return out;
}
