/**
 * Air at one station (µg/m³): particles worse at night and early morning (a shallow boundary layer
 * traps them), CO and NO2 following traffic hours, O3 peaking early afternoon with the sun, SO2 low.
 * Pure: (sensor, time, seed) → values.
 */
import type { Sensor } from '../../src/lib/core/sensor';
import { hashGaussian, hashUnit, smoothGaussian } from '../../src/lib/core/random';
import { HOUR_MS, clamp, dailyBump, round1, witaHour } from '../clock';
import { trafficDemand } from './traffic';
import { baseSensorId } from './flood';

export function generateAir(sensor: Sensor, tMs: number, seed: number): Record<string, number> {
  const h = witaHour(tMs);
  const step = Math.floor(tMs / 1000);
  const n = (field: string, sd: number) => sd * hashGaussian(seed, `${sensor.id}:${field}`, step);
  // Each station has its own background (near a road or in a garden), fixed by seed and id.
  const local = 0.75 + 0.5 * hashUnit(seed, `${baseSensorId(sensor.id)}:air`, 0);
  const weather = 1 + 0.2 * smoothGaussian(seed, 'air:weather', tMs, 6 * HOUR_MS);
  const night = 0.55 + 0.45 * Math.cos((2 * Math.PI * (h - 5)) / 24);
  const traffic = trafficDemand(h);
  const pm25 = (9 + 20 * night) * local * weather + n('pm25', 1.2);
  return {
    pm25: round1(clamp(pm25, 0.5, 1_900)),
    pm10: round1(clamp(pm25 * 1.6 + 6 * local + n('pm10', 2), 1, 2_900)),
    co: Math.round(clamp((350 + 1_100 * traffic) * local * weather + n('co', 40), 50, 90_000)),
    no2: round1(clamp((10 + 45 * traffic) * local + n('no2', 2), 0.5, 9_000)),
    o3: round1(clamp(15 + 85 * dailyBump(h, 13.5, 2.5) + n('o3', 3), 1, 4_500)),
    so2: round1(clamp(5 * local + n('so2', 0.8), 0.2, 4_500))
  };
}
