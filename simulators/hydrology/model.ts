/**
 * The hydrology as the generators see it: noise-free levels, spot depths and rain at any simulated
 * instant, a pure function of (seed, storms, time). The model is stepped in eras of ERA_MS, each
 * started SPINUP_MS earlier from a dry state, so a value never depends on which instant was asked
 * first. Results are cached per era; values between steps are interpolated.
 *
 * The spin-up must be long enough that what the dry start left out has drained away by the era's
 * start, or the level jumps at every era boundary by the difference. The slowest store is Benanga's
 * pool at low water (6 km² over a weir: A / (dQ/dh) ≈ 85 h near its dry level) together with the
 * soil (τ 36 h); the difference between two spin-ups shrinks ~e-fold per 55 h of showery weather.
 * Four days left 2–6 cm at Benanga; twenty leave < 0.03 cm, far below the gauge noise (0.8 cm).
 */
import { HOUR_MS } from '../clock';
import { GAUGES, STEP_MS, SUBCATCHMENTS, type Node, type SubCatchment } from './karang-mumus';
import { dryState, runNetwork, stepNetwork } from './network';
import { rainAt, type Place, type StormCell } from './rain';
import { ratingCurves, stageOf } from './rating';
import { spotParams, spotStep } from './spots';
import { kp3Level, mahakamLevel } from './tide';

/** Six days: long eras spread the spin-up's cost (each era steps SPINUP + ERA). */
export const ERA_MS = 144 * HOUR_MS;
const SPINUP_MS = 20 * 24 * HOUR_MS;
/** Spots forget in hours (τ ≤ 5 h while their drains are blocked): two days of spin-up leave e^-10. */
const SPOT_SPINUP_MS = 48 * HOUR_MS;
const ERA_STEPS = ERA_MS / STEP_MS;
/** Eras kept per model (a run walks forward; a few behind cover truth and backfill). */
const MAX_ERAS = 6;

export interface Hydrology {
  /** Noise-free level (cm) of a modelled river gauge. */
  gaugeCm(id: Node, tMs: number): number;
  /** Noise-free depth (cm) of a road spot (`key` names its parameters; usually the base sensor id). */
  spotCm(spot: Place, tMs: number): number;
  rainMmH(place: Place, tMs: number): number;
}

type Series = Float64Array;

function boundedCache<V>(): { get(k: string, make: () => V): V } {
  const m = new Map<string, V>();
  return {
    get(k, make) {
      let v = m.get(k);
      if (v === undefined) {
        v = make();
        m.set(k, v);
        if (m.size > MAX_ERAS * 64) m.delete(m.keys().next().value as string);
      }
      return v;
    }
  };
}

function interpolate(series: Series, eraStart: number, tMs: number): number {
  const x = (tMs - eraStart) / STEP_MS;
  const i = Math.min(Math.floor(x), ERA_STEPS - 1);
  const f = x - i;
  return i + 1 < series.length ? series[i] * (1 - f) + series[i + 1] * f : series[i];
}

type RainFn = (place: Place, tMs: number) => number;

/** Gauge levels over one era; series[i] is the level at eraStart + (i + 1)·STEP (flows are step-end values). */
function computeGaugeEra(eraStart: number, seed: number, rainMmH: RainFn): Record<Node, Series> {
  const places = new Map(SUBCATCHMENTS.map((c) => [c, { key: c.id, lat: c.lat, lon: c.lon }]));
  const rainOf = (c: SubCatchment, t: number) => rainMmH(places.get(c)!, t);
  const state = dryState();
  for (let t = eraStart - SPINUP_MS; t < eraStart; t += STEP_MS) stepNetwork(state, t, rainOf);
  const flows = runNetwork(state, eraStart, ERA_STEPS + 1, rainOf);
  const curves = ratingCurves();
  const out = { 'flood-benanga': new Float64Array(ERA_STEPS + 1), 'flood-gunung-lingai': new Float64Array(ERA_STEPS + 1), 'flood-kp3': new Float64Array(ERA_STEPS + 1) };
  for (let i = 0; i <= ERA_STEPS; i++) {
    const f = flows[i];
    out['flood-benanga'][i] = f.benangaM * 100;
    out['flood-gunung-lingai'][i] = stageOf(curves['flood-gunung-lingai'], f.gunungLingaiM3s);
    out['flood-kp3'][i] = kp3Level(stageOf(curves['flood-kp3'], f.kp3M3s), mahakamLevel(eraStart + (i + 1) * STEP_MS, seed));
  }
  return out;
}

/** A spot's depth over one era, on the same grid as computeGaugeEra. */
function computeSpotEra(spot: Place, eraStart: number, seed: number, rainMmH: RainFn, gaugeCm: (id: Node, t: number) => number): Series {
  const p = spotParams(spot.key);
  const out = new Float64Array(ERA_STEPS + 1);
  let depth = 0;
  for (let i = -SPOT_SPINUP_MS / STEP_MS; i <= ERA_STEPS; i++) {
    const t = eraStart + i * STEP_MS;
    const riverCm = p.river ? gaugeCm(p.river.gauge, t) : 0;
    depth = spotStep(depth, p, { rainMmH: rainMmH(spot, t), riverCm, mahakamCm: mahakamLevel(t, seed) }, STEP_MS / HOUR_MS);
    if (i >= 0) out[i] = depth;
  }
  return out;
}

export function createHydrology(seed: number, storms: readonly StormCell[]): Hydrology {
  const rainMmH = (place: Place, tMs: number) => rainAt(place, tMs, seed, storms);
  const eras = boundedCache<Record<Node, Series>>();
  const spots = boundedCache<Series>();
  // Era of the step that ends at or before tMs, so interpolation stays inside one cached series.
  const eraOf = (tMs: number) => Math.floor((tMs - STEP_MS) / ERA_MS) * ERA_MS;

  function gaugeCm(id: Node, tMs: number): number {
    const era = eraOf(tMs);
    return interpolate(eras.get(String(era), () => computeGaugeEra(era, seed, rainMmH))[id], era + STEP_MS, tMs);
  }

  function spotCm(spot: Place, tMs: number): number {
    const era = eraOf(tMs);
    return interpolate(spots.get(`${spot.key}@${era}`, () => computeSpotEra(spot, era, seed, rainMmH, gaugeCm)), era + STEP_MS, tMs);
  }

  return { gaugeCm, spotCm, rainMmH };
}

const models = new Map<string, Hydrology>();

/** One model per (seed, storms), shared by every generator and player that asks. */
export function hydrologyFor(seed: number, storms: readonly StormCell[] = []): Hydrology {
  const key = `${seed}|${JSON.stringify(storms)}`;
  let h = models.get(key);
  if (!h) {
    h = createHydrology(seed, storms);
    models.set(key, h);
    if (models.size > 32) models.delete(models.keys().next().value as string);
  }
  return h;
}

export function isModelledGauge(id: string): id is Node {
  return (GAUGES as readonly string[]).includes(id);
}

