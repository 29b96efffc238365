/**
 * Turns the mapped features (gauges, flood spots, intersections, landmarks) into catalog sensors.
 * Pure and seeded: scripts/make-catalog.ts feeds it the research GeoJSON and writes the result.
 */
import type { District, FloodThresholds, Sensor } from '../core/sensor';
import { createRandom } from '../core/random';
import { METRES_PER_DEGREE, projectOnLine, roundCoord, type Point } from './geometry';

export interface SourceFeature {
  kind: string;
  name: string;
  type: 'point' | 'line';
  /** [lon, lat] for a point, a list of them for a line. */
  coordinates: Point | Point[];
}

/** A catalog sensor may carry a free-text note (why a number is a placeholder). */
export type CatalogSensor = Sensor & { note?: string };

const DEFAULT_INTERVAL_S = 60;
/** Flood spots this close to the Karang Mumus (m) take part in its downstream chain. */
const SKM_NEIGHBOUR_M = 600;
/** Traffic detectors sit this far (m) up each approach from the stop line. */
const APPROACH_OFFSET_M = 120;

/** River gauges on the Karang Mumus, upstream first. Benanga: cm above the main spillway crest (domain §2.3). */
const RIVER_GAUGES: { match: RegExp; id: string; name: string; flood: FloodThresholds; note: string }[] = [
  { match: /Benanga/, id: 'flood-benanga', name: 'Bendungan Benanga (Lempake)', flood: { siaga3: 50, siaga2: 55, siaga1: 105 },
    note: 'cm above the main spillway crest (7.20 m): 50 ≈ 7.70 m, 55 ≈ 7.75 m (Siaga), 105 ≈ 8.25 m (Awas); BPBD Samarinda via Antara, domain §2.3' },
  { match: /Gunung Lingai/, id: 'flood-gunung-lingai', name: 'Pos TMA Gunung Lingai (Sungai Karang Mumus)', flood: { siaga3: 200, siaga2: 240, siaga1: 280 },
    note: 'placeholder thresholds: no published Siaga levels; 245 cm was recorded in the 9 Jun 2019 flood' },
  { match: /KP3/, id: 'flood-kp3', name: 'Pos TMA KP3 (Karang Mumus hilir)', flood: { siaga3: 230, siaga2: 270, siaga1: 310 },
    note: 'placeholder thresholds: no published Siaga levels; 275 cm was recorded in the 9 Jun 2019 flood; tidal (Mahakam)' }
];

const SPOT_THRESHOLDS: FloodThresholds = { siaga3: 30, siaga2: 50, siaga1: 100 };
/** Riverside roads and underpasses become impassable sooner. */
const SHALLOW_SPOT_THRESHOLDS: FloodThresholds = { siaga3: 20, siaga2: 40, siaga1: 80 };
const SHALLOW_SPOTS = /Slamet Riyadi|Fly Over/;

const DIRECTIONS = [
  { suffix: 'n', word: 'utara', dx: 0, dy: 1 },
  { suffix: 'e', word: 'timur', dx: 1, dy: 0 },
  { suffix: 's', word: 'selatan', dx: 0, dy: -1 },
  { suffix: 'w', word: 'barat', dx: -1, dy: 0 }
] as const;

export function slugify(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The short place name: before " / " and any parenthesis, without the "Jl." prefix. */
export function placeName(name: string): string {
  return name.replace(/\s*\([^)]*(\)|$)/g, '').split(' / ')[0].replace(/\bJl\.\s*/g, '').trim();
}

export function nearestDistrict(p: Point, districts: readonly District[]): District {
  let best = districts[0];
  let bestD = Infinity;
  for (const d of districts) {
    const dist = (d.lon - p[0]) ** 2 + (d.lat - p[1]) ** 2;
    if (dist < bestD) [best, bestD] = [d, dist];
  }
  return best;
}

function makeSensor(base: Omit<CatalogSensor, 'district' | 'intervalS' | 'lat' | 'lon'>, p: Point, districts: readonly District[]): CatalogSensor {
  return {
    ...base,
    district: nearestDistrict(p, districts).name,
    lat: roundCoord(p[1]),
    lon: roundCoord(p[0]),
    intervalS: DEFAULT_INTERVAL_S
  } as CatalogSensor;
}

function uniqueId(id: string, taken: Set<string>): string {
  let out = id;
  for (let k = 2; taken.has(out); k++) out = `${id}-${k}`;
  taken.add(out);
  return out;
}

