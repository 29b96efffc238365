import { describe, expect, it } from 'vitest';
import { parseBasemapConfig } from './basemap-config';
import { parseWebConfig } from './config';
import { PMTILES_ROUTE } from '../map/basemap';

describe('PANTAU_BASEMAP', () => {
  it('defaults to the offline GeoJSON basemap, unset or empty', () => {
    for (const env of [{}, { PANTAU_BASEMAP: '' }, { PANTAU_BASEMAP: 'geojson' }]) {
      expect(parseBasemapConfig(env)).toEqual({ choice: { kind: 'geojson' }, pmtilesFile: '' });
    }
  });

  it('pmtiles:<file> keeps the file for the server and gives the page the route, never the path', () => {
    const c = parseBasemapConfig({ PANTAU_BASEMAP: 'pmtiles:/srv/maps/samarinda.pmtiles' });
    expect(c).toEqual({ choice: { kind: 'pmtiles', url: PMTILES_ROUTE }, pmtilesFile: '/srv/maps/samarinda.pmtiles' });
    expect(JSON.stringify(c.choice)).not.toContain('/srv');
  });

  it('style:<URL> takes an http(s) style URL as given', () => {
    expect(parseBasemapConfig({ PANTAU_BASEMAP: 'style:https://tiles.samarindakota.go.id/styles/kota/style.json' }).choice).toEqual({
      kind: 'style',
      url: 'https://tiles.samarindakota.go.id/styles/kota/style.json'
    });
  });

  it('refuses unknown kinds, a missing file, a relative or non-http style URL, naming the variable', () => {
    for (const bad of ['osm', 'pmtiles:', 'pmtiles', 'style:/styles/kota.json', 'style:ftp://x/style.json', 'style:']) {
      expect(() => parseBasemapConfig({ PANTAU_BASEMAP: bad }), bad).toThrow(/PANTAU_BASEMAP/);
    }
  });

  it('is part of the web config, read once with the rest', () => {
    expect(parseWebConfig({ PANTAU_BASEMAP: 'pmtiles:x.pmtiles' }).basemap.pmtilesFile).toBe('x.pmtiles');
    expect(() => parseWebConfig({ PANTAU_BASEMAP: 'tiles' })).toThrow(/CONFIG_PANTAU_BASEMAP|PANTAU_BASEMAP/);
  });
});
