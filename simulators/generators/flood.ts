/**
 * Water level and rainfall at a gauge. Rain is mostly 0 with random showers (a city-wide hourly
 * draw); the level is the gauge's normal plus a tidal swing where the Mahakam reaches (semi-diurnal,
 * 12.42 h) plus a slow response to recent showers. Pure: (sensor, time, seed) → values.
 */
import type { Sensor } from '../../src/lib/core/sensor';
import { hashGaussian, hashUnit } from '../prng';
import { HOUR_MS, clamp, round1 } from '../clock';

/** Principal lunar semi-diurnal tide (M2). */
export const TIDE_PERIOD_MS = 12.42 * HOUR_MS;
/** Chance that a given hour has a shower somewhere over the city. */
const SHOWER_CHANCE = 0.08;
const SHOWER_MAX_MMH = 18;
const RAIN_MEMORY_H = 4;

export interface FloodProfile {
  /** Normal level (cm on the gauge); 0 for a road inundation gauge. */
  baseCm: number;
  tideAmpCm: number;
  /** Level rise (cm) per mm/h of recent rain. */
  rainGainCm: number;
  noiseCm: number;
}

const ROAD_GAUGE: FloodProfile = { baseCm: 0, tideAmpCm: 0, rainGainCm: 0.5, noiseCm: 0 };
const PROFILES: Record<string, FloodProfile> = {
  'flood-benanga': { baseCm: 22, tideAmpCm: 0, rainGainCm: 0.3, noiseCm: 0.5 },
  'flood-gunung-lingai': { baseCm: 170, tideAmpCm: 0, rainGainCm: 0.8, noiseCm: 0.8 },
  'flood-kp3': { baseCm: 175, tideAmpCm: 25, rainGainCm: 0.8, noiseCm: 1 },
  // Riverside roads: the Mahakam's high tide backs water up into the drains.
  'flood-slamet-riyadi': { ...ROAD_GAUGE, tideAmpCm: 8 },
  'flood-kapten-soedjono-aj': { ...ROAD_GAUGE, tideAmpCm: 6 },
  'flood-tengkawang': { ...ROAD_GAUGE, tideAmpCm: 5 }
};

/** Clones made by --scale (`<id>-x<k>`) behave like their original. */
export function baseSensorId(id: string): string {
  return id.replace(/-x\d+$/, '');
}

export function floodProfile(sensor: Sensor): FloodProfile {
  return PROFILES[baseSensorId(sensor.id)] ?? ROAD_GAUGE;
}

/** Peak intensity (mm/h) of the shower in hour `hourIndex`, 0 when it stays dry. */
function showerPeak(seed: number, hourIndex: number): number {
  if (hashUnit(seed, 'shower', hourIndex) >= SHOWER_CHANCE) return 0;
  return 2 + SHOWER_MAX_MMH * hashUnit(seed, 'shower-peak', hourIndex);
}

/** Background rain at this place and time (mm/h): a half-sine shower inside its hour. */
export function backgroundRain(sensor: Sensor, tMs: number, seed: number): number {
  const hour = Math.floor(tMs / HOUR_MS);
  const peak = showerPeak(seed, hour);
  if (peak === 0) return 0;
  const local = 0.6 + 0.8 * hashUnit(seed, `${baseSensorId(sensor.id)}:rain`, 0);
  return peak * local * Math.sin((Math.PI * (tMs - hour * HOUR_MS)) / HOUR_MS);
}

/** Remembered rain (mm/h-equivalent): showers of the last hours, decaying as the water drains. */
function rainMemory(tMs: number, seed: number): number {
  const hour = Math.floor(tMs / HOUR_MS);
  let sum = 0;
  for (let j = 0; j <= RAIN_MEMORY_H; j++) {
    const peak = showerPeak(seed, hour - j);
    if (peak === 0) continue;
    const sinceMidH = (tMs - (hour - j) * HOUR_MS) / HOUR_MS - 0.5;
    sum += peak * (sinceMidH < 0 ? 1 + sinceMidH * 2 : Math.exp(-sinceMidH / 1.2));
  }
  return Math.max(0, sum);
}

/** The level without noise: what a scenario's ground truth is computed from. */
export function meanWaterLevel(sensor: Sensor, tMs: number, seed: number): number {
  const p = floodProfile(sensor);
  const tide = p.tideAmpCm * Math.cos((2 * Math.PI * tMs) / TIDE_PERIOD_MS);
  const rain = p.rainGainCm * rainMemory(tMs, seed);
  if (p.baseCm > 0) return p.baseCm + tide + rain;
  // A road gauge reads depth of water on the road: only the part of the tide above the kerb counts.
  return Math.max(0, rain + Math.max(0, tide - 0.6 * p.tideAmpCm));
}

export function generateFlood(sensor: Sensor, tMs: number, seed: number): Record<string, number> {
  const p = floodProfile(sensor);
  const step = Math.floor(tMs / 1000);
  const level = meanWaterLevel(sensor, tMs, seed) + p.noiseCm * hashGaussian(seed, `${sensor.id}:level`, step);
  return {
    water_level: round1(clamp(level, p.baseCm > 0 ? -100 : 0, 2_500)),
    rainfall: round1(clamp(backgroundRain(sensor, tMs, seed), 0, 300))
  };
}
