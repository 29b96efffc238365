import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTestServices, uniqueDb } from '../helpers/env';
import { dropDatabase } from '../helpers/influx';
import { PROJECT_ROOT } from '../helpers/processes';
import { logInWithForm, startWebInBrowser, type WebInBrowser } from '../helpers/web';
import { SEED_ENV, seedReportDb, writeSeededCatalog } from '../integration/reports-seed';

/**
 * A situation report in real Chromium against the production build: the seeded week written to
 * InfluxDB, the command center started on the seeded catalog; a responder opens the week from the
 * index, reads it in Indonesian and English, sees its charts, and downloads the PDF, which a
 * reader without a session cannot.
 */
const services = readTestServices();
const db = uniqueDb('e2e_reports');
const UI_WAIT_MS = 60_000;
const WEEK_URL = '/reports/week/2026-11-23';
const TITLE_ID = 'Laporan situasi mingguan · 23 November 2026 – 29 November 2026';
const TITLE_EN = 'Weekly situation report · 23 November 2026 – 29 November 2026';

let ui: WebInBrowser;
let page: Page;
let base = '';
let dir = '';

/** The document title in a PDF's Info dictionary: a literal string or UTF-16BE hex, as printers write it. */
function pdfTitle(pdf: Buffer): string | null {
  const text = pdf.toString('latin1');
  const hex = /\/Title\s*<([0-9A-Fa-f\s]+)>/.exec(text);
  if (hex) {
    const bytes = Buffer.from(hex[1].replace(/\s/g, ''), 'hex');
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
    return bytes.toString('latin1');
  }
  const lit = /\/Title\s*\(((?:\\.|[^\\)])*)\)/.exec(text);
  if (!lit) return null;
  const raw = Buffer.from(lit[1].replace(/\\([()\\])/g, '$1').replace(/\\(\d{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))), 'latin1');
  return raw[0] === 0xfe && raw[1] === 0xff ? Buffer.from(raw.subarray(2)).swap16().toString('utf16le') : raw.toString('utf8');
}

beforeAll(async () => {
  await seedReportDb(services.influxUrl, db);
  dir = await mkdtemp(path.join(os.tmpdir(), 'pantau-e2e-reports-'));
  await writeSeededCatalog(path.join(dir, 'catalog.json'));
  ui = await startWebInBrowser({ db, users: [{ user: 'sari', role: 'responder' }], env: { ...SEED_ENV, PANTAU_CATALOG: path.join(dir, 'catalog.json') } });
  page = ui.page;
  base = ui.web.url;
  await logInWithForm(page, base, ui.auth, 'sari', '/reports');
}, 240_000);

afterAll(async () => {
  await ui?.close();
  await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  await dropDatabase(services.influxUrl, db).catch(() => undefined);
});

