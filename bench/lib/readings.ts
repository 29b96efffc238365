/** Realistic reading payloads for load benchmarks: the simulators' generators, computed once per sensor. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Catalog, Sensor } from '../../src/lib/core/sensor';
import { sensorTopic } from '../../src/lib/core/topic';
import { generate } from '../../simulators/generators';
import { scaleCatalog } from '../../simulators/scale';
import { ROOT } from './proc';

export function loadScaledCatalog(scale: number): Catalog {
  const base = JSON.parse(readFileSync(path.join(ROOT, 'src/lib/catalog/samarinda.json'), 'utf8')) as Catalog;
  return scaleCatalog(base, scale);
}

export function writeCatalog(catalog: Catalog, file: string): string {
  writeFileSync(file, JSON.stringify(catalog));
  return file;
}

export interface ReadingSource {
  /** Sensors in the rotation (probe sensors excluded). */
  readonly sensors: readonly Sensor[];
  /** The i-th message: sensors in turn, each with its own pre-generated values and the current time as ts. */
  message(i: number, ts: number): { topic: string; payload: string };
  /** A message for one sensor at ts. */
  messageFor(sensor: Sensor, ts: number): { topic: string; payload: string };
}

const VARIANTS = 4;

export function createReadingSource(sensors: readonly Sensor[], seed = 7): ReadingSource {
  const topics = sensors.map((s) => sensorTopic(s.kind, s.id));
  // The JSON of the values, 4 variants per sensor taken a few hours apart: only ts changes per message.
  const bodies = sensors.map((s) =>
    Array.from({ length: VARIANTS }, (_, v) => {
      const values = generate(s, Date.UTC(2026, 10, 28, 2 + v * 3), seed);
      return JSON.stringify(values);
    })
  );
  const index = new Map(sensors.map((s, i) => [s.id, i]));
  const build = (i: number, variant: number, ts: number) => ({ topic: topics[i], payload: `{"ts":${ts},"values":${bodies[i][variant]}}` });
  return {
    sensors,
    message(i, ts) {
      const k = i % sensors.length;
      return build(k, Math.floor(i / sensors.length) % VARIANTS, ts);
    },
    messageFor(sensor, ts) {
      const k = index.get(sensor.id);
      if (k === undefined) throw new Error(`unknown sensor ${sensor.id}`);
      return build(k, ts % VARIANTS, ts);
    }
  };
}
