/**
 * The signed-in pages on a phone (390 × 844) in real Chromium against the production build, in
 * Indonesian and in English: nothing is wider than the screen, so no page scrolls sideways (the
 * navigation bar alone made every page 800–892 px wide, and wide tables stuck out). A wide table may
 * scroll inside its own box; the page and its main area may not. The charts' time labels do not
 * overlap, and the header takes at most 15 % of the screen. The alerts page's own phone tests (its
 * filters, its values' words and units): phone-alerts.test.ts, on the same set-up
 * (tests/helpers/phone-session.ts).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LONG_LOGIN, PHONE, UI_WAIT_MS, gauge, startPhoneSession, upstream, type PhoneSession } from '../helpers/phone-session';
import { logInWithForm, type WebInBrowser } from '../helpers/web';

/** The pages a signed-in admin reaches from the navigation, and what shows each one has drawn. */
const PAGES: Array<{ path: string; ready: string }> = [
  { path: '/', ready: '[data-testid="clock"]' },
  { path: '/alerts', ready: `[data-testid="alert-row"][data-alert-id="${upstream.id}"]` },
  { path: '/sensors', ready: 'table.rows tbody tr' },
  { path: `/sensors/${gauge.id}`, ready: '[data-testid="chart"][data-field="water_level"]' },
  { path: '/districts', ready: '[data-testid="district-row"]' },
  { path: '/audit', ready: 'table.rows tbody tr' },
  { path: '/sensors/registry', ready: '[data-registry-sensor]' },
  { path: '/people', ready: '[data-testid="on-call"]' },
  { path: '/insights', ready: 'main h1' },
  { path: '/reports', ready: 'main h1' },
  { path: '/replay', ready: 'main h1' },
  { path: `/sensors/compare?ids=${gauge.id},flood-kp3`, ready: '[data-testid="compare-chart"]' }
];

let session: PhoneSession | undefined;
let ui: WebInBrowser;
let page: Page;
let base = '';

beforeAll(async () => {
  session = await startPhoneSession();
  ({ ui, page, base } = session);
}, 120_000);

afterAll(async () => {
  await session?.close();
});

/** How wide the page and its main area are, and what sticks out past the screen (for the failure message). */
async function widths(p: Page): Promise<{ doc: number; main: number; mainBox: number; out: string[] }> {
  return p.evaluate(() => {
    const main = document.querySelector('main')!;
    const scrolls = (el: Element) => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX);
    const inScroller = (el: Element) => {
      for (let a = el.parentElement; a && a !== main; a = a.parentElement) if (scrolls(a)) return true;
      return false;
    };
    const out = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !inScroller(el))
      .slice(0, 8)
      .map((el) => `${el.tagName.toLowerCase()}.${el.getAttribute('class') ?? ''} right=${Math.round(el.getBoundingClientRect().right)}`);
    return { doc: document.documentElement.scrollWidth, main: main.scrollWidth, mainBox: main.clientWidth, out };
  });
}

