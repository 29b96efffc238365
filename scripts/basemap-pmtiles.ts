/**
 * npm run basemap:pmtiles -- --out FILE [--in GEOJSON] [--minzoom 8] [--maxzoom 14]
 *
 * Builds a PMTiles extract of Samarinda from the project's own GeoJSON basemap
 * (static/geo/samarinda-basemap.geojson unless --in says otherwise), for PANTAU_BASEMAP=pmtiles:FILE.
 * Tile layers: city, districts, rivers, places (every point: flood spots, bridges, gauges, landmarks…),
 * each feature keeping its properties (`kind`, `name`, …). Written to a temp file and renamed, so a
 * command center serving FILE never reads half an archive.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { basemapPmtiles } from './lib/basemap-tiles';

export const DEFAULT_BASEMAP_GEOJSON = 'static/geo/samarinda-basemap.geojson';

function zoomArg(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined) return fallback;
  const z = Number(text);
  if (!Number.isInteger(z) || z < 0 || z > 16) throw new Error(`--${name} must be a whole number 0-16, got "${text}"`);
  return z;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' }, in: { type: 'string' }, minzoom: { type: 'string' }, maxzoom: { type: 'string' } } });
  if (!values.out) throw new Error('--out FILE is required');
  const input = values.in ?? DEFAULT_BASEMAP_GEOJSON;
  const fc = JSON.parse(await readFile(input, 'utf8')) as GeoJSON.FeatureCollection;
  const { archive, tiles, counts } = basemapPmtiles(fc, zoomArg(values.minzoom, 8, 'minzoom'), zoomArg(values.maxzoom, 14, 'maxzoom'));
  const tmp = `${values.out}.${process.pid}.tmp`;
  await writeFile(tmp, archive);
  await rename(tmp, values.out);
  const layers = Object.entries(counts).map(([l, n]) => `${l} ${n}`).join(', ');
  console.log(`[basemap] ${values.out}: ${tiles.length} tiles, ${archive.length} bytes from ${input} (layers: ${layers})`);
}

main().catch((err) => {
  console.error(`[basemap] failed: ${(err as Error).message}`);
  process.exit(1);
});
