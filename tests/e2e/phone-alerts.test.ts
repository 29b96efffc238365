/**
 * The alerts page on a phone (390 × 844) in real Chromium against the production build, in
 * Indonesian and in English: its filters stand in two even columns of touch-sized controls, and an
 * alert's value says what it measures and in which unit ("Perkiraan laju naik 51,9 cm/jam", not
 * "Nilai 51,9"). The same set-up as the other signed-in pages' phone tests (phone-layout.test.ts):
 * tests/helpers/phone-session.ts.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/lib/core/alert';
import { UI_WAIT_MS, congestion, startPhoneSession, upstream, type PhoneSession } from '../helpers/phone-session';

let session: PhoneSession | undefined;
let page: Page;
let base = '';

beforeAll(async () => {
  session = await startPhoneSession();
  ({ page, base } = session);
}, 120_000);

afterAll(async () => {
  await session?.close();
});

describe('the alerts page on a phone', () => {
  // The filters wrapped as their contents' widths fell (three on one row, one alone below, a 36 px tall select):
  // on a phone they stand in two even columns, each control a 44 px touch target at least.
  it('lays the alert filters in two even columns of 44 px controls, in both languages', async () => {
    await page.goto(`${base}/alerts`);
    for (const lang of ['id', 'en'] as const) {
      await page.locator(`[data-testid="lang-${lang}"]`).click();
      await expect.poll(() => page.evaluate(() => document.documentElement.lang), { timeout: UI_WAIT_MS }).toBe(lang);
      const boxes = await page.locator('.toolbar select, .toolbar button').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
      const selects = boxes.slice(0, 4);
      expect(boxes.filter((b) => b.height < 44 || b.width < 44), `${lang}: small targets`).toEqual([]);
      const round = (v: number) => Math.round(v);
      expect(new Set(selects.map((b) => round(b.width))).size, `${lang}: select widths ${selects.map((b) => b.width)}`).toBe(1);
      expect([...new Set(selects.map((b) => round(b.left)))], `${lang}: columns`).toHaveLength(2);
      expect([...new Set(selects.map((b) => round(b.top)))], `${lang}: rows`).toHaveLength(2);
    }
  }, 60_000);

  it('says what an alert value measures, with its unit, in both languages', async () => {
    await page.goto(`${base}/alerts`);
    const value = (a: Alert) => page.locator(`[data-testid="alert-row"][data-alert-id="${a.id}"] [data-testid="alert-value"]`);
    await page.locator('[data-testid="lang-id"]').click();
    await expect.poll(() => value(upstream).innerText(), { timeout: UI_WAIT_MS }).toBe('Perkiraan laju naik 51,9 cm/jam');
    expect(await value(congestion).innerText()).toBe('Kecepatan 23,9 km/jam · normal jam ini 45 km/jam');
    await page.locator('[data-testid="lang-en"]').click();
    await expect.poll(() => value(upstream).innerText(), { timeout: UI_WAIT_MS }).toBe('Expected rise 51.9 cm/h');
    expect(await value(congestion).innerText()).toBe('Speed 23.9 km/h · usual for this hour 45 km/h');
  }, 60_000);
});
