import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sensor } from '../../src/lib/core/sensor';
import { formatLine } from '../../src/lib/core/line-protocol';
import catalogJson from '../../src/lib/catalog/samarinda.json';
import type { TestAuth } from '../helpers/auth';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase, influxWrite } from '../helpers/influx';
import { PROJECT_ROOT } from '../helpers/processes';
import { startWebInBrowser, type WebInBrowser } from '../helpers/web';

/** /sensors/compare: one line per chosen sensor from the history API, reached from a sensor page. */
const services = readTestServices();
const db = uniqueDb('e2e_compare');
const gauges = (catalogJson.sensors as Sensor[]).filter((s) => s.kind === 'flood').slice(0, 3);
const UI_WAIT_MS = 60_000;
const MIN_MS = 60_000;
const SCREENSHOT = path.join(PROJECT_ROOT, 'docs/screenshots/compare.png');

let ui: WebInBrowser;
let page: Page;
let baseUrl = '';
let auth: TestAuth;

beforeAll(async () => {
  await createDatabase(services.influxUrl, db);
  // Two hours of history per gauge, each at its own level so the lines are apart.
  const t0 = Date.now() - 2 * 60 * MIN_MS;
  const lines = gauges.flatMap((g, gi) =>
    Array.from({ length: 120 }, (_, i) => formatLine('flood', { sensor: g.id, district: g.district }, { water_level: 100 + gi * 40 + (i % 10) }, t0 + i * MIN_MS))
  );
  await influxWrite(services.influxUrl, db, lines);
  ui = await startWebInBrowser({ db, browser: { viewport: { width: 1400, height: 900 } } });
  ({ page, auth } = ui);
  baseUrl = ui.web.url;
});

afterAll(async () => {
  await ui?.close();
  await dropDatabase(services.influxUrl, db).catch(() => undefined);
});

describe('sensor comparison', () => {
  it('draws one series per id, each with its own colour and dash, and a legend entry', async () => {
    const ids = gauges.map((g) => g.id);
    await page.goto(`${baseUrl}/sensors/compare?ids=${ids.join(',')}&hours=6&kiosk=${auth.kioskToken}`);
    const chart = page.locator('[data-testid="compare-chart"]');
    await chart.waitFor({ timeout: UI_WAIT_MS });
    expect(await chart.getAttribute('data-field')).toBe('water_level');
    const series = page.locator('[data-testid="series"]');
    expect(await series.evaluateAll((els) => els.map((e) => e.getAttribute('data-sensor')))).toEqual(ids);
    for (const id of ids) {
      expect(Number(await page.locator(`[data-testid="series"][data-sensor="${id}"]`).getAttribute('data-points'))).toBeGreaterThan(50);
    }
    const styles = await series.evaluateAll((els) => els.map((e) => `${e.getAttribute('stroke')}|${e.getAttribute('stroke-dasharray') ?? ''}`));
    expect(new Set(styles.map((s) => s.split('|')[0])).size).toBe(ids.length);
    expect(new Set(styles.map((s) => s.split('|')[1])).size).toBe(ids.length);
    expect(await page.locator('[data-testid="legend-item"]').count()).toBe(ids.length);
    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
  }, 120_000);

  it('is linked from a sensor page and refuses sensors of different kinds', async () => {
    await page.goto(`${baseUrl}/sensors/${gauges[0].id}`);
    await page.locator('[data-testid="compare-link"]').click();
    await page.waitForURL((u) => u.pathname === '/sensors/compare', { timeout: UI_WAIT_MS });
    await page.locator('[data-testid="compare-chart"][data-series="1"]').waitFor({ timeout: UI_WAIT_MS });
    expect(await page.locator('[data-testid="compare-add"] option').count()).toBeGreaterThan(1);

    const air = (catalogJson.sensors as Sensor[]).find((s) => s.kind === 'air')!;
    await page.goto(`${baseUrl}/sensors/compare?ids=${gauges[0].id},${air.id}`);
    await page.locator('[data-testid="compare-error"]').waitFor({ timeout: UI_WAIT_MS });
    expect(await page.locator('[data-testid="series"]').count()).toBe(0);
  }, 120_000);
});
