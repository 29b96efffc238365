import { readFile, rename, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basemapPmtiles } from '../../scripts/lib/basemap-tiles';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase } from '../helpers/influx';
import { createTempDir } from '../helpers/services';
import { sharedDir } from '../helpers/shared-dir';
import { startWebInBrowser, type WebInBrowser } from '../helpers/web';

/**
 * PANTAU_BASEMAP=pmtiles:<file> in real Chromium: a small extract built here from ../shared/geo, read by the
 * map through the pmtiles protocol in HTTP ranges from the command center; then the same file broken, and
 * the map falls back to the built-in GeoJSON basemap and says so. The sensors stay on top in both. Then
 * PANTAU_BASEMAP=style:<URL> with a style served by a small server here (the city's own), up and then down.
 */
const services = readTestServices();
const db = uniqueDb('e2e_basemap');
const UI_WAIT_MS = 60_000;
const TEST_TIMEOUT_MS = 120_000;

let ui: WebInBrowser;
let tmp: { dir: string; remove(): Promise<void> };
let archive = '';
let riverNames: string[] = [];
let rivers: GeoJSON.FeatureCollection;

interface MapProbe {
  basemap: string | undefined;
  layers: string[];
  rendered: Array<{ layer: string; kind: unknown; name: unknown }>;
}

/** What the map instance itself has drawn (MapView exposes it on its element as `pantauMap`). */
async function probe(page: Page, layers: string[]): Promise<MapProbe> {
  return page.evaluate((wanted) => {
    const el = document.querySelector('[data-testid="map"]') as HTMLElement & { pantauMap: import('maplibre-gl').Map };
    const m = el.pantauMap;
    const present = wanted.filter((id) => m.getLayer(id));
    const rendered = present.length ? m.queryRenderedFeatures({ layers: present }) : [];
    return {
      basemap: el.dataset.basemap,
      layers: m.getStyle().layers.map((l) => l.id),
      rendered: rendered.map((f) => ({ layer: f.layer.id, kind: f.properties.kind, name: f.properties.name }))
    };
  }, layers);
}

async function waitForRendered(page: Page, layer: string): Promise<void> {
  await page.waitForFunction(
    (id) => {
      const m = (document.querySelector('[data-testid="map"]') as (HTMLElement & { pantauMap?: import('maplibre-gl').Map }) | null)?.pantauMap;
      return !!m && !!m.getLayer(id) && m.queryRenderedFeatures({ layers: [id] }).length > 0;
    },
    layer,
    { timeout: UI_WAIT_MS, polling: 500 }
  );
}

beforeAll(async () => {
  const fc = JSON.parse(await readFile(sharedDir('geo/samarinda.geojson'), 'utf8')) as GeoJSON.FeatureCollection;
  rivers = { type: 'FeatureCollection', features: fc.features.filter((f) => f.properties?.kind === 'river') };
  riverNames = rivers.features.map((f) => String(f.properties!.name));
  tmp = await createTempDir('pantau-basemap-');
  archive = path.join(tmp.dir, 'samarinda.pmtiles');
  await writeFile(archive, basemapPmtiles(fc, 8, 13).archive);
  await createDatabase(services.influxUrl, db);
  ui = await startWebInBrowser({ db, env: { PANTAU_BASEMAP: `pmtiles:${archive}` }, browser: { viewport: { width: 1280, height: 800 } } });
}, 120_000);

afterAll(async () => {
  await ui?.close();
  await tmp?.remove();
  await dropDatabase(services.influxUrl, db).catch(() => undefined);
});

