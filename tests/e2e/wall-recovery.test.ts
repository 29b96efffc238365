import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import catalogFile from '../../src/lib/catalog/samarinda.json';
import type { Catalog } from '../../src/lib/core/sensor';
import { login, type TestAuth } from '../helpers/auth';
import { launchBrowser, type LaunchBrowserOptions, type TestBrowser } from '../helpers/browser';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase } from '../helpers/influx';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { clearRetainedCatalog } from '../helpers/retained-catalog';
import { startWebInBrowser, type WebInBrowser } from '../helpers/web';

/**
 * An unattended wall mends itself in real Chromium against the production build: MapLibre's chunk lost
 * once (the map tries again), SvelteKit's start scripts lost once (app.html's watchdog reloads), and a
 * new release (the wall reloads, but not while someone types in its search box). Time is Playwright's
 * clock, run forward past the 30 s and 60 s waits. And it never reloads onto a proxy's 502 page, which
 * has no scripts to bring it back: a registry edit and a kiosk's failing map wait for the server instead.
 */
const services = readTestServices();
const db = uniqueDb('e2e_wall_recovery');
/** SwiftShader WebGL on a shared machine: the first map frame can take tens of seconds. */
const UI_WAIT_MS = 60_000;
const TEST_TIMEOUT_MS = 150_000;
/** MapLibre's chunk is ~1 MB; no other chunk comes near. */
const MAPLIBRE_CHUNK_MIN_BYTES = 500_000;
const gauge = (catalogFile as unknown as Catalog).sensors.find((s) => s.kind === 'flood' && s.flood)!;

let pg: TestDatabase;
let ui: WebInBrowser;
let auth: TestAuth;
const browsers: TestBrowser[] = [];
let wallUrl = '';

beforeAll(async () => {
  await createDatabase(services.influxUrl, db);
  // The registry (PostgreSQL): its edits reach an open wall through the live status's catalog version.
  pg = await createTestDatabase('e2e_wall_recovery');
  ui = await startWebInBrowser({ db, users: [{ user: 'eko', role: 'engineer' }], env: { DATABASE_URL: pg.url } });
  ({ auth } = ui);
  wallUrl = `${ui.web.url}/?kiosk=${auth.kioskToken}`;
}, 120_000);

afterAll(async () => {
  await Promise.all(browsers.map((b) => b.close()));
  await ui?.close();
  await pg?.drop();
  await dropDatabase(services.influxUrl, db).catch(() => undefined);
  await clearRetainedCatalog(services.mqttUrl);
});

/**
 * A page in a browser of its own: once a page has started, the app's service worker serves the entry
 * scripts from its cache, out of reach of page.route (and out of reach of the blip being tested).
 */
async function freshPage(opts?: LaunchBrowserOptions): Promise<Page> {
  const b = await launchBrowser(opts);
  browsers.push(b);
  return b.context.newPage();
}

/** A mark on the page's window: gone once the page has reloaded. */
async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { pantauMark?: boolean }).pantauMark = true));
}

async function reloaded(page: Page): Promise<boolean> {
  // Asked while the page reloads, the old context is gone: not yet known, ask again.
  return page.evaluate(() => !(window as unknown as { pantauMark?: boolean }).pantauMark && document.documentElement.hasAttribute('data-started')).catch(() => false);
}

/** A proxy whose upstream is down: the wall's pages (document, a probe), their `__data.json` and the catalog answer 502. */
function proxyDown(url: URL): boolean {
  const p = url.pathname;
  return p === '/' || p.startsWith('/wall/') || p.endsWith('/__data.json') || p === '/api/catalog';
}
const badGateway = (route: Route) => route.fulfill({ status: 502, contentType: 'text/html', body: '<html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>' });

/** Refuses MapLibre's chunk, every time; other chunks pass. */
async function refuseMaplibre(page: Page): Promise<void> {
  await page.route('**/_app/immutable/chunks/*.js', async (route) => {
    try {
      const response = await route.fetch();
      const body = await response.body();
      if (body.length > MAPLIBRE_CHUNK_MIN_BYTES && body.includes('maplibre')) return await route.abort('internetdisconnected');
      return await route.fulfill({ response, body });
    } catch {
      // The page reloaded (or closed) while its chunk was on the way: nobody waits for this answer.
    }
  });
}

