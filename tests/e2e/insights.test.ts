import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sensor } from '../../src/lib/core/sensor';
import { formatLine } from '../../src/lib/core/line-protocol';
import catalogJson from '../../src/lib/catalog/samarinda.json';
import { witaDayStart } from '../../src/lib/insights/time';
import { parseWebConfig } from '../../src/lib/server/config';
import { setupInflux } from '../../src/lib/influx/setup';
import { rebuildRollups } from '../../src/lib/influx/rollups';
import { readTestServices, uniqueDb } from '../helpers/env';
import { dropDatabase, influxWrite } from '../helpers/influx';
import { PROJECT_ROOT } from '../helpers/processes';
import { logInWithForm, startWebInBrowser, type WebInBrowser } from '../helpers/web';

/**
 * /insights in Chromium: a week of readings (rush hours at six approaches, a storm at four gauges,
 * varying haze at four stations, a few silent days), the four charts drawn from them, the language
 * switch, and a chart's CSV downloaded through its link. Takes docs/screenshots/insights.png.
 */
const services = readTestServices();
const db = uniqueDb('e2e_insights');
const all = catalogJson.sensors as Sensor[];
const roads = all.filter((s) => s.kind === 'traffic').slice(0, 6);
const gauges = all.filter((s) => s.kind === 'flood' && s.flood).slice(0, 4);
const stations = all.filter((s) => s.kind === 'air').slice(0, 4);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const D0 = witaDayStart(Date.now()) - 8 * DAY;
const D7 = D0 + 7 * DAY;
const UI_WAIT_MS = 60_000;
const SCREENSHOT = path.join(PROJECT_ROOT, 'docs/screenshots/insights.png');

/** One reading a minute for a week; sensor i of each kind is silent on day i + 1 when i is even. */
function readings(): string[] {
  const lines: string[] = [];
  for (let t = D0; t < D7; t += MIN) {
    const day = Math.floor((t - D0) / DAY);
    const hour = Math.floor(((t - D0) % DAY) / HOUR);
    const silent = (i: number) => i % 2 === 0 && day === i + 1;
    roads.forEach((s, i) => {
      if (silent(i)) return;
      const rush = (hour >= 7 && hour < 9) || (hour >= 16 && hour < 19);
      const ratio = rush ? 0.1 + 0.08 * i : 0.85;
      const speed = s.traffic!.freeFlowKmh * ratio;
      lines.push(formatLine('traffic', { sensor: s.id, district: s.district }, { speed, flow: rush ? 1900 : 600, occupancy: rush ? 35 : 6 }, t));
    });
    gauges.forEach((s, i) => {
      if (silent(i)) return;
      const f = s.flood!;
      // A storm on day 3 from 02:00: up to Siaga 1 at the first gauge, less at the others, for (6 − i) hours.
      const storm = day === 3 && hour >= 2 && hour < 8 - i;
      const level = storm ? f.siaga3 + (f.siaga1 - f.siaga3) * (1.1 - 0.3 * i) : f.siaga3 * 0.6;
      lines.push(formatLine('flood', { sensor: s.id, district: s.district }, { water_level: Math.round(level), rainfall: storm ? 25 : 0 }, t));
    });
    stations.forEach((s, i) => {
      if (silent(i)) return;
      const pm25 = 8 + ((day * 37 + i * 23) % 160);
      lines.push(formatLine('air', { sensor: s.id, district: s.district }, { pm25, pm10: pm25 * 1.4 }, t));
    });
  }
  return lines;
}

let ui: WebInBrowser;
let page: Page;
let baseUrl = '';

beforeAll(async () => {
  const config = parseWebConfig({ INFLUX_URL: services.influxUrl, INFLUX_DB: db }).influx;
  await setupInflux(config);
  const lines = readings();
  for (let i = 0; i < lines.length; i += 20_000) await influxWrite(services.influxUrl, db, lines.slice(i, i + 20_000));
  await rebuildRollups(config, D0 - HOUR, D7 + HOUR);
  ui = await startWebInBrowser({ db, users: [{ user: 'sari-ops', role: 'operator' }], browser: { viewport: { width: 1500, height: 1000 } } });
  page = ui.page;
  baseUrl = ui.web.url;
}, 300_000);

afterAll(async () => {
  await ui?.close();
  await dropDatabase(services.influxUrl, db).catch(() => undefined);
});

