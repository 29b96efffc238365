import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sensor } from '../../src/lib/core/sensor';
import catalogJson from '../../src/lib/catalog/samarinda.json';
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase, influxWrite } from '../helpers/influx';
import { PROJECT_ROOT } from '../helpers/processes';
import { startWebInBrowser, type WebInBrowser } from '../helpers/web';

/**
 * /publik in real Chromium on a phone-sized screen against the production build, with anonymous
 * reading of the command center switched off: a resident picks a kecamatan and reads its flood and
 * air state in Indonesian, then in English.
 */
const services = readTestServices();
const db = uniqueDb('e2e_public');
const sensors = catalogJson.sensors as Sensor[];
const gauge = sensors.find((s) => s.id === 'flood-kapten-soedjono-aj')!; // Samarinda Ilir, Siaga lines 30/50/100 cm
const station = sensors.find((s) => s.id === 'air-samarinda-ilir-1')!;
const UI_WAIT_MS = 60_000;

let ui: WebInBrowser;
let browser: TestBrowser;
let page: Page;
let port = 0;

beforeAll(async () => {
  await createDatabase(services.influxUrl, db);
  const now = Date.now();
  // The last readings of the hour: the command center rebuilds its live state from them at start.
  const lines = [0, 1, 2].flatMap((k) => [
    `flood,district=Samarinda\\ Ilir,sensor=${gauge.id} water_level=${105 + k} ${now - (3 - k) * 60_000}`,
    `air,district=Samarinda\\ Ilir,sensor=${station.id} pm25=80,pm10=60 ${now - (3 - k) * 60_000}`
  ]);
  await influxWrite(services.influxUrl, db, lines);
  ui = await startWebInBrowser({
    db, users: [{ user: 'sari', role: 'responder' }], env: { PANTAU_ANONYMOUS_READ: 'false' }, browser: { viewport: { width: 390, height: 844 } }
  });
  ({ browser, page } = ui);
  port = ui.web.port;
  await page.goto(`http://127.0.0.1:${port}/publik`);
});

afterAll(async () => {
  await ui?.close();
  await dropDatabase(services.influxUrl, db).catch(() => undefined);
});