describe('signed-in pages on a phone', () => {
  for (const lang of ['id', 'en'] as const) {
    it(`no page scrolls sideways at 390 px (${lang})`, async () => {
      await page.goto(`${base}/alerts`);
      await page.locator(`[data-testid="lang-${lang}"]`).click();
      // Every page is measured before the verdict: a failure names all the pages that scroll, not the first.
      const wide: string[] = [];
      for (const { path, ready } of PAGES) {
        await page.goto(`${base}${path}`);
        await page.locator(ready).first().waitFor({ timeout: UI_WAIT_MS });
        await expect.poll(() => page.evaluate(() => document.documentElement.lang), { timeout: UI_WAIT_MS }).toBe(lang);
        const w = await widths(page);
        if (w.doc > PHONE.width || w.main > w.mainBox) wide.push(`${path}: page ${w.doc} px, main ${w.main}/${w.mainBox} px; past the screen: ${w.out.join('; ')}`);
      }
      expect(wide).toEqual([]);
    }, 180_000);
  }

  // Both charts with a time axis: a label box must end before the next one starts (the sensor page's
  // six hourly labels overlapped on the phone's 190 px plot). A week's labels are distinct dates (they
  // all read "08:00": UTC midnight in WITA).
  for (const { path, chart } of [
    { path: `/sensors/${gauge.id}`, chart: '[data-testid="chart"][data-field="water_level"]' },
    { path: `/sensors/${gauge.id}?hours=168`, chart: '[data-testid="chart"][data-field="water_level"]' },
    { path: `/sensors/compare?ids=${gauge.id},flood-kp3`, chart: '[data-testid="compare-chart"]' }
  ]) {
    it(`draws the time-axis labels apart at 390 px (${path.replace(/ids=.*/, '')})`, async () => {
      await page.goto(`${base}${path}`);
      const labels = page.locator(`${chart} text[data-axis="time"]`);
      await labels.first().waitFor({ timeout: UI_WAIT_MS });
      const boxes = await labels.evaluateAll((els) =>
        els.map((el) => ({ text: el.textContent ?? '', left: el.getBoundingClientRect().left, right: el.getBoundingClientRect().right }))
      );
      const overlaps = boxes
        .slice(1)
        .map((b, i) => [boxes[i], b] as const)
        .filter(([a, b]) => b.left < a.right + 4)
        .map(([a, b]) => `${a.text} ends at ${Math.round(a.right)}, ${b.text} starts at ${Math.round(b.left)}`);
      expect(boxes.length).toBeGreaterThanOrEqual(2);
      expect(overlaps).toEqual([]);
      const texts = boxes.map((b) => b.text);
      expect(new Set(texts).size, texts.join(', ')).toBe(texts.length);
      if (path.includes('hours=168')) for (const text of texts) expect(text).toMatch(/^\d{1,2} \p{L}{3,4}$/u);
    }, 60_000);
  }

  // The replay's map stood beside its alert list, 0 px wide: on a phone it spans the screen, the list below it.
  it('shows the replay map across the phone, its alerts below it', async () => {
    await page.goto(`${base}/replay`);
    await page.locator('main h1').waitFor({ timeout: UI_WAIT_MS });
    const map = (await page.locator('[data-testid="replay-map"]').boundingBox())!;
    const list = (await page.locator('main aside').boundingBox())!;
    expect(map.width).toBeGreaterThanOrEqual(PHONE.width - 2);
    expect(list.y).toBeGreaterThanOrEqual(map.y + map.height - 1);
  }, 60_000);

  // Table cells broke short words anywhere ("admi|n", "syste|m" in the audit log): a one-word cell stays on one line.
  it('keeps the one-word cells of the audit log (user, role) on one line', async () => {
    await page.goto(`${base}/audit`);
    await page.locator('table.rows tbody tr').first().waitFor({ timeout: UI_WAIT_MS });
    const cells = page.locator('table.rows tbody td:nth-child(2), table.rows tbody td:nth-child(3)');
    expect(await cells.count()).toBeGreaterThan(0);
    const broken = await cells.evaluateAll((tds) =>
      tds
        .filter((td) => {
          const range = document.createRange();
          range.selectNodeContents(td);
          return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1;
        })
        .map((td) => td.textContent)
    );
    expect(broken).toEqual([]);
  }, 60_000);

  // The header wrapped into a third of the screen (286–319 px); compact (105 px with the connection,
  // 78 px on the wall), it keeps every part: the navigation (scrolling sideways inside itself), the
  // connection, who is signed in, logout and the language.
  for (const lang of ['id', 'en'] as const) {
    it(`keeps the header within 15 % of the phone screen, with nothing essential dropped (${lang})`, async () => {
      await page.goto(`${base}/alerts`);
      await page.locator(`[data-testid="lang-${lang}"]`).click();
      for (const path of ['/alerts', '/', `/sensors/${gauge.id}`]) {
        await page.goto(`${base}${path}`);
        await expect.poll(() => page.evaluate(() => document.documentElement.lang), { timeout: UI_WAIT_MS }).toBe(lang);
        const header = await page.locator('[data-testid="app-header"]').boundingBox();
        expect(header!.height, `${path}: header ${Math.round(header!.height)} px of ${PHONE.height}`).toBeLessThanOrEqual(0.15 * PHONE.height);
        const essentials = ['[data-testid="viewer"] .who', '[data-testid="logout"]', `[data-testid="lang-${lang === 'id' ? 'en' : 'id'}"]`];
        if (path !== '/') essentials.push('[data-testid="app-header"] [data-testid="connection"]');
        for (const sel of essentials) await expect.poll(() => page.locator(sel).isVisible(), { timeout: UI_WAIT_MS, message: `${path}: ${sel}` }).toBe(true);
        // every page of the navigation can be reached: each link scrolls into the screen, whole
        const links = page.locator('[data-testid="app-header"] nav a');
        expect(await links.count()).toBe(8);
        for (const link of await links.all()) {
          await link.scrollIntoViewIfNeeded();
          const box = (await link.boundingBox())!;
          expect(box.x, `${path}: ${await link.innerText()}`).toBeGreaterThanOrEqual(0);
          expect(box.x + box.width, `${path}: ${await link.innerText()}`).toBeLessThanOrEqual(PHONE.width + 1);
          expect(box.y + box.height, `${path}: ${await link.innerText()}`).toBeLessThanOrEqual(header!.y + header!.height + 1);
        }
      }
    }, 90_000);
  }

  // The wall on a phone: the aside's 380 px left the map about 10 px, and its legend spilled out of it
  // over the summary tiles. The map is shown across the screen and its legend overlaps no tile.
  for (const lang of ['id', 'en'] as const) {
    it(`shows the wall's map with its legend clear of the summary tiles at 390 px (${lang})`, async () => {
      await page.goto(`${base}/alerts`);
      await page.locator(`[data-testid="lang-${lang}"]`).click();
      await page.goto(`${base}/`);
      await page.locator('[data-testid="tile-flood"]').waitFor({ timeout: UI_WAIT_MS });
      await expect.poll(() => page.evaluate(() => document.documentElement.lang), { timeout: UI_WAIT_MS }).toBe(lang);
      const legend = (await page.locator('[data-testid="map-legend"]').boundingBox())!;
      const map = (await page.locator('[data-testid="map"]').boundingBox())!;
      expect(map.width, 'map width').toBeGreaterThanOrEqual(0.9 * PHONE.width - 40);
      expect(map.height, 'map height').toBeGreaterThanOrEqual(200);
      expect(legend.x, 'legend left').toBeGreaterThanOrEqual(0);
      expect(legend.x + legend.width, 'legend right').toBeLessThanOrEqual(PHONE.width);
      const overlapping: string[] = [];
      for (const tile of ['tile-flood', 'tile-air', 'tile-traffic', 'tile-alerts']) {
        const b = (await page.locator(`[data-testid="${tile}"]`).boundingBox())!;
        const apart = b.x >= legend.x + legend.width || legend.x >= b.x + b.width || b.y >= legend.y + legend.height || legend.y >= b.y + b.height;
        if (!apart) overlapping.push(`${tile} ${JSON.stringify(b)} and the legend ${JSON.stringify(legend)}`);
      }
      expect(overlapping).toEqual([]);
    }, 60_000);
  }

  // Not a phone, but the same admin with all eight links and the connection: in Indonesian the header took two rows at
  // 1280–1920 px (the right-hand group wrapped whole) and three below 1280. One row from 1280 px on in both languages,
  // two at most from 1024; every page stays reachable, the less-used ones behind "More" where a row cannot hold them.
  it('keeps the header in one row from 1280 px (two at most from 1024), every link reachable, in both languages', async () => {
    const hrefs = ['/', '/alerts', '/sensors', '/districts', '/replay', '/insights', '/reports', '/people'];
    const rowsOf = () =>
      page.locator('[data-testid="app-header"]').evaluate((header) => {
        // every link (nav a): where a row holds them all, the less-used ones stand in it too, inside NavMore's span
        const parts = [...header.querySelectorAll('.brand, nav a, [data-testid="nav-more"], [data-testid="connection"], [data-testid="logout"], .switch')];
        const middles = parts.filter((e) => e.getClientRects().length > 0).map((e) => {
          const r = e.getBoundingClientRect();
          return r.top + r.height / 2;
        });
        return middles.sort((a, b) => a - b).filter((m, i, all) => i === 0 || m - all[i - 1] > 8).length;
      });
    try {
      for (const lang of ['id', 'en'] as const) {
        await page.setViewportSize({ width: 1280, height: 720 });
        await page.goto(`${base}/alerts`);
        await page.locator(`[data-testid="lang-${lang}"]`).click();
        await expect.poll(() => page.evaluate(() => document.documentElement.lang), { timeout: UI_WAIT_MS }).toBe(lang);
        for (const [width, rows] of [[1024, 2], [1279, 2], [1280, 1], [1366, 1], [1600, 1], [1920, 1]] as const) {
          await page.setViewportSize({ width, height: 720 });
          expect(await rowsOf(), `${lang} at ${width} px: rows`).toBeLessThanOrEqual(rows);
          const more = page.locator('[data-testid="nav-more"]');
          if (await more.isVisible()) await more.click();
          for (const href of hrefs) expect(await page.locator(`[data-testid="app-header"] nav a[href="${href}"]`).isVisible(), `${lang} at ${width} px: ${href}`).toBe(true);
          if ((await more.getAttribute('aria-expanded')) === 'true') await page.keyboard.press('Escape');
        }
      }
    } finally {
      await page.setViewportSize(PHONE);
    }
  }, 90_000);

  // Last: it signs in as someone else. The right-hand group wraps whole to its own row, but at 601 px a long
  // login made that row wider than the screen (the group did not wrap inside), and the page scrolled sideways.
  it('keeps a long login within a 601 px screen', async () => {
    await page.setViewportSize({ width: 601, height: 900 });
    try {
      await page.goto(`${base}/alerts`);
      await page.locator('[data-testid="logout"]').click();
      await page.waitForURL((u) => u.pathname === '/login', { timeout: UI_WAIT_MS });
      await logInWithForm(page, base, ui.auth, LONG_LOGIN, '/alerts');
      for (const lang of ['id', 'en'] as const) {
        await page.locator(`[data-testid="lang-${lang}"]`).click();
        await expect.poll(() => page.evaluate(() => document.documentElement.lang), { timeout: UI_WAIT_MS }).toBe(lang);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `${lang}: page width`).toBeLessThanOrEqual(601);
      }
    } finally {
      await page.setViewportSize(PHONE);
    }
  }, 60_000);
});
