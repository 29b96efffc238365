/**
 * The office header in real Chromium against the production build, in Indonesian and in English.
 * The connection badge shows the age of the newest data, not only as a mouse tooltip: a phone and a
 * keyboard have no hover, and "Terhubung" alone said nothing about how old the data was. With the
 * widest header there is (an admin's eight links, a long login, stale data: "⚠ 15 mnt lalu", or days old:
 * "⚠ 12 hari lalu") it stays one row from 1280 px. The age ticks every second: it is hidden from screen readers
 * and outside every live region, else it would be announced each second (they have it from the badge's label).
 * The wall (no badge in its header, it has its own) names the city from 1280 px.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sensor } from '../../src/lib/core/sensor';
import catalogJson from '../../src/lib/catalog/samarinda.json';
import { escapeTag } from '../../src/lib/core/line-protocol';
import { createLiveReading } from '../../src/lib/core/live-reading';
import { TOPICS } from '../../src/lib/core/topic';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase, influxWrite } from '../helpers/influx';
import { clearRetainedCatalog } from '../helpers/retained-catalog';
import { logInWithForm, startWebInBrowser, type WebInBrowser } from '../helpers/web';
import { mosquittoPub } from '../integration/mqtt-tools';

const services = readTestServices();
const influxDb = uniqueDb('e2e_header');
/** The widest header: an admin (every link) whose login is a long e-mail address. */
const LONG_ADMIN = 'sari.wulandari@bpbd-samarinda.go.id';
const PHONE = { width: 390, height: 844 };
const UI_WAIT_MS = 30_000;
const gauge = (catalogJson.sensors as Sensor[]).find((s) => s.id === 'flood-gunung-lingai')!;
/** Another gauge for the days-old reading: the first server hears it too, and keeps its own minutes-old age. */
const oldGauge = (catalogJson.sensors as Sensor[]).find((s) => s.id !== gauge.id && s.kind === 'flood')!;
const DAY_MS = 24 * 3_600_000;
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

async function useLang(lang: 'id' | 'en', path: string, p = page, at = base): Promise<void> {
  await p.goto(`${at}${path}`);
  await p.locator(`[data-testid="lang-${lang}"]`).click();
  await expect.poll(() => p.evaluate(() => document.documentElement.lang), { timeout: UI_WAIT_MS }).toBe(lang);
}

/** The badge's age as shown: its text, and whether it is drawn whole inside the screen (not a 1-px screen-reader box). */
async function shownAge(p = page): Promise<{ text: string; whole: boolean }> {
  const ago = p.locator('[data-testid="app-header"] [data-testid="connection-ago"]');
  await ago.waitFor({ timeout: UI_WAIT_MS });
  const box = (await ago.boundingBox())!;
  const viewport = p.viewportSize()!;
  return { text: (await ago.innerText()).trim(), whole: box.width > 30 && box.height > 8 && box.x >= 0 && box.x + box.width <= viewport.width };
}

/** Whether the shown age is hidden from screen readers, and the live region it sits in, if any (it ticks every second). */
function ageToReaders(p: Page): Promise<{ hidden: boolean; liveRegion: string | null }> {
  return p.locator('[data-testid="app-header"] [data-testid="connection-ago"]').evaluate((ago) => {
    const live = ago.closest('[aria-live]:not([aria-live="off"]), [role="status"], [role="alert"], [role="log"], [role="timer"], [role="marquee"]');
    return { hidden: ago.closest('[aria-hidden="true"]') !== null, liveRegion: live ? live.outerHTML.slice(0, 80) : null };
  });
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
        expect(await ageToReaders(page), `${lang} at ${width} px`).toEqual({ hidden: true, liveRegion: null });
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

describe('office header, data days old', () => {
  const daysDb = uniqueDb('e2e_header_days');
  let days: WebInBrowser;

  beforeAll(async () => {
    await createDatabase(services.influxUrl, daysDb);
    days = await startWebInBrowser({ db: daysDb, untilMqtt: {}, users: [{ user: LONG_ADMIN, role: 'admin' }], browser: { viewport: { width: 1280, height: 720 } } });
    // What a server holds after its sensors went silent 12 days ago (it looks back only an hour at start): the
    // last live reading, as the ingest sent it then. The widest age the badge says: "⚠ 12 hari lalu".
    const ts = Date.now() - 12 * DAY_MS - 3 * 3_600_000;
    const reading = createLiveReading(oldGauge, { sensorId: oldGauge.id, kind: 'flood', ts, values: { water_level: 180 } });
    // after the log-in: the server's subscription, made just after it reached the broker, is in place by then
    await logInWithForm(days.page, days.web.url, days.auth, LONG_ADMIN, '/alerts');
    expect((await mosquittoPub(services.mqttUrl, TOPICS.live, JSON.stringify([reading]), 0)).code).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await days?.close();
    await dropDatabase(services.influxUrl, daysDb).catch(() => undefined);
  });

  it('says the age in days, one header row at 1280 px, the age hidden from screen readers and outside live regions', async () => {
    const p = days.page;
    for (const lang of ['id', 'en'] as const) {
      for (const width of [1280, 1366]) {
        await p.setViewportSize({ width, height: 720 });
        await useLang(lang, '/alerts', p, days.web.url);
        const age = await shownAge(p);
        expect(age.text, `${lang} at ${width} px`).toBe(lang === 'id' ? '12 hari lalu' : '12 d ago');
        expect(age.whole, `${lang} at ${width} px: drawn whole`).toBe(true);
        expect(await p.locator('[data-testid="app-header"] [data-testid="connection"]').innerText(), `${lang} at ${width} px`).toContain('⚠');
        expect(await rowsOf(p), `${lang} at ${width} px: rows`).toBe(1);
        expect(await ageToReaders(p), `${lang} at ${width} px`).toEqual({ hidden: true, liveRegion: null });
      }
    }
  }, 120_000);
});
