/**
 * The one interpreter of scenario data: lays effects over generated values and derives ground truth.
 * Pure: everything is a function of (sensor, simulated time, seed), so the truth file and the
 * published series always agree.
 */
import type { Sensor } from '../src/lib/core/sensor';
import type { AlertRule } from '../src/lib/core/alert';
import { siagaLevel } from '../src/lib/core/flood-levels';
import { ispuCategory, ispuSubIndex } from '../src/lib/core/air-index';
import { hashGaussian, hashUnit } from '../src/lib/core/random';
import { clamp, round1 } from './clock';
import { baseSensorId } from './generators/flood';
import type { Generator } from './generators/index';
import { lastingS, type Effect, type Envelope, type Scenario } from './scenarios/types';
import { scenarioOfEffect } from './scenarios/index';
import { createStormPlay, type SiagaCrossings, type StormPlay } from './storm';
import type { StormCell } from './hydrology/rain';

/** What a truth event is about: `level-rise` is water at a flood sensor at Siaga 3 or worse (from a storm). */
export type TruthType = Exclude<Effect['type'], 'storm'> | 'level-rise';

export interface TruthEvent {
  scenario: string;
  type: TruthType;
  sensorId: string;
  /** Simulated epoch ms. */
  start: number;
  end: number;
  expected: { rule: AlertRule; level: number };
  /** level-rise only: when the noise-free level first reached each Siaga line. */
  crossings?: SiagaCrossings;
}

export interface ScenarioPlayer {
  /** Values as published (a copy), or null when the sensor is silent now. */
  apply(sensor: Sensor, tMs: number, values: Record<string, number>): Record<string, number> | null;
  truth(sensors: readonly Sensor[]): TruthEvent[];
}

export interface PlayerOptions {
  scenario: Scenario;
  seed: number;
  /** Simulated epoch ms at which the scenario clock starts. */
  startMs: number;
  /** Simulated ms between two readings of one sensor (a spike lasts exactly one reading). */
  intervalMs: number;
  generate: Generator;
  /** The catalog: traffic next to a flooded spot slows down (none without it). */
  sensors?: readonly Sensor[];
  /** Storm cells of plays before this one in the same run (see createStormPlay). */
  earlierStorms?: readonly StormCell[];
}

/** Hazy air at ordinary levels; the haze peak is reached above it. */
const CLEAN_PM25 = 20;
/** Step (simulated ms) at which haze truth is sampled. */
const TRUTH_STEP_MS = 5_000;

export function envelopeAt(e: Envelope, s: number): number {
  const t = s - e.startS;
  if (t < 0) return 0;
  if (t < e.rampS) return t / e.rampS;
  if (t < e.rampS + e.holdS) return 1;
  if (t < e.rampS + e.holdS + e.fadeS) return 1 - (t - e.rampS - e.holdS) / e.fadeS;
  return 0;
}

function affects(e: Effect, sensor: Sensor): boolean {
  const id = baseSensorId(sensor.id);
  switch (e.type) {
    case 'storm': return sensor.kind === 'flood' || sensor.kind === 'traffic';
    case 'haze': return sensor.kind === 'air' && e.districts.includes(sensor.district);
    case 'incident': return sensor.kind === 'traffic' && id.startsWith(e.sensorPrefix);
    default: return e.sensorId === id;
  }
}

/** Draw in [lo, hi] fixed per sensor and effect. */
function perSensor(seed: number, sensor: Sensor, key: string, [lo, hi]: [number, number]): number {
  return lo + (hi - lo) * hashUnit(seed, `${baseSensorId(sensor.id)}:${key}`, 0);
}

