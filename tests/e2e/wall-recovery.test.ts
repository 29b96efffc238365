import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestAuth } from '../helpers/auth';
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase } from '../helpers/influx';
import { startWebInBrowser, type WebInBrowser } from '../helpers/web';

/**
 * An unattended wall mends itself in real Chromium against the production build: MapLibre's chunk lost
 * once (the map tries again), SvelteKit's start scripts lost once (app.html's watchdog reloads), and a
 * new release (the wall reloads, but not while someone types in its search box). Time is Playwright's
 * clock, run forward past the 30 s and 60 s waits.
 */
const services = readTestServices();
const db = uniqueDb('e2e_wall_recovery');
/** SwiftShader WebGL on a shared machine: the first map frame can take tens of seconds. */
const UI_WAIT_MS = 60_000;
const TEST_TIMEOUT_MS = 150_000;
/** MapLibre's chunk is ~1 MB; no other chunk comes near. */
const MAPLIBRE_CHUNK_MIN_BYTES = 500_000;

let ui: WebInBrowser;
let auth: TestAuth;
const browsers: TestBrowser[] = [];
let wallUrl = '';

beforeAll(async () => {
  await createDatabase(services.influxUrl, db);
  ui = await startWebInBrowser({ db });
  ({ auth } = ui);
  wallUrl = `${ui.web.url}/?kiosk=${auth.kioskToken}`;
}, 120_000);

afterAll(async () => {
  await Promise.all(browsers.map((b) => b.close()));
  await ui?.close();
  await dropDatabase(services.influxUrl, db).catch(() => undefined);
});

/**
 * A page in a browser of its own: once a page has started, the app's service worker serves the entry
 * scripts from its cache, out of reach of page.route (and out of reach of the blip being tested).
 */
async function freshPage(): Promise<Page> {
  const b = await launchBrowser();
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

describe('wall recovery', () => {
  it('tries the map again when its MapLibre chunk failed to load, and says so meanwhile', async () => {
    const page = await freshPage();
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
    // The wall speaks Indonesian unless told otherwise.
    const note = page.locator('[data-testid="map-unavailable"]');
    await note.waitFor({ timeout: UI_WAIT_MS });
    expect(await note.textContent()).toContain('Peta gagal dimuat');
    await page.locator('[data-testid="map"][data-ready="true"]').waitFor({ timeout: UI_WAIT_MS * 2 });
    expect(aborted).toBe(1);
    expect(failures).toHaveLength(1);
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
});
