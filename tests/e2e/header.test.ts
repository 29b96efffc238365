/**
 * The office header in real Chromium against the production build, in Indonesian and in English.
 * The connection badge shows the age of the newest data, not only as a mouse tooltip: a phone and a
 * keyboard have no hover, and "Terhubung" alone said nothing about how old the data was. With the
 * widest header there is (an admin's eight links, a long login, stale data: "⚠ 5 mnt lalu") it stays
 * one row from 1280 px.
 * The wall (no badge in its header, it has its own) names the city from 1280 px.
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
const influxDb = uniqueDb('e2e_header');
/** The widest header: an admin (every link) whose login is a long e-mail address. */
const LONG_ADMIN = 'sari.wulandari@bpbd-samarinda.go.id';
const PHONE = { width: 390, height: 844 };
const UI_WAIT_MS = 30_000;
const gauge = (catalogJson.sensors as Sensor[]).find((s) => s.id === 'flood-gunung-lingai')!;
/** "3 dtk lalu", "2 mnt lalu", "3 s ago", "2 min ago" */
const AGO = { id: /^\d+ (dtk|mnt|jam|hari) lalu$/, en: /^\d+ (s|min|h|d|days?) ago$/ };

let ui: WebInBrowser;
let page: Page;
let base = '';

beforeAll(async () => {
  await createDatabase(services.influxUrl, influxDb);
  const now = Date.now();
  // Minutes old: the badge says the data is stale, its widest live state (the ⚠ beside the age).
  const levels = Array.from({ length: 10 }, (_, k) => `flood,district=${escapeTag(gauge.district)},sensor=${gauge.id} water_level=${180 + k} ${now - (15 - k) * 60_000}`);
  await influxWrite(services.influxUrl, influxDb, levels);
  ui = await startWebInBrowser({ db: influxDb, users: [{ user: LONG_ADMIN, role: 'admin' }], browser: { viewport: { width: 1280, height: 720 } } });
  ({ page } = ui);
  base = ui.web.url;
  await logInWithForm(page, base, ui.auth, LONG_ADMIN, '/alerts');
}, 120_000);

afterAll(async () => {
  await ui?.close();
  await dropDatabase(services.influxUrl, influxDb).catch(() => undefined);
  await clearRetainedCatalog(services.mqttUrl);
});

/** The header's rows: its parts' vertical middles, those more than 8 px apart counted once each. */
function rowsOf(p: Page): Promise<number> {
  return p.locator('[data-testid="app-header"]').evaluate((header) => {
    const parts = [...header.querySelectorAll('.brand, nav a, [data-testid="nav-more"], [data-testid="connection"], [data-testid="logout"], .switch')];
    const middles = parts.filter((e) => e.getClientRects().length > 0).map((e) => {
      const r = e.getBoundingClientRect();
      return r.top + r.height / 2;
    });
    return middles.sort((a, b) => a - b).filter((m, i, all) => i === 0 || m - all[i - 1] > 8).length;
  });
}

async function useLang(lang: 'id' | 'en', path: string): Promise<void> {
  await page.goto(`${base}${path}`);
  await page.locator(`[data-testid="lang-${lang}"]`).click();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang), { timeout: UI_WAIT_MS }).toBe(lang);
}

/** The badge's age as shown: its text, and whether it is drawn whole inside the screen (not a 1-px screen-reader box). */
async function shownAge(): Promise<{ text: string; whole: boolean }> {
  const ago = page.locator('[data-testid="app-header"] [data-testid="connection-ago"]');
  await ago.waitFor({ timeout: UI_WAIT_MS });
  const box = (await ago.boundingBox())!;
  const viewport = page.viewportSize()!;
  return { text: (await ago.innerText()).trim(), whole: box.width > 30 && box.height > 8 && box.x >= 0 && box.x + box.width <= viewport.width };
}

describe('office header', () => {
  it('shows the age of the newest data in the badge, one header row from 1280 px, in both languages', async () => {
    for (const lang of ['id', 'en'] as const) {
      for (const width of [1280, 1366, 1499, 1500, 1600, 1700, 1800, 1920]) {
        await page.setViewportSize({ width, height: 720 });
        await useLang(lang, '/alerts');
        const age = await shownAge();
        expect(age.text, `${lang} at ${width} px`).toMatch(AGO[lang]);
        expect(age.whole, `${lang} at ${width} px: drawn whole`).toBe(true);
        expect(await page.locator('[data-testid="app-header"] [data-testid="connection"]').innerText(), `${lang} at ${width} px`).toContain('⚠');
        expect(await rowsOf(page), `${lang} at ${width} px: rows`).toBe(1);
      }
    }
  }, 120_000);

  it('shows the age on a phone too, the header within 15 % of the screen', async () => {
    await page.setViewportSize(PHONE);
    try {
      for (const lang of ['id', 'en'] as const) {
        await useLang(lang, '/alerts');
        const age = await shownAge();
        expect(age.text, lang).toMatch(AGO[lang]);
        expect(age.whole, `${lang}: drawn whole`).toBe(true);
        const header = (await page.locator('[data-testid="app-header"]').boundingBox())!;
        expect(header.height, `${lang}: header height`).toBeLessThanOrEqual(0.15 * PHONE.height);
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 720 });
    }
  }, 60_000);

  // Up to 1499 px the city was for screen readers only on every page; the wall's header has no connection badge
  // (the wall shows its own), which leaves room for it from 1280 px.
  it('names the city on the wall from 1280 px, the header still one row', async () => {
    for (const lang of ['id', 'en'] as const) {
      for (const width of [1280, 1366]) {
        await page.setViewportSize({ width, height: 720 });
        await useLang(lang, '/');
        const city = (await page.locator('[data-testid="app-header"] .city').boundingBox())!;
        expect(city.width, `${lang} at ${width} px: city width`).toBeGreaterThan(60);
        expect(await rowsOf(page), `${lang} at ${width} px: rows`).toBe(1);
      }
    }
  }, 60_000);
});
