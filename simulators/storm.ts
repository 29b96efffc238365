/**
 * What a scenario storm does to the sensors: the storm cell in absolute time (drawn by seed), the
 * flood sensors' water and rain from the hydrology model run with and without it, the traffic
 * next to flooded spots, and the ground truth (when each flood sensor crosses each Siaga line, from
 * the model without noise). Used by scenario-player.ts.
 */
import type { Sensor } from '../src/lib/core/sensor';
import { siagaLevel } from '../src/lib/core/flood-levels';
import { round1 } from './clock';
import { hashUnit } from '../src/lib/core/random';
import { modelLevel, placeOf } from './generators/flood';
import { hydrologyFor, type Hydrology } from './hydrology/model';
import { stormEndMs, stormRain, type StormCell } from './hydrology/rain';
import { applyFloodSlowdown, floodedNeighbours } from './hydrology/traffic-impact';
import type { Effect } from './scenarios/types';

export type StormEffect = Extract<Effect, { type: 'storm' }>;

/**
 * After the rain stops, the river needs most of a day, and Benanga's pool usually up to two, to fall
 * back below Siaga 3: the scenario's nominal length. Truth does not stop there (see TRUTH_CAP_MS).
 */
export const STORM_RECESSION_S = 48 * 3_600;
/** Truth is sampled every minute of model time (the model's own step). */
const TRUTH_STEP_MS = 60_000;
/**
 * A wet storm keeps Benanga above Siaga 3 past the nominal length (seeds 6 and 8: ~60 h), so truth
 * is sampled on until the level is back below Siaga 3, but never more than this after the rain.
 */
export const TRUTH_CAP_MS = 7 * 24 * 3_600_000;

export function stormEffectEndS(e: StormEffect): number {
  const v = e.envelope;
  return v.startS + v.rampS + v.holdS + v.fadeS + STORM_RECESSION_S;
}

/** The storm cell this effect makes for this seed, with the scenario clock started at startMs. */
export function stormCell(e: StormEffect, seed: number, startMs: number): StormCell {
  const u = (k: string) => hashUnit(seed, `storm:${k}`, 0);
  const [lo, hi] = e.peakMmH;
  return {
    startMs: startMs + e.envelope.startS * 1000,
    rampMs: e.envelope.rampS * 1000,
    holdMs: e.envelope.holdS * 1000,
    fadeMs: e.envelope.fadeS * 1000,
    peakMmH: lo + (hi - lo) * u('peak'),
    lat: e.from[0] + 0.018 * (u('lat') - 0.5),
    lon: e.from[1] + 0.018 * (u('lon') - 0.5),
    eastKmH: e.moveKmH[0],
    northKmH: e.moveKmH[1],
    radiusKm: e.radiusKm
  };
}

export interface StormPlay {
  apply(sensor: Sensor, tMs: number, v: Record<string, number>): void;
  truth(sensor: Sensor): { start: number; end: number; level: number; crossings: SiagaCrossings } | null;
}

const SIAGA_KEYS = ['siaga3', 'siaga2', 'siaga1'] as const;

/** First time (epoch ms) the noise-free level reached each Siaga line, when it did. */
export interface SiagaCrossings {
  siaga3?: number;
  siaga2?: number;
  siaga1?: number;
}

/**
 * `earlier`: storm cells played before this one in the same run. The river still carries their
 * water days later (Benanga +11 cm four days after the flood-rise storm), so this storm adds its
 * own increment on top of them, and its truth is read from the model with all of them: the
 * readings and the truth then see the same river.
 */
export function createStormPlay(e: StormEffect, seed: number, startMs: number, sensors: readonly Sensor[], earlier: readonly StormCell[] = []): StormPlay {
  const cell = stormCell(e, seed, startMs);
  const base = hydrologyFor(seed, earlier);
  const wet: Hydrology = hydrologyFor(seed, [...earlier, cell]);
  const neighbours = new Map<string, Sensor[]>();
  const near = (s: Sensor) => {
    let list = neighbours.get(s.id);
    if (!list) neighbours.set(s.id, (list = floodedNeighbours(s, sensors)));
    return list;
  };

  function apply(sensor: Sensor, tMs: number, v: Record<string, number>): void {
    if (sensor.kind === 'flood') {
      const p = placeOf(sensor);
      v.water_level = round1((v.water_level ?? 0) + modelLevel(wet, sensor, tMs) - modelLevel(base, sensor, tMs));
      v.rainfall = round1((v.rainfall ?? 0) + stormRain(cell, p.lat, p.lon, tMs));
    } else if (sensor.kind === 'traffic') {
      const spots = near(sensor);
      if (spots.length) applyFloodSlowdown(v, spots.map((s) => ({ depthCm: modelLevel(wet, s, tMs), flood: s.flood! })));
    }
  }

  function truth(sensor: Sensor) {
    if (!sensor.flood) return null;
    const crossings: SiagaCrossings = {};
    let start = -1, end = -1, level = 0;
    const until = startMs + stormEffectEndS(e) * 1000;
    const cap = stormEndMs(cell) + TRUTH_CAP_MS;
    for (let t = cell.startMs; t <= cap; t += TRUTH_STEP_MS) {
      const sev = siagaLevel(modelLevel(wet, sensor, t), sensor.flood).severity;
      if (sev === 0) {
        if (t > until) break;
        continue;
      }
      if (start < 0) start = t;
      end = t;
      level = Math.max(level, sev);
      for (let i = 0; i < sev; i++) crossings[SIAGA_KEYS[i]] ??= t;
    }
    return start < 0 ? null : { start, end, level, crossings };
  }

  return { apply, truth };
}

