/**
 * Builds the committed Samarinda data from the research notes in ../shared (run once by hand,
 * never at run time): `node --import tsx scripts/make-catalog.ts`.
 *   static/geo/samarinda-basemap.geojson  rivers, approximate district polygons, points of interest
 *   src/lib/catalog/samarinda.json        the sensor Catalog
 * Output is deterministic (seeded PRNG): running it twice gives the same bytes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Catalog, District, Sensor } from '../src/lib/core/sensor';
import { closeRing, convexHull, expandRing, roundCoord, roundPoint, voronoiCell, type Point } from '../src/lib/catalog/geometry';
import { buildSensors, type SourceFeature } from '../src/lib/catalog/build-sensors';
import { validateCatalog } from '../src/lib/catalog/validate';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = resolve(ROOT, '../shared');
const SEED = 20_260_101;
/** Margin (degrees, ≈ 2.2 km) around the outermost features for the city outline. */
const OUTLINE_MARGIN_DEG = 0.02;

interface GeoFeature {
  type: 'Feature';
  geometry: { type: string; coordinates: unknown };
  properties: Record<string, unknown>;
}

function readFeatures(): GeoFeature[] {
  const doc = JSON.parse(readFileSync(resolve(SHARED, 'geo/samarinda.geojson'), 'utf8')) as { features: GeoFeature[] };
  return doc.features;
}

/** Kelurahan names per district from the table in domain §4.2 (used to name air stations). */
function readKelurahan(): Map<string, string[]> {
  const text = readFileSync(resolve(SHARED, 'domain/README.md'), 'utf8');
  const out = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const m = /^\| 64\.72\.\d\d \| ([^|]+) \| ([^|]+) \|/.exec(line);
    if (!m) continue;
    const names = m[2].split(',').map((s) => s.replace(/\(.*?\)/g, '').split('/')[0].trim()).filter(Boolean);
    out.set(m[1].trim(), names);
  }
  return out;
}

function pointOf(f: GeoFeature): Point {
  return f.geometry.coordinates as Point;
}

function readDistricts(features: GeoFeature[]): District[] {
  return features
    .filter((f) => f.properties.kind === 'district')
    .map((f) => {
      const [lon, lat] = pointOf(f);
      return { code: String(f.properties.kemendagri_code), name: String(f.properties.name), lat, lon };
    });
}

function allPoints(features: GeoFeature[]): Point[] {
  const pts: Point[] = [];
  for (const f of features) {
    if (f.geometry.type === 'Point') pts.push(pointOf(f));
    if (f.geometry.type === 'LineString') pts.push(...(f.geometry.coordinates as Point[]));
  }
  return pts;
}

function feature(geometry: GeoFeature['geometry'], properties: Record<string, unknown>): GeoFeature {
  return { type: 'Feature', geometry, properties };
}

function makeBasemap(features: GeoFeature[], districts: District[]): object {
  const outline = expandRing(convexHull(allPoints(features)), OUTLINE_MARGIN_DEG);
  const sites = districts.map((d) => [d.lon, d.lat] as Point);
  const out: GeoFeature[] = [
    feature({ type: 'Polygon', coordinates: [closeRing(outline).map(roundPoint)] }, {
      kind: 'city', name: 'Kota Samarinda', approximate: true,
      confidence: 'low', source: 'convex hull of all mapped features plus ~2 km margin (not the legal boundary)'
    })
  ];
  districts.forEach((d, i) => {
    const src = features.find((f) => f.properties.kind === 'district' && f.properties.name === d.name);
    const cell = closeRing(voronoiCell(sites, i, outline)).map(roundPoint);
    out.push(feature({ type: 'Polygon', coordinates: [cell] }, {
      kind: 'district', name: d.name, code: d.code, approximate: true,
      confidence: 'low', source: 'Voronoi cell of the district point, clipped to the city outline'
    }));
    out.push(feature({ type: 'Point', coordinates: roundPoint([d.lon, d.lat]) }, {
      kind: 'district_label', name: d.name, code: d.code, confidence: src?.properties.confidence ?? 'low'
    }));
  });
  for (const f of features) {
    const kind = String(f.properties.kind);
    if (kind === 'district') continue;
    const coordinates = f.geometry.type === 'LineString'
      ? (f.geometry.coordinates as Point[]).map(roundPoint)
      : roundPoint(pointOf(f));
    out.push(feature({ type: f.geometry.type, coordinates }, {
      kind, name: f.properties.name, confidence: f.properties.confidence ?? 'unknown'
    }));
  }
  return { type: 'FeatureCollection', name: 'samarinda-basemap', features: out };
}

function toSourceFeatures(features: GeoFeature[]): SourceFeature[] {
  return features.map((f) => ({
    kind: String(f.properties.kind),
    name: String(f.properties.name),
    type: f.geometry.type === 'LineString' ? 'line' : 'point',
    coordinates: f.geometry.coordinates as Point | Point[]
  }));
}

function main(): void {
  const features = readFeatures();
  const districts = readDistricts(features);
  const sensors: Sensor[] = buildSensors(toSourceFeatures(features), districts, readKelurahan(), SEED);
  const catalog: Catalog = {
    city: 'Samarinda',
    districts: districts.map((d) => ({ ...d, lat: roundCoord(d.lat), lon: roundCoord(d.lon) })),
    sensors
  };
  const checked = validateCatalog(catalog);
  if (!checked.ok) throw new Error(`generated catalog is invalid:\n${checked.errors.join('\n')}`);
  writeFileSync(resolve(ROOT, 'static/geo/samarinda-basemap.geojson'), JSON.stringify(makeBasemap(features, districts)) + '\n');
  writeFileSync(resolve(ROOT, 'src/lib/catalog/samarinda.json'), JSON.stringify(catalog, null, 1) + '\n');
  const count = (k: string) => sensors.filter((s) => s.kind === k).length;
  console.log(`catalog: ${districts.length} districts, ${count('flood')} flood, ${count('traffic')} traffic, ${count('air')} air sensors`);
}

main();