export function createScenarioPlayer(opts: PlayerOptions): ScenarioPlayer {
  const { scenario, seed, startMs, intervalMs, generate } = opts;
  const storms = new Map<Effect, StormPlay>();
  const stormOf = (e: Extract<Effect, { type: 'storm' }>) => {
    let play = storms.get(e);
    if (!play) storms.set(e, (play = createStormPlay(e, seed, startMs, opts.sensors ?? [], opts.earlierStorms)));
    return play;
  };
  const effectsOf = new Map<string, Effect[]>();
  const relevant = (sensor: Sensor) => {
    let list = effectsOf.get(sensor.id);
    if (!list) {
      list = scenario.effects.filter((e) => affects(e, sensor));
      effectsOf.set(sensor.id, list);
    }
    return list;
  };

  const intervalS = intervalMs / 1000;
  /** Inside a lasting effect (its duration stretched to its minimum number of readings). */
  const during = (e: Extract<Effect, { durationS: number }>, s: number) => s >= e.startS && s < e.startS + lastingS(e, intervalS);

  function applyOne(e: Effect, sensor: Sensor, tMs: number, v: Record<string, number>): boolean {
    const s = (tMs - startMs) / 1000;
    const step = Math.floor(tMs / 1000);
    switch (e.type) {
      case 'storm':
        stormOf(e).apply(sensor, tMs, v);
        break;
      case 'haze': {
        const extra = (perSensor(seed, sensor, 'haze-peak', e.peakPm25) - CLEAN_PM25) * envelopeAt(e.envelope, s);
        v.pm25 = round1((v.pm25 ?? 0) + extra);
        v.pm10 = round1((v.pm10 ?? 0) + 1.3 * extra);
        break;
      }
      case 'incident':
        if (!during(e, s)) break;
        v.speed = round1(clamp(e.speedKmh + hashGaussian(seed, `${sensor.id}:jam-speed`, step), 1, 9.5));
        v.occupancy = round1(clamp(e.occupancyPct + 4 * hashGaussian(seed, `${sensor.id}:jam-occ`, step), 41, 95));
        v.flow = Math.round((v.flow ?? 0) * e.flowShare);
        break;
      case 'stuck':
        if (during(e, s)) v[e.field] = generate(sensor, startMs + e.startS * 1000, seed)[e.field];
        break;
      case 'spike':
        if (tMs >= startMs + e.atS * 1000 && tMs < startMs + e.atS * 1000 + intervalMs) v[e.field] = e.value;
        break;
      case 'silent':
        return !during(e, s);
      case 'range':
        if (during(e, s)) v[e.field] = e.value;
        break;
    }
    return true;
  }

  function apply(sensor: Sensor, tMs: number, values: Record<string, number>): Record<string, number> | null {
    const v = { ...values };
    for (const e of relevant(sensor)) if (!applyOne(e, sensor, tMs, v)) return null;
    return v;
  }

  function truthOf(e: Effect, index: number, sensor: Sensor): TruthEvent | null {
    const scenarioName = scenarioOfEffect(scenario, index);
    if (e.type === 'storm') return floodTruth(stormOf(e), sensor, scenarioName);
    const base = { scenario: scenarioName, type: e.type, sensorId: sensor.id };
    const at = (s: number) => startMs + Math.round(s * 1000);
    switch (e.type) {
      case 'haze': return hazeTruth(e, sensor, base);
      case 'incident': return { ...base, start: at(e.startS), end: at(e.startS + lastingS(e, intervalS)), expected: { rule: 'congestion', level: 3 } };
      case 'stuck': return { ...base, start: at(e.startS), end: at(e.startS + lastingS(e, intervalS)), expected: { rule: 'sensor_stuck', level: 1 } };
      case 'spike': return { ...base, start: at(e.atS), end: at(e.atS) + intervalMs, expected: { rule: 'sensor_spike', level: 1 } };
      case 'silent': return { ...base, start: at(e.startS), end: at(e.startS + lastingS(e, intervalS)), expected: { rule: 'sensor_silent', level: 1 } };
      case 'range': return { ...base, start: at(e.startS), end: at(e.startS + lastingS(e, intervalS)), expected: { rule: 'sensor_range', level: 1 } };
    }
  }

  /** From the noise-free level of the model with the storm: when the sensor is at Siaga 3 or worse. */
  function floodTruth(play: StormPlay, sensor: Sensor, scenarioName: string): TruthEvent | null {
    const t = play.truth(sensor);
    if (!t) return null;
    return { scenario: scenarioName, type: 'level-rise', sensorId: sensor.id, start: t.start, end: t.end, expected: { rule: 'flood_level', level: t.level }, crossings: t.crossings };
  }

  /** ISPU from PM2.5 as published (noise included, it is small): when it is worse than Sedang. */
  function hazeTruth(e: Extract<Effect, { type: 'haze' }>, sensor: Sensor, base: Pick<TruthEvent, 'scenario' | 'type' | 'sensorId'>): TruthEvent | null {
    const { startS, rampS, holdS, fadeS } = e.envelope;
    let start = -1, end = -1, level = 0;
    for (let s = startS; s <= startS + rampS + holdS + fadeS; s += TRUTH_STEP_MS / 1000) {
      const t = startMs + s * 1000;
      const pm25 = apply(sensor, t, generate(sensor, t, seed))?.pm25 ?? 0;
      const cat = ispuCategory(ispuSubIndex('pm25', pm25)).level;
      if (cat < 2) continue;
      if (start < 0) start = t;
      end = t;
      level = Math.max(level, cat);
    }
    return start < 0 ? null : { ...base, start, end, expected: { rule: 'air_quality', level } };
  }

  function truth(sensors: readonly Sensor[]): TruthEvent[] {
    const out: TruthEvent[] = [];
    scenario.effects.forEach((e, i) => {
      for (const sensor of sensors) {
        if (!affects(e, sensor)) continue;
        const t = truthOf(e, i, sensor);
        if (t) out.push(t);
      }
    });
    return out.sort((a, b) => a.start - b.start || a.sensorId.localeCompare(b.sensorId));
  }

  return { apply, truth };
}
