/**
 * Water level and rainfall at a flood sensor, from the hydrology model (../hydrology/) on an
 * ordinary day: showers over the city, the Karang Mumus at its gauges (Benanga's pool, Gunung
 * Lingai and KP3 from rating curves, KP3 with the Mahakam's tide), and water on the road at the
 * street spots. Noise is per reading; the model's values are what ground truth is computed from.
 * Pure: (sensor, time, seed) → values.
 */
import type { Sensor } from '../../src/lib/core/sensor';
import { hashGaussian } from '../../src/lib/core/random';
import { clamp, round1 } from '../clock';
import { hydrologyFor, isModelledGauge, type Hydrology } from '../hydrology/model';
import type { Place } from '../hydrology/rain';

/** Gauge noise (cm, one standard deviation); road spots read a dry road as exactly 0. */
const GAUGE_NOISE_CM = 0.8;

/** Clones made by --scale (`<id>-x<k>`) behave like their original. */
export function baseSensorId(id: string): string {
  return id.replace(/-x\d+$/, '');
}

export function placeOf(sensor: Sensor): Place {
  return { key: baseSensorId(sensor.id), lat: sensor.lat, lon: sensor.lon };
}

/** The level without noise, in a given model (with or without a scenario's storms). */
export function modelLevel(h: Hydrology, sensor: Sensor, tMs: number): number {
  const id = baseSensorId(sensor.id);
  return isModelledGauge(id) ? h.gaugeCm(id, tMs) : h.spotCm(placeOf(sensor), tMs);
}

/** The level without noise on an ordinary day. */
export function meanWaterLevel(sensor: Sensor, tMs: number, seed: number): number {
  return modelLevel(hydrologyFor(seed), sensor, tMs);
}

export function generateFlood(sensor: Sensor, tMs: number, seed: number): Record<string, number> {
  const h = hydrologyFor(seed);
  const gauge = isModelledGauge(baseSensorId(sensor.id));
  const noise = gauge ? GAUGE_NOISE_CM * hashGaussian(seed, `${sensor.id}:level`, Math.floor(tMs / 1000)) : 0;
  return {
    water_level: round1(clamp(modelLevel(h, sensor, tMs) + noise, gauge ? -100 : 0, 2_500)),
    rainfall: round1(clamp(h.rainMmH(placeOf(sensor), tMs), 0, 300))
  };
}
