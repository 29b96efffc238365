import type { Sensor, SensorKind } from '../../src/lib/core/sensor';
import { generateAir } from './air';
import { generateFlood } from './flood';
import { generateTraffic } from './traffic';

export type Generator = (sensor: Sensor, tMs: number, seed: number) => Record<string, number>;

/** One generator per kind; each is a pure function of (sensor, simulated time, seed). */
export const GENERATORS: Record<SensorKind, Generator> = {
  traffic: generateTraffic,
  flood: generateFlood,
  air: generateAir
};

export function generate(sensor: Sensor, tMs: number, seed: number): Record<string, number> {
  return GENERATORS[sensor.kind](sensor, tMs, seed);
}
