/** Realistic reading payloads for load benchmarks: the simulators' generators, computed once per sensor. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FIELDS, type Catalog, type Sensor } from '../../src/lib/core/sensor';
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
  /** Readings per message: 1 (Pantau JSON) or a SenML pack of this many readings of one sensor. */
  readonly pack: number;
  /**
   * The i-th message: sensors in turn, each with its own pre-generated values; its (newest) reading
   * at ts, a pack's others PACK_STEP_MS apart before it.
   */
  message(i: number, ts: number): { topic: string; payload: string };
  /** A message for one sensor at ts. */
  messageFor(sensor: Sensor, ts: number): { topic: string; payload: string };
}

const VARIANTS = 4;
/** Time between the readings of one pack (a gateway or logger sending what it buffered). */
export const PACK_STEP_MS = 100;

/** SenML records (without time) of one reading: `"n":"field","u":"unit","v":value` per field. */
function senmlRecords(s: Sensor, values: Record<string, number>): string[] {
  const spec = FIELDS[s.kind] as Record<string, { senmlUnits: readonly string[] }>;
  return Object.entries(values).map(([field, v]) => `"n":"${field}","u":"${spec[field].senmlUnits[0]}","v":${v}`);
}

/** A SenML pack of `pack` readings, newest at ts: base name and time on the first record, relative times after. */
function senmlPack(id: string, variants: string[][], first: number, pack: number, ts: number): string {
  const records: string[] = [];
  for (let k = 0; k < pack; k++) {
    const fields = variants[(first + k) % variants.length];
    const t = (-(pack - 1 - k) * PACK_STEP_MS) / 1000;
    fields.forEach((f, j) => records.push(k === 0 && j === 0 ? `{"bn":"${id}:","bt":${ts / 1000},"t":${t},${f}}` : `{"t":${t},${f}}`));
  }
  return `[${records.join(',')}]`;
}

export function createReadingSource(sensors: readonly Sensor[], seed = 7, pack = 1): ReadingSource {
  const topics = sensors.map((s) => sensorTopic(s.kind, s.id));
  // The JSON of the values, 4 variants per sensor taken a few hours apart: only ts changes per message.
  const bodies = sensors.map((s) =>
    Array.from({ length: VARIANTS }, (_, v) => {
      const values = generate(s, Date.UTC(2026, 10, 28, 2 + v * 3), seed);
      return JSON.stringify(values);
    })
  );
  const senml = pack > 1 ? sensors.map((s, i) => bodies[i].map((b) => senmlRecords(s, JSON.parse(b) as Record<string, number>))) : [];
  const index = new Map(sensors.map((s, i) => [s.id, i]));
  const build = (i: number, variant: number, ts: number) => ({
    topic: topics[i],
    payload: pack > 1 ? senmlPack(sensors[i].id, senml[i], variant, pack, ts) : `{"ts":${ts},"values":${bodies[i][variant]}}`
  });
  return {
    sensors,
    pack,
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
