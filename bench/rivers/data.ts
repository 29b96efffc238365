/**
 * Loads a forecast split (../shared/forecast/README.md layout): `<river>/network.json` and one
 * `<station>.csv` of `timestamp,level_cm` per gauge, and turns each river into a Pantau catalog
 * the way the issue fixes it (Siaga 3 = warn_cm, Siaga 2 = +40 cm, Siaga 1 = +80 cm, downstream =
 * the next gauge by order, intervalS = step_s).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog, Sensor } from '../../src/lib/core/sensor';

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

interface NetworkJson {
  river: string;
  step_s: number;
  stations: { id: string; name: string; lat: number; lon: number; order: number; warn_cm: number | null }[];
}

/** Siaga 2 and 1 above Siaga 3 (= warn_cm), in cm. */
export const SIAGA2_ABOVE_CM = 40;
export const SIAGA1_ABOVE_CM = 80;

function readSeries(path: string): { ts: Float64Array; level: Float64Array } {
  if (!existsSync(path)) return { ts: new Float64Array(0), level: new Float64Array(0) };
  const lines = readFileSync(path, 'utf8').split('\n').slice(1).filter((l) => l.trim() !== '');
  const ts = new Float64Array(lines.length);
  const level = new Float64Array(lines.length);
  let n = 0;
  for (const line of lines) {
    const [t, v] = line.split(',');
    const ms = Date.parse(t);
    const x = Number(v);
    if (!Number.isFinite(ms) || v === undefined || v.trim() === '' || !Number.isFinite(x)) continue;
    ts[n] = ms;
    level[n++] = x;
  }
  return { ts: ts.subarray(0, n), level: level.subarray(0, n) };
}

export function loadRivers(dir: string): River[] {
  const rivers: River[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name, 'network.json');
    if (!statSync(join(dir, name)).isDirectory() || !existsSync(path)) continue;
    const net = JSON.parse(readFileSync(path, 'utf8')) as NetworkJson;
    const gauges = net.stations
      .map((s) => ({ id: s.id.toLowerCase(), name: s.name ?? s.id, order: s.order, warnCm: s.warn_cm ?? null, lat: s.lat ?? 0, lon: s.lon ?? 0, ...readSeries(join(dir, name, `${s.id}.csv`)) }))
      .sort((a, b) => a.order - b.order);
    // The layout's step_s, else the data's own (a network.json without it: each reading would
    // otherwise be late against a default interval, and the silence rule would fire at every one).
    const stepS = Number.isFinite(net.step_s) && net.step_s > 0 ? net.step_s : medianStepS(gauges.map((g) => g.ts));
    rivers.push({ river: typeof net.river === 'string' && net.river !== '' ? net.river : name, stepS, gauges });
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
