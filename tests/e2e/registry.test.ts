/**
 * The registry editor in Chromium against the production build and the real PostgreSQL of `npm test`:
 * an engineer finds it from /sensors, lowers a Siaga level with a reason, sees the new revision and the
 * history line, and a refusal shows the schema's reason.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import catalogFile from '../../src/lib/catalog/samarinda.json';
import type { Catalog } from '../../src/lib/core/sensor';
import type { TestAuth } from '../helpers/auth';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase } from '../helpers/influx';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { PROJECT_ROOT } from '../helpers/processes';
import { startWebInBrowser, type WebInBrowser } from '../helpers/web';
import { clearRetainedCatalog } from '../helpers/retained-catalog';

const services = readTestServices();
const influxDb = uniqueDb('e2eregistry');
const gauge = (catalogFile as unknown as Catalog).sensors.find((s) => s.kind === 'flood' && s.flood)!;
let pg: TestDatabase;
let ui: WebInBrowser;
let auth: TestAuth;
let page: Page;
let base = '';

beforeAll(async () => {
  pg = await createTestDatabase('e2e_registry');
  await createDatabase(services.influxUrl, influxDb);
  ui = await startWebInBrowser({ db: influxDb, users: [{ user: 'eko', role: 'engineer' }], env: { DATABASE_URL: pg.url } });
  ({ auth, page } = ui);
  base = ui.web.url;
}, 90_000);

afterAll(async () => {
  await ui?.close();
  await pg?.drop();
  await dropDatabase(services.influxUrl, influxDb).catch(() => undefined);
  await clearRetainedCatalog(services.mqttUrl);
});

describe('registry editor in the browser', () => {
  it('lets an engineer lower a Siaga level with a reason and shows it in the history', async () => {
    await page.goto(`${base}/login?next=/sensors`);
    await page.locator('input[name="user"]').fill('eko');
    await page.locator('input[name="password"]').fill(auth.users[0].password);
    await Promise.all([page.waitForURL(`${base}/sensors`, { timeout: 15_000 }), page.locator('form button[type="submit"]').click()]);
    await Promise.all([page.waitForURL(`${base}/sensors/registry`, { timeout: 15_000 }), page.locator('a[href="/sensors/registry"]').click()]);
    const row = page.locator(`[data-registry-sensor="${gauge.id}"]`);
    await row.locator('button').click();
    const lowered = gauge.flood!.siaga3 - 5;
    await page.locator('input[name="siaga3"]').fill(String(lowered));
    await page.locator('.editor input[name="reason"]').fill('papan duga dipasang ulang');
    await page.locator('.editor button[type="submit"]').click();
    await page.locator('.editor [role="status"]').waitFor({ timeout: 15_000 });
    expect(await page.locator('.editor [role="status"]').textContent()).toMatch(/2/);
    await expect.poll(() => row.locator('td').nth(3).textContent(), { timeout: 15_000 }).toContain(`${lowered} /`);
    await expect.poll(() => page.locator('.history').textContent(), { timeout: 15_000 }).toContain('flood.siaga3');
    expect(await page.locator('.history').textContent()).toContain('papan duga dipasang ulang');
    await page.screenshot({ path: path.join(PROJECT_ROOT, 'docs/screenshots/registry.png') });
  }, 90_000);

  it('shows the schema’s reason when a change is refused', async () => {
    await page.locator('input[name="siaga1"]').fill('1');
    await page.locator('.editor input[name="reason"]').fill('salah ketik');
    await page.locator('.editor button[type="submit"]').click();
    await page.locator('.editor [role="alert"]').waitFor({ timeout: 15_000 });
    expect(await page.locator('.editor [role="alert"]').textContent()).toContain(gauge.id);
  }, 60_000);

  it('reaches an open wall and an open sensor list: a renamed sensor shows there without a reload', async () => {
    // A tab left open on the sensor list (not a wall): it follows the same catalog.
    const list = await ui.browser.context.newPage();
    await list.goto(`${base}/sensors`);
    await list.locator('[data-testid="connection"][data-state="connected"]').waitFor({ timeout: 30_000 });
    const listRow = list.locator(`tr[data-sensor="${gauge.id}"]`);
    expect(await listRow.textContent()).toContain(gauge.name);
    const wall = await ui.browser.context.newPage();
    await wall.goto(`${base}/`);
    await wall.locator('html[data-started]').waitFor({ timeout: 30_000 });
    // The live status names the registry version the wall's catalog came from: wait for it.
    await wall.locator('[data-testid="connection"][data-state="connected"]').waitFor({ timeout: 30_000 });
    await wall.evaluate(() => ((window as unknown as { pantauMark?: boolean }).pantauMark = true));
    await wall.locator('[data-testid="sensor-search"]').fill(gauge.id);
    const row = wall.locator(`[data-testid="sensor-state"][data-sensor="${gauge.id}"]`);
    expect(await row.textContent()).toContain(gauge.name);
    const renamed = `${gauge.name} (pindah)`;
    const res = await page.request.patch(`${base}/api/registry/sensors/${gauge.id}`, {
      headers: { origin: base },
      data: { changes: { name: renamed }, reason: 'papan nama baru' }
    });
    expect(res.status()).toBe(200);
    // Within a status tick (5 s) of the registry's poll (2 s); the same page, the search kept.
    await expect.poll(() => row.textContent(), { timeout: 20_000 }).toContain(renamed);
    expect(await wall.evaluate(() => (window as unknown as { pantauMark?: boolean }).pantauMark)).toBe(true);
    await expect.poll(() => listRow.textContent(), { timeout: 20_000 }).toContain(renamed);
    await wall.close();
    await list.close();
  }, 60_000);
});