describe('wall recovery', () => {
  it('tries the map again when its MapLibre chunk failed to load, and says so meanwhile', async () => {
    // No service worker: once installed it precaches every chunk and serves MapLibre's past page.route, so under
    // load (the worker's install winning the race with the map's import) the chunk was never refused at all.
    const page = await freshPage({ serviceWorkers: 'block' });
    // The note shows from the failure until the retry (1-3 s later) starts the map: recorded in the page as it
    // appears, so a busy test process polling late cannot miss it.
    await page.addInitScript(() => {
      const seen: string[] = ((window as unknown as { pantauMapNotes: string[] }).pantauMapNotes = []);
      new MutationObserver(() => {
        const note = document.querySelector('[data-testid="map-unavailable"]');
        if (note?.textContent && seen.at(-1) !== note.textContent) seen.push(note.textContent);
      }).observe(document, { childList: true, subtree: true, characterData: true });
    });
    let aborted = 0;
    await page.route('**/_app/immutable/chunks/*.js', async (route) => {
      if (aborted > 0) return route.continue();
      const response = await route.fetch();
      const body = await response.body();
      if (body.length > MAPLIBRE_CHUNK_MIN_BYTES && body.includes('maplibre')) {
        aborted++;
        return route.abort('internetdisconnected');
      }
      return route.fulfill({ response, body });
    });
    const failures: string[] = [];
    page.on('console', (m) => m.text().startsWith('[map] cannot start') && failures.push(m.text()));
    await page.goto(wallUrl);
    await page.locator('[data-testid="map"][data-ready="true"]').waitFor({ timeout: UI_WAIT_MS * 2 });
    expect(aborted).toBe(1);
    expect(failures).toHaveLength(1);
    // The wall speaks Indonesian unless told otherwise.
    const notes = await page.evaluate(() => (window as unknown as { pantauMapNotes: string[] }).pantauMapNotes);
    expect(notes[0]).toContain('Peta gagal dimuat');
    expect(await page.locator('[data-testid="map"] canvas').count()).toBe(1);
    // The note goes once the map has started.
    expect(await page.locator('[data-testid="map-unavailable"]').count()).toBe(0);
  }, TEST_TIMEOUT_MS);

  it('reloads the wall when its start scripts failed to load, once they come', async () => {
    const page = await freshPage();
    await page.clock.install();
    let blocking = true;
    let blocked = 0;
    await page.route('**/_app/immutable/entry/**', (route) => (blocking ? (blocked++, route.abort('internetdisconnected')) : route.continue()));
    await page.goto(wallUrl);
    // The server-rendered page is all there is: nothing marks it started.
    await page.waitForTimeout(2_000);
    expect(blocked).toBeGreaterThan(0);
    expect(await page.locator('html[data-started]').count()).toBe(0);
    blocking = false;
    await page.clock.fastForward(31_000);
    await page.locator('html[data-started]').waitFor({ timeout: UI_WAIT_MS });
    await page.locator('[data-testid="map"][data-ready="true"]').waitFor({ timeout: UI_WAIT_MS * 2 });
    // Started: the watchdog's count of tries is cleared for the next time.
    expect(await page.evaluate(() => sessionStorage.getItem('pantau.boot.tries'))).toBeNull();
  }, TEST_TIMEOUT_MS);

  it('reloads the wall on a new release, but not while someone types in its search box', async () => {
    const page = await freshPage();
    await page.clock.install();
    await page.route('**/_app/version.json', (route) => route.fulfill({ json: { version: 'a-newer-release' } }));
    await page.goto(wallUrl);
    await page.locator('html[data-started]').waitFor({ timeout: UI_WAIT_MS });
    await markPage(page);
    await page.locator('[data-testid="sensor-search"]').focus();
    await page.clock.fastForward(61_000);
    // The poll saw the release; the wall waits while the search box has the focus.
    await page.waitForTimeout(2_000);
    await page.clock.fastForward(6_000);
    await page.waitForTimeout(1_000);
    expect(await reloaded(page)).toBe(false);
    await page.locator('[data-testid="sensor-search"]').blur();
    await page.clock.fastForward(6_000);
    await expect.poll(() => reloaded(page), { timeout: UI_WAIT_MS }).toBe(true);
    await page.unroute('**/_app/version.json');
  }, TEST_TIMEOUT_MS);

  it('keeps its page while every page answers 502 during a registry rename, and shows the rename once the server is back', async () => {
    const page = await freshPage();
    await page.goto(wallUrl);
    await page.locator('html[data-started]').waitFor({ timeout: UI_WAIT_MS });
    // The live status names the registry version the wall's catalog came from: wait for it.
    await page.locator('[data-testid="connection"][data-state="connected"]').waitFor({ timeout: UI_WAIT_MS });
    await markPage(page);
    let loads = 0;
    page.on('load', () => loads++);
    const refused: string[] = [];
    await page.route(proxyDown, (route) => (refused.push(new URL(route.request().url()).pathname), badGateway(route)));
    await page.locator('[data-testid="sensor-search"]').fill(gauge.id);
    const row = page.locator(`[data-testid="sensor-state"][data-sensor="${gauge.id}"]`);
    expect(await row.textContent()).toContain(gauge.name);
    const renamed = `${gauge.name} (pindah)`;
    const cookie = await login(ui.web.url, 'eko', auth.users.find((u) => u.user === 'eko')!.password);
    const res = await fetch(`${ui.web.url}/api/registry/sensors/${gauge.id}`, {
      method: 'PATCH',
      headers: { cookie, origin: ui.web.url, 'content-type': 'application/json' },
      body: JSON.stringify({ changes: { name: renamed }, reason: 'papan nama baru' })
    });
    expect(res.status).toBe(200);
    // The wall asked for the new catalog (a status tick, 5 s, after the registry's poll) and got a 502.
    await expect.poll(() => refused.some((p) => p === '/api/catalog' || p.endsWith('/__data.json')), { timeout: 30_000 }).toBe(true);
    await page.waitForTimeout(3_000);
    expect(loads).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { pantauMark?: boolean }).pantauMark)).toBe(true);
    expect(await row.textContent()).toContain(gauge.name);
    expect(await row.textContent()).not.toContain(renamed);
    await page.unroute(proxyDown);
    // Asked again 30 s after the failure; the same page, the search kept.
    await expect.poll(() => row.textContent(), { timeout: UI_WAIT_MS }).toContain(renamed);
    expect(loads).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { pantauMark?: boolean }).pantauMark)).toBe(true);
  }, TEST_TIMEOUT_MS);

  it('keeps a kiosk whose map cannot start on its page while the server answers 502, and reloads it once the page comes back', async () => {
    // No service worker: it would serve MapLibre's chunk from its cache, past page.route.
    const page = await freshPage({ serviceWorkers: 'block' });
    await page.clock.install();
    await refuseMaplibre(page);
    let serverDown = false;
    const probes: number[] = [];
    await page.route(proxyDown, (route) => {
      if (route.request().resourceType() === 'fetch') probes.push(serverDown ? 502 : 200);
      return serverDown ? badGateway(route) : route.continue();
    });
    const failures: string[] = [];
    page.on('console', (m) => m.text().startsWith('[map] cannot start') && failures.push(m.text()));
    await page.goto(`${ui.web.url}/wall/kiosk?kiosk=${auth.kioskToken}`);
    await page.locator('html[data-started]').waitFor({ timeout: UI_WAIT_MS });
    await page.locator('[data-testid="map-unavailable"]').waitFor({ timeout: UI_WAIT_MS });
    await markPage(page);
    let loads = 0;
    page.on('load', () => loads++);
    serverDown = true;
    // Retries 2 s, 4 s, 8 s, … (±50 %) apart: run the clock past the 4th failure and a few more.
    for (let i = 0; i < 30 && failures.length < 7 && loads === 0; i++) {
      await page.clock.fastForward(10_000);
      await page.waitForTimeout(300);
    }
    expect(loads).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { pantauMark?: boolean }).pantauMark)).toBe(true);
    expect(failures.length).toBeGreaterThanOrEqual(7);
    expect(probes.filter((s) => s === 502).length).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="kiosk"]').count()).toBe(1);
    // The page is served again (the chunk still refused): the next failure's probe says so, and it reloads.
    serverDown = false;
    for (let i = 0; i < 30 && loads === 0; i++) {
      await page.clock.fastForward(10_000);
      await page.waitForTimeout(300);
    }
    expect(loads).toBeGreaterThan(0);
    expect(probes).toContain(200);
  }, TEST_TIMEOUT_MS);
});
