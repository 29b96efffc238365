/**
 * Defects seen on screenshots of the office pages in real Chromium against the production build, in
 * Indonesian and in English: the audit log's time took four lines ("8 Des / 2026, / 13.11.15 / WITA")
 * in its own format; on a phone the wall's page scrolled 680 px past the end of the screen into blank
 * (screen-reader-only texts far down the scrolling main counted toward the page's height); the wall's
 * southern sensors were drawn under its legend at 1280 and 1920 px, a northern one under the heatmap switch on a phone.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sensor } from '../../src/lib/core/sensor';
import catalogJson from '../../src/lib/catalog/samarinda.json';
import { escapeTag } from '../../src/lib/core/line-protocol';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase, influxWrite } from '../helpers/influx';
import { clearRetainedCatalog } from '../helpers/retained-catalog';
import { logInWithForm, startWebInBrowser, type WebInBrowser } from '../helpers/web';

const services = readTestServices();
const influxDb = uniqueDb('e2e_office');
const PHONE = { width: 390, height: 844 };
const UI_WAIT_MS = 30_000;
const allSensors = catalogJson.sensors as Sensor[];
const gauge = allSensors.find((s) => s.id === 'flood-gunung-lingai')!;
/** A sensor's circle on the wall: up to about 12 px across at the first zoom. */
const MARKER_RADIUS_PX = 6;
/** The shared format with seconds: "8 Des 2026, 13.11.15 WITA", "8 Dec 2026, 13:11:15 WITA". */
// Any month and year (the entries are written now): a day, a short month name, a 4-digit year, a 24-hour clock with seconds.
const AUDIT_TIME = { id: /^\d{1,2} [A-Z][a-z]{2,4} \d{4}, \d\d\.\d\d\.\d\d WITA$/, en: /^\d{1,2} [A-Z][a-z]{2,4} \d{4}, \d\d:\d\d:\d\d WITA$/ };

let ui: WebInBrowser;
let page: Page;
let base = '';

beforeAll(async () => {
  await createDatabase(services.influxUrl, influxDb);
  const now = Date.now();
  const levels = Array.from({ length: 10 }, (_, k) => `flood,district=${escapeTag(gauge.district)},sensor=${gauge.id} water_level=${180 + k} ${now - (10 - k) * 60_000}`);
  await influxWrite(services.influxUrl, influxDb, levels);
  ui = await startWebInBrowser({ db: influxDb, users: [{ user: 'wati', role: 'admin' }], browser: { viewport: { width: 1280, height: 800 } } });
  ({ page } = ui);
  base = ui.web.url;
  // the login is the audit log's first entry
  await logInWithForm(page, base, ui.auth, 'wati', '/alerts');
}, 120_000);

afterAll(async () => {
  await ui?.close();
  await dropDatabase(services.influxUrl, influxDb).catch(() => undefined);
  await clearRetainedCatalog(services.mqttUrl);
});

async function useLang(lang: 'id' | 'en'): Promise<void> {
  await page.locator(`[data-testid="lang-${lang}"]`).click();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang), { timeout: UI_WAIT_MS }).toBe(lang);
}

describe('office pages', () => {
  it("writes the audit log's times in the shared format, WITA, 24 h, on one line", async () => {
    for (const [viewport, lang] of [[{ width: 1280, height: 800 }, 'id'], [PHONE, 'id'], [PHONE, 'en']] as const) {
      await page.setViewportSize(viewport);
      // the audit entry of the login reaches InfluxDB in a batch: the page is read again until it is there
      await expect
        .poll(
          async () => {
            await page.goto(`${base}/audit`);
            return page.locator('table.rows tbody tr[data-action="login"]').count();
          },
          { timeout: UI_WAIT_MS }
        )
        .toBeGreaterThan(0);
      await useLang(lang);
      const cell = page.locator('table.rows tbody tr[data-action="login"] td').first();
      expect((await cell.innerText()).trim(), `${lang} at ${viewport.width} px`).toMatch(AUDIT_TIME[lang]);
      // the cell's text box, not the row's (a long detail beside it makes the row taller)
      const text = await cell.evaluate((td) => {
        const range = document.createRange();
        range.selectNodeContents(td);
        return { height: range.getBoundingClientRect().height, fontSize: parseFloat(getComputedStyle(td).fontSize) };
      });
      expect(text.height, `${lang} at ${viewport.width} px: height of the time`).toBeLessThan(2 * text.fontSize);
      // the action in words of the page's language, its code kept below them (engineers search by it); the role named
      const row = page.locator('table.rows tbody tr[data-action="login"]').first();
      expect(await row.locator('[data-testid="audit-action"]').innerText()).toBe(lang === 'id' ? 'masuk\nlogin' : 'sign in\nlogin');
      expect(await row.locator('td[data-role="admin"]').innerText()).toBe('admin');
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  }, 90_000);

  it("draws every sensor of the wall's first view clear of its legend and heatmap switch, at 1920, 1280 and 390 px", async () => {
    for (const viewport of [{ width: 1920, height: 1080 }, { width: 1280, height: 720 }, PHONE]) {
      await page.setViewportSize(viewport);
      await page.goto(`${base}/`);
      // the map is made once, for the page's size: the first view is what is judged
      await page.waitForFunction(() => (document.querySelector('[data-testid="map"]') as (HTMLElement & { pantauMap?: { loaded(): boolean } }) | null)?.pantauMap?.loaded(), null, { timeout: UI_WAIT_MS });
      const overlays = [(await page.locator('[data-testid="map-legend"]').boundingBox())!, (await page.locator('[data-testid="heatmap-toggle"]').boundingBox())!];
      const map = (await page.locator('[data-testid="map"]').boundingBox())!;
      const points = await page.evaluate((lonLats) => {
        const m = (document.querySelector('[data-testid="map"]') as HTMLElement & { pantauMap: { project(p: [number, number]): { x: number; y: number } } }).pantauMap;
        return lonLats.map(([id, lon, lat]) => ({ id, ...m.project([lon as number, lat as number]) }));
      }, allSensors.map((x) => [x.id, x.lon, x.lat] as const));
      const r = MARKER_RADIUS_PX;
      const hidden = points
        .map((p) => ({ id: p.id, x: map.x + p.x, y: map.y + p.y }))
        .filter((p) => overlays.some((o) => p.x + r > o.x && p.x - r < o.x + o.width && p.y + r > o.y && p.y - r < o.y + o.height));
      const outside = points.filter((p) => p.x < 0 || p.y < 0 || p.x > map.width || p.y > map.height);
      expect(hidden.map((p) => p.id), `${viewport.width} px: under the legend or the switch`).toEqual([]);
      expect(outside.map((p) => p.id), `${viewport.width} px: off the map`).toEqual([]);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  }, 90_000);

  it('scrolls no page past its end on a phone: main scrolls, the page does not', async () => {
    await page.setViewportSize(PHONE);
    try {
      for (const lang of ['id', 'en'] as const) {
        for (const path of ['/', '/alerts', '/sensors', `/sensors/${gauge.id}`]) {
          await page.goto(`${base}${path}`);
          await useLang(lang);
          await page.locator('main *').first().waitFor({ timeout: UI_WAIT_MS });
          const height = await page.evaluate(() => document.documentElement.scrollHeight);
          expect(height, `${lang} ${path}: page height`).toBeLessThanOrEqual(PHONE.height);
        }
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  }, 90_000);
});
