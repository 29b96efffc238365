/**
 * Loads a forecast split (../shared/forecast/README.md layout): `<river>/network.json` and one
 * `<station>.csv` of `timestamp,level_cm` per gauge, and turns each river into a Pantau catalog
 * the way the issue fixes it (Siaga 3 = warn_cm, Siaga 2 = +40 cm, Siaga 1 = +80 cm, downstream =
 * the next gauge by order, intervalS = step_s).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog, Sensor } from '../../src/lib/core/sensor';
import { readRiverFolders, type Say } from '../forecast/folders';
import { parseLevelCsv } from '../forecast/layout';

export interface Gauge {
  /** Sensor id: the station code in lower case (catalog ids are lower case). */
  id: string;
  name: string;
  order: number;
  warnCm: number | null;
  lat: number;
  lon: number;
  ts: Float64Array;
  level: Float64Array;
}

export interface River {
  river: string;
  stepS: number;
  gauges: Gauge[];
}

/** Siaga 2 and 1 above Siaga 3 (= warn_cm), in cm. */
export const SIAGA2_ABOVE_CM = 40;
export const SIAGA1_ABOVE_CM = 80;

export type { Say } from '../forecast/folders';
const toStderr: Say = (line) => process.stderr.write(`bench:rivers: ${line}\n`);

/** A gauge's readings in time order (the engine takes each gauge's readings in order), ts in ms. */
export function seriesFromCsv(text: string): { ts: Float64Array; level: Float64Array } {
  const c = parseLevelCsv(text);
  const order = c.ts.map((_, k) => k).sort((a, b) => c.ts[a] - c.ts[b]);
  return { ts: Float64Array.from(order, (k) => c.ts[k] * 1000), level: Float64Array.from(order, (k) => c.level[k]) };
}

function readSeries(path: string, say: Say): { ts: Float64Array; level: Float64Array } {
  try {
    if (existsSync(path)) return seriesFromCsv(readFileSync(path, 'utf8'));
    say(`${path} is missing: that gauge has no readings`);
  } catch (e) {
    say(`${path} cannot be read (${(e as Error).message}): that gauge has no readings`);
  }
  return { ts: new Float64Array(0), level: new Float64Array(0) };
}

/** Every river folder of `dir` with a readable network.json, by folder name; the rest is said and skipped. */
export function loadRivers(dir: string, say: Say = toStderr): River[] {
  const rivers: River[] = [];
  for (const { folder: name, network: net } of readRiverFolders(dir, say)) {
    const ids = new Set<string>();
    const gauges: Gauge[] = [];
    for (const s of net.stations) {
      // catalog ids are lower case: two stations differing only in case would be one sensor
      const id = s.id.toLowerCase();
      if (ids.has(id)) {
        say(`${name}/network.json: station ${s.id} has the id of another in lower case: skipped`);
        continue;
      }
      ids.add(id);
      gauges.push({ id, name: s.name, order: s.order, warnCm: s.warnCm, lat: s.lat, lon: s.lon, ...readSeries(join(dir, name, `${s.id}.csv`), say) });
    }
    gauges.sort((a, b) => a.order - b.order);
    // The layout's step_s, else the data's own (a network.json without it: each reading would
    // otherwise be late against a default interval, and the silence rule would fire at every one).
    rivers.push({ river: net.river, stepS: net.stepS ?? medianStepS(gauges.map((g) => g.ts)), gauges });
  }
  return rivers;
}

/** The median step between consecutive readings over all gauges (s); 600 when there is none. */
export function medianStepS(series: readonly Float64Array[]): number {
  const steps: number[] = [];
  for (const ts of series) for (let i = 1; i < ts.length && steps.length < 100_000; i++) if (ts[i] > ts[i - 1]) steps.push(ts[i] - ts[i - 1]);
  if (steps.length === 0) return 600;
  steps.sort((a, b) => a - b);
  return Math.round(steps[steps.length >> 1] / 1000);
}

/** One river as a catalog: every gauge a flood sensor; thresholds where warn_cm is known. */
export function riverCatalog(river: River): Catalog {
  const sensors: Sensor[] = river.gauges.map((g, i) => {
    const s: Sensor = { id: g.id, kind: 'flood', name: g.name, district: river.river, lat: g.lat, lon: g.lon, intervalS: river.stepS };
    if (g.warnCm !== null) s.flood = { siaga3: g.warnCm, siaga2: g.warnCm + SIAGA2_ABOVE_CM, siaga1: g.warnCm + SIAGA1_ABOVE_CM };
    const next = river.gauges[i + 1];
    if (next) s.downstream = [next.id];
    return s;
  });
  return { city: river.river, districts: [{ code: river.river, name: river.river, lat: sensors[0]?.lat ?? 0, lon: sensors[0]?.lon ?? 0 }], sensors };
}