describe('PMTiles basemap', () => {
  it('reads the extract in byte ranges from the command center and draws its rivers under the sensors', async () => {
    const { page } = ui;
    const ranges: Array<{ range: string | undefined; status: number }> = [];
    page.on('response', (res) => {
      if (new URL(res.url()).pathname === '/basemap/samarinda.pmtiles') ranges.push({ range: res.request().headers().range, status: res.status() });
    });
    await page.goto(`${ui.web.url}/`);
    await page.locator('[data-testid="map"][data-ready="true"]').waitFor({ timeout: UI_WAIT_MS });
    await waitForRendered(page, 'bm:rivers');

    const seen = await probe(page, ['bm:rivers', 'bm:districts', 'rivers']);
    expect(seen.basemap).toBe('pmtiles');
    const rivers = seen.rendered.filter((f) => f.layer === 'bm:rivers');
    expect(rivers.every((f) => f.kind === 'river')).toBe(true);
    expect(riverNames).toContain(rivers[0].name);
    // The GeoJSON basemap's own layers are not drawn; the sensor layers come after every basemap layer.
    expect(seen.layers).not.toContain('rivers');
    const lastBasemap = Math.max(...seen.layers.map((id, i) => (id.startsWith('bm:') ? i : -1)));
    expect(lastBasemap).toBeLessThan(seen.layers.indexOf('sensor-points'));
    // Header and root directory first (the reader's 16 KiB), then tiles: every answer a 206 part of the file.
    expect(ranges[0]?.range).toBe('bytes=0-16383');
    expect(ranges.length).toBeGreaterThanOrEqual(2);
    expect(ranges.every((r) => r.status === 206 && /^bytes=\d+-\d+$/.test(r.range ?? ''))).toBe(true);
    expect(await page.locator('[data-testid="basemap-fallback"]').count()).toBe(0);
  }, TEST_TIMEOUT_MS);

  it('a broken archive falls back to the GeoJSON basemap, says so, and keeps the sensors on top', async () => {
    // Replaced the way a bad copy would land: atomically, so the server never serves half of either.
    await writeFile(`${archive}.tmp`, 'this is not a PMTiles archive, it is a half-copied file'.repeat(20));
    await rename(`${archive}.tmp`, archive);
    // Same browser, HTTP cache and all: the command center's ETag and no-cache make it read the new file.
    const page = await ui.browser.context.newPage();
    await page.goto(`${ui.web.url}/`);
    await page.locator('[data-testid="basemap-fallback"]').waitFor({ timeout: UI_WAIT_MS });
    await waitForRendered(page, 'rivers');

    const seen = await probe(page, ['rivers']);
    expect(seen.basemap).toBe('geojson');
    expect(seen.layers.filter((id) => id.startsWith('bm:'))).toEqual([]);
    expect(seen.rendered.some((f) => f.kind === 'river')).toBe(true);
    expect(seen.layers.indexOf('rivers')).toBeLessThan(seen.layers.indexOf('sensor-points'));
    expect(seen.layers.indexOf('district-state')).toBeLessThan(seen.layers.indexOf('district-lines'));
    // Indonesian by default: the note is in the page's language.
    expect(await page.locator('[data-testid="basemap-fallback"]').innerText()).toContain('Peta dasar');
    await page.close();
  }, TEST_TIMEOUT_MS);
});

/** The city's style server: a style whose only source is a GeoJSON at a URL relative to the style. */
function startStyleServer(): { server: http.Server; requests: string[]; setDown(down: boolean): void } {
  const requests: string[] = [];
  let down = false;
  const style = {
    version: 8,
    sources: { water: { type: 'geojson', data: 'data/rivers.geojson' } },
    layers: [{ id: 'river-line', type: 'line', source: 'water', paint: { 'line-color': '#ffffff', 'line-width': 4 } }]
  };
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const headers = { 'content-type': 'application/json', 'access-control-allow-origin': '*' };
    if (down) return res.writeHead(503, headers).end('{}');
    if (req.url === '/styles/kota/style.json') return res.writeHead(200, headers).end(JSON.stringify(style));
    if (req.url === '/styles/kota/data/rivers.geojson') return res.writeHead(200, headers).end(JSON.stringify(rivers));
    res.writeHead(404, headers).end('{}');
  });
  return { server, requests, setDown: (d) => (down = d) };
}

describe('city style', () => {
  it('draws the style under the sensors (its relative URLs fetched from its server); a style server that is down falls back', async () => {
    // The PMTiles web is done: one command center at a time on the shared test machine.
    await ui.close();
    const city = startStyleServer();
    await new Promise<void>((resolve) => city.server.listen(0, '127.0.0.1', resolve));
    const styleUrl = `http://127.0.0.1:${(city.server.address() as AddressInfo).port}/styles/kota/style.json`;
    ui = await startWebInBrowser({ db, env: { PANTAU_BASEMAP: `style:${styleUrl}` } });
    try {
      const { page } = ui;
      await page.goto(`${ui.web.url}/`);
      await page.locator('[data-testid="map"][data-ready="true"]').waitFor({ timeout: UI_WAIT_MS });
      await waitForRendered(page, 'bm:river-line');
      const seen = await probe(page, ['bm:river-line']);
      expect(seen.basemap).toBe('style');
      expect(riverNames).toContain(seen.rendered[0].name);
      expect(seen.layers.indexOf('bm:river-line')).toBeLessThan(seen.layers.indexOf('sensor-points'));
      expect(city.requests).toContain('/styles/kota/data/rivers.geojson');

      city.setDown(true);
      const second = await ui.browser.context.newPage();
      await second.goto(`${ui.web.url}/`);
      await second.locator('[data-testid="basemap-fallback"]').waitFor({ timeout: UI_WAIT_MS });
      await waitForRendered(second, 'rivers');
      expect((await probe(second, ['rivers'])).basemap).toBe('geojson');
      await second.close();
    } finally {
      await new Promise((resolve) => city.server.close(resolve));
    }
  }, TEST_TIMEOUT_MS * 2);
});
