import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PMTiles, type Source } from 'pmtiles';
// maplibre-gl's own MVT decoder (a dependency of it): what the map will parse these tiles with.
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { sharedDir } from '../../tests/helpers/shared-dir';
import { basemapPmtiles, layerOf, tileXY } from './basemap-tiles';

const shared = JSON.parse(readFileSync(sharedDir('geo/samarinda.geojson'), 'utf8')) as GeoJSON.FeatureCollection;
const project = JSON.parse(readFileSync('static/geo/samarinda-basemap.geojson', 'utf8')) as GeoJSON.FeatureCollection;

function reader(buf: Uint8Array): PMTiles {
  const source: Source = { getKey: () => 'memory', getBytes: async (o, l) => ({ data: buf.slice(o, o + l).buffer }) };
  return new PMTiles(source);
}

async function decode(pm: PMTiles, z: number, x: number, y: number): Promise<VectorTile | null> {
  const got = await pm.getZxy(z, x, y);
  // The reader undoes the tiles' gzip (header: tile compression 2), as the pmtiles protocol does for MapLibre.
  return got ? new VectorTile(new PbfReader(new Uint8Array(got.data))) : null;
}

describe('basemap PMTiles', () => {
  it('puts the Mahakam (a river of ../shared/geo) in the rivers layer of the tile under it, with its name and kind', async () => {
    const { archive, counts } = basemapPmtiles(shared, 10, 12);
    expect(counts.rivers).toBe(2);
    const river = shared.features.find((f) => f.properties?.kind === 'river' && f.geometry.type === 'LineString')!;
    const [lon, lat] = (river.geometry as GeoJSON.LineString).coordinates[1];
    const [x, y] = tileXY(lon, lat, 12);
    const vt = await decode(reader(archive), 12, x, y);
    expect(vt).not.toBeNull();
    const layer = vt!.layers.rivers;
    const names = Array.from({ length: layer.length }, (_, i) => layer.feature(i).properties.name);
    expect(names).toContain(river.properties!.name);
    expect(layer.feature(0).properties.kind).toBe('river');
    const header = await reader(archive).getHeader();
    expect([header.minZoom, header.maxZoom]).toEqual([10, 12]);
  });

  it('cuts the project basemap into city, districts, rivers and places, named in the metadata', async () => {
    const { archive, counts, tiles } = basemapPmtiles(project, 8, 14);
    expect(counts.city).toBe(1);
    expect(counts.districts).toBe(10);
    expect(tiles.every((t) => t.z >= 8 && t.z <= 14)).toBe(true);
    const meta = (await reader(archive).getMetadata()) as { vector_layers: { id: string }[] };
    expect(meta.vector_layers.map((l) => l.id)).toEqual(['city', 'districts', 'rivers', 'places']);
  });

  it('maps kinds to layers, unknown kinds to places; refuses zooms out of order', () => {
    expect([layerOf('district'), layerOf('river'), layerOf('bridge'), layerOf(undefined)]).toEqual(['districts', 'rivers', 'places', 'places']);
    expect(() => basemapPmtiles(shared, 12, 10)).toThrow(/minzoom/);
  });
});
