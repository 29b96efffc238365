import { describe, expect, it } from 'vitest';
import type { StyleSpecification } from 'maplibre-gl';
import { BASEMAP_PREFIX, cityStyleBasemap, PMTILES_SOURCE, pmtilesBasemap } from './basemap-style';
import { createMapStyle, SENSOR_SOURCE } from './map-style';
import { BASEMAP_TILE_LAYERS } from '../../../scripts/lib/basemap-tiles';

describe('configured basemaps', () => {
  it('the PMTiles style reads the tile layers the extract builder writes, through the pmtiles protocol', () => {
    const part = pmtilesBasemap('http://127.0.0.1:3000/basemap/samarinda.pmtiles');
    expect(part.sources[PMTILES_SOURCE]).toEqual({ type: 'vector', url: 'pmtiles://http://127.0.0.1:3000/basemap/samarinda.pmtiles' });
    const used = new Set(part.layers.map((l) => (l as { 'source-layer'?: string })['source-layer']).filter(Boolean));
    for (const layer of BASEMAP_TILE_LAYERS) expect(used).toContain(layer);
    expect(part.layers.every((l) => l.id.startsWith(BASEMAP_PREFIX))).toBe(true);
    expect(part.layers[0].type).toBe('background');
  });

  it('a city style keeps its look, prefixed, with relative URLs resolved against the style URL and templates intact', () => {
    const style = {
      version: 8,
      glyphs: '/fonts/{fontstack}/{range}.pbf',
      sprite: 'sprites/kota',
      sources: { osm: { type: 'vector', tiles: ['../tiles/{z}/{x}/{y}.pbf'] }, [SENSOR_SOURCE]: { type: 'vector', url: 'https://other.example/tiles.json' } },
      layers: [{ id: 'roads', type: 'line', source: 'osm', 'source-layer': 'transportation' }, { id: 'sensor-points', type: 'line', source: SENSOR_SOURCE, 'source-layer': 'x' }]
    } as unknown as StyleSpecification;
    const part = cityStyleBasemap(style, 'https://peta.samarindakota.go.id/styles/kota/style.json');
    expect(part.glyphs).toBe('https://peta.samarindakota.go.id/fonts/{fontstack}/{range}.pbf');
    expect(part.sprite).toBe('https://peta.samarindakota.go.id/styles/kota/sprites/kota');
    expect((part.sources['bm:osm'] as { tiles: string[] }).tiles).toEqual(['https://peta.samarindakota.go.id/styles/tiles/{z}/{x}/{y}.pbf']);
    // Names that collide with the map's own sources and layers are kept apart by the prefix.
    const merged = createMapStyle(part);
    expect(merged.sources[SENSOR_SOURCE]).toMatchObject({ type: 'geojson' });
    expect(merged.sources['bm:sensors']).toMatchObject({ type: 'vector' });
    expect(merged.layers.filter((l) => l.id === 'sensor-points')).toHaveLength(1);
    expect(merged.layers.findIndex((l) => l.id === 'bm:roads')).toBeLessThan(merged.layers.findIndex((l) => l.id === 'sensor-points'));
    expect(merged.glyphs).toBe(part.glyphs);
  });

  it('without a configured basemap the style is the offline GeoJSON one, no glyphs or remote sources', () => {
    const style = createMapStyle();
    expect(Object.keys(style.sources).some((id) => id.startsWith(BASEMAP_PREFIX))).toBe(false);
    expect(style.glyphs).toBeUndefined();
    expect(style.layers.map((l) => l.id)).toContain('districts');
  });
});