function floodSensors(features: readonly SourceFeature[], districts: readonly District[], taken: Set<string>): CatalogSensor[] {
  const out: CatalogSensor[] = [];
  for (const f of features.filter((x) => x.kind === 'water_gauge')) {
    const g = RIVER_GAUGES.find((r) => r.match.test(f.name));
    if (!g) continue;
    out.push(makeSensor({ id: uniqueId(g.id, taken), kind: 'flood', name: g.name, flood: g.flood, note: g.note }, f.coordinates as Point, districts));
  }
  for (const f of features.filter((x) => x.kind === 'flood_spot')) {
    const flood = SHALLOW_SPOTS.test(f.name) ? SHALLOW_SPOT_THRESHOLDS : SPOT_THRESHOLDS;
    out.push(makeSensor({
      id: uniqueId(`flood-${slugify(placeName(f.name))}`, taken), kind: 'flood', name: f.name.replace(/\s*\([^)]*(\)|$)/g, ''), flood: { ...flood },
      note: 'inundation depth gauge; placeholder thresholds (cm of water on the road)'
    }, f.coordinates as Point, districts));
  }
  linkDownstream(out, features);
  return out;
}

/** Orders gauges and riverside spots along the Karang Mumus; each gauge warns the stretch below it. */
function linkDownstream(sensors: CatalogSensor[], features: readonly SourceFeature[]): void {
  const skm = features.find((f) => f.kind === 'river' && /Karang Mumus/.test(f.name));
  if (!skm) return;
  const line = skm.coordinates as Point[];
  const onRiver = sensors
    .map((s) => ({ s, ...projectOnLine([s.lon, s.lat], line) }))
    .filter((x) => x.offM <= SKM_NEIGHBOUR_M || RIVER_GAUGES.some((g) => g.id === x.s.id))
    .sort((a, b) => a.alongM - b.alongM);
  const gauges = onRiver.filter((x) => RIVER_GAUGES.some((g) => g.id === x.s.id));
  gauges.forEach((g, i) => {
    const next = gauges[i + 1];
    const reach = onRiver.filter((x) => x.alongM > g.alongM && (!next || x.alongM < next.alongM) && x !== next);
    const ids = [...(next ? [next.s.id] : []), ...reach.filter((x) => !gauges.includes(x)).map((x) => x.s.id)];
    if (ids.length > 0) g.s.downstream = ids;
  });
}

function intersectionSlug(name: string): string {
  return slugify(placeName(name).replace(/^(Simpang Empat|Simpang|Pertigaan)\s+/, ''));
}

function trafficSensors(features: readonly SourceFeature[], districts: readonly District[], rand: () => number, taken: Set<string>): CatalogSensor[] {
  const out: CatalogSensor[] = [];
  for (const f of features.filter((x) => x.kind === 'intersection')) {
    const [lon, lat] = f.coordinates as Point;
    const skip = Math.floor(rand() * DIRECTIONS.length);
    for (const dir of DIRECTIONS.filter((_, i) => i !== skip)) {
      const offset = APPROACH_OFFSET_M / METRES_PER_DEGREE;
      const p: Point = [lon + dir.dx * offset, lat + dir.dy * offset];
      out.push(makeSensor({
        id: uniqueId(`traffic-${intersectionSlug(f.name)}-${dir.suffix}`, taken), kind: 'traffic',
        name: `${placeName(f.name)} (pendekat ${dir.word})`,
        traffic: { freeFlowKmh: 35 + 5 * Math.floor(rand() * 5), capacityVehH: 1200 + 100 * Math.floor(rand() * 13) }
      }, p, districts));
    }
  }
  return out;
}

function airSensors(features: readonly SourceFeature[], districts: readonly District[], kelurahan: ReadonlyMap<string, string[]>,
  rand: () => number, taken: Set<string>): CatalogSensor[] {
  const out: CatalogSensor[] = [];
  for (const d of districts) {
    const names = kelurahan.get(d.name) ?? [];
    for (let k = 1; k <= 2; k++) {
      // Within ~700 m of the district's populated centre, so the station stays in its own district.
      const p: Point = [d.lon + (rand() - 0.5) * 0.012, d.lat + (rand() - 0.5) * 0.012];
      const place = names[k - 1] ?? `${d.name} ${k}`;
      out.push(makeSensor({ id: uniqueId(`air-${slugify(d.name)}-${k}`, taken), kind: 'air', name: `Stasiun Udara ${place}` }, p, districts));
    }
  }
  for (const f of features.filter((x) => x.kind === 'landmark')) {
    out.push(makeSensor({ id: uniqueId(`air-${slugify(placeName(f.name))}`, taken), kind: 'air', name: `Stasiun Udara ${placeName(f.name)}` },
      f.coordinates as Point, districts));
  }
  return out;
}

export function buildSensors(features: readonly SourceFeature[], districts: readonly District[],
  kelurahan: ReadonlyMap<string, string[]>, seed: number): CatalogSensor[] {
  const rand = createRandom(seed);
  const taken = new Set<string>();
  return [
    ...floodSensors(features, districts, taken),
    ...trafficSensors(features, districts, rand, taken),
    ...airSensors(features, districts, kelurahan, rand, taken)
  ];
}