describe('insights page', () => {
  it('is in the navigation and draws the four charts from the stored week', async () => {
    await logInWithForm(page, baseUrl, ui.auth, 'sari-ops', '/');
    // On the wall the current page is no link of the list: the button is "Lainnya" alone.
    expect(await page.getByRole('button', { name: 'Lainnya', exact: true }).count()).toBe(1);
    // At 1500 px in Indonesian the less-used links stand behind "Lainnya" (More).
    await page.locator('[data-testid="nav-more"]').click();
    await page.locator('nav a[href="/insights"]').click();
    await page.waitForURL((u) => u.pathname === '/insights', { timeout: UI_WAIT_MS });
    await page.goto(`${baseUrl}/insights?from=${D0}&to=${D7}`);
    await page.locator('[data-testid="congestion-chart"]').waitFor({ timeout: UI_WAIT_MS });
    // The current page is behind "Lainnya": the button says which, for a screen reader too.
    expect(await page.getByRole('button', { name: 'Lainnya, halaman ini: Wawasan', exact: true }).count()).toBe(1);
    // The date inputs show the browser's format: the days chosen are spelled beside them, in Indonesian, WITA.
    const spell = (ms: number) => new Intl.DateTimeFormat('id-ID', { timeZone: 'Asia/Makassar', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(ms);
    const words = page.locator('[data-testid="insights-range-words"]');
    expect(await words.innerText()).toBe(`${spell(D0)} – ${spell(D7 - 1)}`);
    for (const input of await page.locator('form input[type="date"]').all()) expect(await input.getAttribute('aria-describedby')).toBe(await words.getAttribute('id'));

    // Congestion: the slowest approach in rush hour is ranked first; its heatmap has red cells.
    const heatmaps = page.locator('[data-testid="heatmap"]');
    expect(await heatmaps.count()).toBe(6);
    expect(await heatmaps.first().getAttribute('data-sensor')).toBe(roads[0].id);
    expect(await heatmaps.first().locator('rect[fill="#d7263d"]').count()).toBeGreaterThan(0);

    // Floods: the storm's gauges, most hours first.
    await page.locator('[data-testid="flood-chart"]').waitFor();
    await page.locator('input[value="gauge"]').check();
    const floodRows = page.locator('[data-testid="flood-row"]');
    expect(await floodRows.first().getAttribute('data-key')).toBe(gauges[0].id);
    expect(Number(await floodRows.first().getAttribute('data-hours'))).toBeGreaterThan(4);

    // Air: the four stations with data as rows, the others named on one line.
    expect(await page.locator('[data-testid="air-row"]').count()).toBe(stations.length);
    expect(await page.locator('[data-testid="air-empty"]').textContent()).toContain(`(${all.filter((s) => s.kind === 'air').length - stations.length} `);
    expect(await page.locator('[data-testid="air-chart"] rect[data-category]').count()).toBeGreaterThan(0);

    // Uptime: the least available first, a sensor of the catalog without data at 0 %.
    const uptimeRows = page.locator('[data-testid="uptime-row"]');
    expect(await uptimeRows.count()).toBeGreaterThan(0);
    expect(Number(await uptimeRows.first().getAttribute('data-share'))).toBe(0);
    for (const id of ['congestion', 'floods', 'air', 'uptime']) expect(await page.locator(`[data-testid="insight-${id}"]`).isVisible()).toBe(true);
    expect(await page.locator('[data-testid="insight-error"]').count()).toBe(0);

    await page.locator('input[value="district"]').check();
    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    // The console scrolls inside its frame, not the page: a tall window shows the four charts at once.
    await page.evaluate(() => document.querySelector('main')?.scrollTo(0, 0));
    await page.setViewportSize({ width: 1500, height: 2650 });
    await page.screenshot({ path: SCREENSHOT });
    await page.setViewportSize({ width: 1500, height: 1000 });
  }, 180_000);

  it('prints the charts without the console around them', async () => {
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.locator('nav a[href="/insights"]').isVisible()).toBe(false);
      expect(await page.locator('[data-testid="download-floods-csv"]').isVisible()).toBe(false);
      for (const id of ['congestion', 'floods', 'air', 'uptime']) expect(await page.locator(`[data-testid="insight-${id}"]`).isVisible()).toBe(true);
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)');
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  }, 60_000);

  it('speaks English on the switch', async () => {
    await page.locator('[data-testid="lang-en"]').click();
    await page.locator('h1', { hasText: 'Insights' }).waitFor({ timeout: UI_WAIT_MS });
    expect(await page.locator('[data-testid="insight-floods"] h2').textContent()).toBe('Floods: frequency, duration and depth');
  }, 60_000);

  it('downloads the numbers behind a chart as CSV through its link', async () => {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: UI_WAIT_MS }), page.locator('[data-testid="download-floods-csv"]').click()]);
    expect(download.suggestedFilename()).toMatch(/^pantau-floods-.*\.csv$/);
    const text = await readFile((await download.path())!, 'utf8');
    const lines = text.split('\r\n');
    expect(lines).toContain('scope,id,name,district,siaga,threshold_cm,episodes,hours,max_depth_cm');
    const first = lines.find((l) => l.startsWith(`gauge,${gauges[0].id},`) && l.split(',').at(-5) === '3');
    expect(first).toBeDefined();
    // One storm episode of six hours above Siaga 3.
    expect(first!.split(',').slice(-3)).toEqual(['1', '6', expect.any(String)]);
  }, 60_000);
});
