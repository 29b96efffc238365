import { gzipSync } from 'node:zlib';
import { GeoJSONVT } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import { Compression, TileType, writePmtiles, type TileInput } from './pmtiles-writer';

/**
 * The project's GeoJSON basemap cut into Mapbox Vector Tiles, one tile layer per kind of feature.
 * The layer names are the contract with the map's PMTiles style (src/lib/map/basemap-style.ts) and
 * with anyone styling the extract themselves; README "Basemap" lists them.
 */
export const BASEMAP_TILE_LAYERS = ['city', 'districts', 'rivers', 'places'] as const;
export type BasemapTileLayer = (typeof BASEMAP_TILE_LAYERS)[number];

const LAYER_OF_KIND: Record<string, BasemapTileLayer> = { city: 'city', district: 'districts', river: 'rivers' };
const EXTENT = 4096;

export function layerOf(kind: unknown): BasemapTileLayer {
  return LAYER_OF_KIND[String(kind)] ?? 'places';
}

export interface Bounds {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

function eachPosition(geom: GeoJSON.Geometry, fn: (p: GeoJSON.Position) => void): void {
  if (geom.type === 'GeometryCollection') return geom.geometries.forEach((g) => eachPosition(g, fn));
  const walk = (c: unknown): void => (typeof (c as number[])[0] === 'number' ? fn(c as GeoJSON.Position) : (c as unknown[]).forEach(walk));
  walk(geom.coordinates);
}

export function boundsOf(fc: GeoJSON.FeatureCollection): Bounds {
  const b = { minLon: Infinity, minLat: Infinity, maxLon: -Infinity, maxLat: -Infinity };
  for (const f of fc.features) {
    if (!f.geometry) continue;
    eachPosition(f.geometry, ([lon, lat]) => {
      b.minLon = Math.min(b.minLon, lon);
      b.maxLon = Math.max(b.maxLon, lon);
      b.minLat = Math.min(b.minLat, lat);
      b.maxLat = Math.max(b.maxLat, lat);
    });
  }
  if (!Number.isFinite(b.minLon)) throw new Error('the GeoJSON has no coordinates');
  return b;
}

/** Web Mercator tile column/row holding a point (the usual slippy-map formulas). */
export function tileXY(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return [Math.min(n - 1, Math.max(0, x)), Math.min(n - 1, Math.max(0, y))];
}

export interface BasemapTiles {
  tiles: TileInput[];
  bounds: Bounds;
  /** Features per layer, for the metadata and the build's summary. */
  counts: Record<BasemapTileLayer, number>;
}

export function cutBasemapTiles(fc: GeoJSON.FeatureCollection, minzoom: number, maxzoom: number): BasemapTiles {
  if (!(minzoom >= 0 && maxzoom <= 16 && minzoom <= maxzoom)) throw new Error(`zooms ${minzoom}-${maxzoom}: need 0 <= minzoom <= maxzoom <= 16`);
  const counts = Object.fromEntries(BASEMAP_TILE_LAYERS.map((l) => [l, 0])) as Record<BasemapTileLayer, number>;
  const byLayer = new Map<BasemapTileLayer, GeoJSON.Feature[]>();
  for (const f of fc.features) {
    if (!f.geometry) continue;
    const layer = layerOf(f.properties?.kind);
    byLayer.set(layer, [...(byLayer.get(layer) ?? []), f]);
    counts[layer]++;
  }
  const indexes = [...byLayer].map(
    ([layer, features]) => [layer, new GeoJSONVT({ type: 'FeatureCollection', features }, { maxZoom: maxzoom, indexMaxZoom: minzoom, extent: EXTENT, buffer: 64 })] as const
  );
  const bounds = boundsOf(fc);
  const tiles: TileInput[] = [];
  for (let z = minzoom; z <= maxzoom; z++) {
    const [x0, y0] = tileXY(bounds.minLon, bounds.maxLat, z);
    const [x1, y1] = tileXY(bounds.maxLon, bounds.minLat, z);
    for (let x = x0; x <= x1; x++) {
      for (let y = y0; y <= y1; y++) {
        const layers: Record<string, NonNullable<ReturnType<GeoJSONVT['getTile']>>> = {};
        for (const [layer, index] of indexes) {
          const t = index.getTile(z, x, y);
          if (t && t.features.length > 0) layers[layer] = t;
        }
        // An empty tile is left out: the reader answers "no tile" and the map draws nothing there.
        if (Object.keys(layers).length > 0) tiles.push({ z, x, y, data: new Uint8Array(gzipSync(fromGeojsonVt(layers, { version: 2, extent: EXTENT }))) });
      }
    }
  }
  return { tiles, bounds, counts };
}

/** The PMTiles archive of the basemap: MVT tiles, gzip, and the vector_layers metadata MapLibre tools expect. */
export function basemapPmtiles(fc: GeoJSON.FeatureCollection, minzoom: number, maxzoom: number): { archive: Uint8Array } & BasemapTiles {
  const cut = cutBasemapTiles(fc, minzoom, maxzoom);
  const vector_layers = BASEMAP_TILE_LAYERS.filter((l) => cut.counts[l] > 0).map((id) => ({ id, fields: { kind: 'String', name: 'String' }, minzoom, maxzoom }));
  const archive = writePmtiles(cut.tiles, {
    tileType: TileType.Mvt,
    tileCompression: Compression.Gzip,
    bounds: cut.bounds,
    metadata: { name: 'Samarinda basemap (Pantau)', format: 'pbf', vector_layers, attribution: 'Pantau basemap' }
  });
  return { archive, ...cut };
}
