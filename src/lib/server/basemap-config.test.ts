import { describe, expect, it } from 'vitest';
import { parseBasemapConfig } from './basemap-config';
import { parseWebConfig } from './config';
import { PMTILES_ROUTE } from '../map/basemap';
import { narrowConnectSrc } from './auth/headers';

describe('PANTAU_BASEMAP', () => {
  it('defaults to the offline GeoJSON basemap, unset or empty', () => {
    for (const env of [{}, { PANTAU_BASEMAP: '' }, { PANTAU_BASEMAP: 'geojson' }]) {
      expect(parseBasemapConfig(env)).toEqual({ choice: { kind: 'geojson' }, pmtilesFile: '', connectOrigins: [] });
    }
  });

  it('pmtiles:<file> keeps the file for the server and gives the page the route, never the path', () => {
    const c = parseBasemapConfig({ PANTAU_BASEMAP: 'pmtiles:/srv/maps/samarinda.pmtiles' });
    expect(c).toEqual({ choice: { kind: 'pmtiles', url: PMTILES_ROUTE }, pmtilesFile: '/srv/maps/samarinda.pmtiles', connectOrigins: [] });
    expect(JSON.stringify(c.choice)).not.toContain('/srv');
  });

  it('style:<URL> takes an http(s) style URL as given, and its origin for the pages\' CSP', () => {
    const c = parseBasemapConfig({ PANTAU_BASEMAP: 'style:https://tiles.samarindakota.go.id:8443/styles/kota/style.json' });
    expect(c.choice).toEqual({ kind: 'style', url: 'https://tiles.samarindakota.go.id:8443/styles/kota/style.json' });
    expect(c.connectOrigins).toEqual(['https://tiles.samarindakota.go.id:8443']);
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

describe('the pages\' CSP with a city style', () => {
  it('lets pages fetch from the style\'s origin only, besides this site and its socket', () => {
    const csp = "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self'";
    const origins = parseBasemapConfig({ PANTAU_BASEMAP: 'style:http://10.0.0.5:8080/style.json' }).connectOrigins;
    expect(narrowConnectSrc(csp, { https: false, host: 'pantau.local:3000', connectOrigins: origins })).toBe(
      "default-src 'self'; connect-src 'self' ws://pantau.local:3000 http://10.0.0.5:8080; img-src 'self'"
    );
    expect(narrowConnectSrc(csp, { https: false, host: 'pantau.local:3000' })).toContain("connect-src 'self' ws://pantau.local:3000;");
  });
});