describe('/publik on a phone', () => {
  it('shows a district its flood level and air quality with advice, in Indonesian', async () => {
    // its scripts running: a choice made before (a slow phone) goes by the form's button, the last test's case
    await page.locator('[data-testid="public-page"][data-live="true"]').waitFor({ timeout: UI_WAIT_MS });
    expect(await page.locator('[data-testid="public-show"]').count()).toBe(0);
    expect(await page.locator('h1').innerText()).toBe('Info Kota Samarinda');
    // No staff header, no login form: the resident is not sent to /login.
    expect(new URL(page.url()).pathname).toBe('/publik');
    expect(await page.locator('header nav').count()).toBe(0);
    await page.locator('[data-testid="public-pick"]').selectOption('Samarinda Ilir');
    const card = page.locator('[data-testid="public-district"][data-district="Samarinda Ilir"]');
    await card.waitFor({ timeout: UI_WAIT_MS });
    const flood = card.locator('[data-testid="public-flood"]');
    expect(await flood.getAttribute('data-severity')).toBe('3');
    const gaugeRow = flood.locator(`[data-sensor="${gauge.id}"]`);
    await expect(gaugeRow.innerText()).resolves.toContain(gauge.name);
    await expect(gaugeRow.innerText()).resolves.toContain('Siaga 1 · Awas · 107 cm');
    const air = card.locator('[data-testid="public-air"]');
    await expect(air.locator(`[data-sensor="${station.id}"]`).innerText()).resolves.toContain('Tidak Sehat');
    await expect(air.locator('[data-testid="public-air-advice"]').innerText()).resolves.toMatch(/Pakai masker/);
    await expect(card.locator('[data-testid="public-no-warning"]').innerText()).resolves.toContain('Tidak ada peringatan aktif');
    // Fits the phone: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const english = await page.locator('[data-testid="lang-en"]').boundingBox();
    expect(english!.x + english!.width).toBeLessThanOrEqual(390);
    await mkdir(path.join(PROJECT_ROOT, 'docs/screenshots'), { recursive: true });
    await page.screenshot({ path: path.join(PROJECT_ROOT, 'docs/screenshots/publik.png'), fullPage: true });
  }, 2 * UI_WAIT_MS);

  it('switches to English and keeps the chosen district', async () => {
    await page.locator('[data-testid="lang-en"]').click();
    const card = page.locator('[data-testid="public-district"][data-district="Samarinda Ilir"]');
    await expect(card.locator(`[data-sensor="${gauge.id}"]`).innerText()).resolves.toContain('Level 1 · Danger');
    await expect(card.locator('[data-testid="public-air"]').innerText()).resolves.toContain('Unhealthy');
    expect(await page.locator('h1').innerText()).toBe('Samarinda City Info');
  });

  it('opens the district a shared link names, and a tapped district chip becomes the link', async () => {
    const other = await browser.context.newPage();
    await other.goto(`http://127.0.0.1:${port}/publik?d=${encodeURIComponent('Samarinda Utara')}`);
    await other.locator('[data-testid="public-district"][data-district="Samarinda Utara"]').waitFor({ timeout: UI_WAIT_MS });
    await other.locator('[data-testid="public-chip"][data-district="Samarinda Ilir"]').click();
    await other.locator('[data-testid="public-district"][data-district="Samarinda Ilir"]').waitFor({ timeout: UI_WAIT_MS });
    expect(new URL(other.url()).searchParams.get('d')).toBe('Samarinda Ilir');
    await other.close();
  });

  it('lets a phone choose a district before its scripts come: with the button, or kept when they come', async () => {
    // a browser of its own without a service worker: the app's worker would serve the scripts from its cache
    const bare = await launchBrowser({ viewport: { width: 390, height: 844 }, serviceWorkers: 'block' });
    try {
      const other = bare.context.pages()[0] ?? (await bare.context.newPage());
      await other.route('**/_app/immutable/**/*.js', (route) => route.abort());
      await other.goto(`http://127.0.0.1:${port}/publik`, { waitUntil: 'domcontentloaded' });
      expect(await other.locator('[data-testid="public-page"]').getAttribute('data-live')).toBe('false');
      await other.locator('[data-testid="public-pick"]').selectOption('Samarinda Utara');
      await Promise.all([other.waitForURL((u) => u.searchParams.get('d') === 'Samarinda Utara', { timeout: UI_WAIT_MS }), other.locator('[data-testid="public-show"]').click()]);
      await other.locator('[data-testid="public-district"][data-district="Samarinda Utara"]').waitFor({ timeout: UI_WAIT_MS });
      expect(await other.locator('[data-testid="public-page"]').getAttribute('data-live')).toBe('false');

      // scripts that come late: a district chosen before them (no button pressed) is the one shown once they run
      let releaseScripts = (): void => undefined;
      const chosen = new Promise<void>((resolve) => (releaseScripts = resolve));
      const late = await bare.context.newPage();
      await late.route('**/_app/immutable/**/*.js', async (route) => {
        await chosen;
        await route.continue();
      });
      await late.goto(`http://127.0.0.1:${port}/publik`, { waitUntil: 'domcontentloaded' });
      expect(await late.locator('[data-testid="public-district"]').getAttribute('data-district')).not.toBe('Samarinda Ulu');
      await late.locator('[data-testid="public-pick"]').selectOption('Samarinda Ulu');
      releaseScripts();
      await late.locator('[data-testid="public-page"][data-live="true"]').waitFor({ timeout: UI_WAIT_MS });
      await late.locator('[data-testid="public-district"][data-district="Samarinda Ulu"]').waitFor({ timeout: UI_WAIT_MS });
      expect(new URL(late.url()).searchParams.get('d')).toBe('Samarinda Ulu');
    } finally {
      await bare.close();
    }
  }, 2 * UI_WAIT_MS);
});