describe('/reports in Chromium', () => {
  it('lists the latest shift, day and week reports and opens a chosen week', async () => {
    await page.locator('[data-testid="reports-index"]').waitFor({ timeout: UI_WAIT_MS });
    for (const kind of ['shift', 'day', 'week']) expect(await page.locator(`[data-testid="report-link-${kind}"]`).count()).toBeGreaterThan(3);
    // At 1280 px in Indonesian the reports' link is behind "Lainnya": the button says it holds the current page.
    expect(await page.getByRole('button', { name: 'Lainnya, halaman ini: Laporan', exact: true }).count()).toBe(1);
    const pick = page.locator('[data-testid="reports-pick"]');
    await pick.locator('select[name="kind"]').selectOption('week');
    await pick.locator('input[name="date"]').fill('2026-11-26');
    // The inputs show the browser's format (08:00 AM here): the moment chosen is spelled beside them, WITA, 24 h.
    const words = pick.locator('[data-testid="reports-pick-words"]');
    await expect.poll(() => words.innerText(), { timeout: UI_WAIT_MS }).toBe('Kamis, 26 November 2026, 08.00 WITA');
    await pick.locator('input[name="time"]').fill('17:30');
    await expect.poll(() => words.innerText(), { timeout: UI_WAIT_MS }).toBe('Kamis, 26 November 2026, 17.30 WITA');
    for (const name of ['date', 'time']) expect(await pick.locator(`input[name="${name}"]`).getAttribute('aria-describedby')).toBe(await words.getAttribute('id'));
    await pick.locator('button[type="submit"]').click();
    await page.waitForURL((u) => u.pathname === WEEK_URL, { timeout: UI_WAIT_MS });
  });

  it('reads the week in Indonesian with its charts and recommendations', async () => {
    await page.locator('[data-testid="report"]').waitFor({ timeout: UI_WAIT_MS });
    expect(await page.locator('[data-testid="report-title"]').innerText()).toBe(TITLE_ID);
    const recs = page.locator('section[data-section="recommendations"]');
    await expect(recs.innerText()).resolves.toContain('mencapai Macet pada 8 dari 10 hari kerja terakhir antara 16:30 dan 17:30');
    // 15 emergency alerts, each in its own hour of the week: 15 bars.
    expect(await page.locator('[data-testid="chart-per-hour"] rect').count()).toBe(15);
    expect(await page.locator('[data-testid="chart-ranking-traffic"] text.label').allTextContents()).toEqual(['Lalu lintas · Samarinda Ulu', 'Lalu lintas · Sungai Pinang']);
    // The number links to the sensor's page.
    const link = recs.locator('a', { hasText: /^8$/ });
    expect(await link.getAttribute('href')).toBe('/sensors/traffic-lembuswana-n');
    await mkdir(path.join(PROJECT_ROOT, 'docs/screenshots'), { recursive: true });
    await page.screenshot({ path: path.join(PROJECT_ROOT, 'docs/screenshots/report.png'), fullPage: false });
  });

  it('opens the alerts behind a number: the period\'s own, as many as the number says', async () => {
    // "7 lalu lintas" in the first sentence: the week's traffic emergencies, which the live /alerts list no longer holds.
    const traffic = page.locator('section[data-section="alerts"] p.sentence').first().locator('a', { hasText: /^7$/ });
    expect(await traffic.getAttribute('href')).toBe(`${WEEK_URL}/alerts?kind=traffic`);
    await traffic.click();
    await page.locator('[data-testid="period-alerts"]').waitFor({ timeout: UI_WAIT_MS });
    expect(await page.locator('[data-testid="period-alerts-count"]').innerText()).toBe('7');
    const sensors = await page.locator('[data-testid="period-alert"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-sensor')));
    expect(sensors.filter((s) => s === 'traffic-lembuswana-n')).toHaveLength(4);
    expect(sensors.filter((s) => s === 'traffic-sempaja-s')).toHaveLength(3);
    // The maintenance alerts' number: Sempaja south silent on Thu 26 Nov.
    await page.goto(`${base}${WEEK_URL}/alerts?category=maintenance`);
    await expect.poll(() => page.locator('[data-testid="period-alerts-count"]').innerText(), { timeout: UI_WAIT_MS }).toBe('1');
    expect(await page.locator('[data-testid="period-alert"]').getAttribute('data-sensor')).toBe('traffic-sempaja-s');
    await page.locator('[data-testid="period-alerts-back"]').click();
    await page.locator('[data-testid="report"]').waitFor({ timeout: UI_WAIT_MS });
  });

  it('switches to English, and prints without the toolbar', async () => {
    await page.locator('[data-testid="lang-en"]').click();
    await expect.poll(() => page.locator('[data-testid="report-title"]').innerText(), { timeout: UI_WAIT_MS }).toBe(TITLE_EN);
    expect(await page.getByRole('button', { name: 'More, this page: Reports', exact: true }).count()).toBe(1);
    await expect(page.locator('section[data-section="recommendations"]').innerText()).resolves.toContain('consider signal retiming or an officer');
    expect(await page.locator('[data-testid="report-pdf"]').getAttribute('href')).toBe('/api/reports/week/2026-11-23.pdf?lang=en');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('[data-testid="report-pdf"]').isVisible()).toBe(false);
    expect(await page.locator('[data-testid="report-title"]').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
  });

  it('downloads the PDF (Chromium prints it on the server), then from the cache', async () => {
    const first = await page.request.get(`${base}/api/reports/week/2026-11-23.pdf?lang=en`, { timeout: 120_000 });
    expect(first.status()).toBe(200);
    expect(first.headers()['content-type']).toBe('application/pdf');
    const pdf = await first.body();
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfTitle(pdf)).toBe(TITLE_EN);
    expect(first.headers()['x-pantau-cache']).toBe('miss');
    const again = await page.request.get(`${base}/api/reports/week/2026-11-23.pdf?lang=en`);
    expect(again.headers()['x-pantau-cache']).toBe('hit');
    expect(Buffer.compare(await again.body(), pdf)).toBe(0);
  }, 150_000);

  it('refuses the PDF without a session, and periods that are not periods', async () => {
    const anonymous = await fetch(`${base}/api/reports/week/2026-11-23.pdf`, { redirect: 'manual' });
    expect(anonymous.status).toBe(401);
    const notMonday = await page.request.get(`${base}/api/reports/week/2026-11-24.pdf`);
    expect(notMonday.status()).toBe(404);
    const future = await page.request.get(`${base}/reports/day/2099-01-01`);
    expect(future.status()).toBe(404);
  });
});
