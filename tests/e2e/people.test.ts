/**
 * The people page in Chromium against the production build and the real PostgreSQL of `npm test`: an
 * admin finds it in the navigation, adds a team, adds a person with an email channel, puts them on
 * call, and sees the shift in the team's week picture and as on call now; a refusal shows the reason.
 */
import path from 'node:path';
import mqtt from 'mqtt';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPICS } from '../../src/lib/core/topic';
import type { TestAuth } from '../helpers/auth';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase } from '../helpers/influx';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { PROJECT_ROOT } from '../helpers/processes';
import { startWebInBrowser, type WebInBrowser } from '../helpers/web';

const services = readTestServices();
const influxDb = uniqueDb('e2epeople');
let pg: TestDatabase;
let ui: WebInBrowser;
let auth: TestAuth;
let page: Page;
let base = '';

/** Now in WITA as the form's date and HH:00 of the current hour, so the new shift covers now. */
function witaNow(): { date: string; hour: string } {
  const wita = new Date(Date.now() + 8 * 3_600_000).toISOString();
  return { date: wita.slice(0, 10), hour: `${wita.slice(11, 13)}:00` };
}

beforeAll(async () => {
  pg = await createTestDatabase('e2e_people');
  await createDatabase(services.influxUrl, influxDb);
  ui = await startWebInBrowser({ db: influxDb, users: [{ user: 'wati', role: 'admin' }], env: { DATABASE_URL: pg.url }, browser: { viewport: { width: 1440, height: 1200 } } });
  ({ auth, page } = ui);
  base = ui.web.url;
}, 90_000);

afterAll(async () => {
  await ui?.close();
  await pg?.drop();
  await dropDatabase(services.influxUrl, influxDb).catch(() => undefined);
  const client = await mqtt.connectAsync(services.mqttUrl);
  await client.publishAsync(TOPICS.registryCatalog, '', { retain: true, qos: 1 });
  await client.endAsync();
});

describe('people page in the browser', () => {
  it('lets an admin add a person with an email channel and a shift, and shows it in the rota picture', async () => {
    await page.goto(`${base}/login?next=/alerts`);
    await page.locator('input[name="user"]').fill('wati');
    await page.locator('input[name="password"]').fill(auth.users[0].password);
    await Promise.all([page.waitForURL(`${base}/alerts`, { timeout: 15_000 }), page.locator('form button[type="submit"]').click()]);
    await Promise.all([page.waitForURL((u) => u.pathname === '/people', { timeout: 15_000 }), page.locator('nav a[href="/people"]').click()]);

    const newTeam = page.locator('form[aria-label="Tambah tim"]');
    await newTeam.locator('input[name="teamId"]').fill('bpbd');
    await newTeam.locator('input[name="nameId"]').fill('BPBD Kota Samarinda');
    await newTeam.locator('input[value="flood"]').check();
    await newTeam.locator('button[type="submit"]').click();
    const team = page.locator('[data-team="bpbd"]');
    await team.waitFor({ timeout: 15_000 });

    const newPerson = page.locator('[data-testid="new-person"]');
    await newPerson.locator('input[name="name"]').fill('Wulan Anggraini');
    await newPerson.locator('input[name="id"]').fill('wulan');
    await newPerson.locator('input[name="quietStart"]').fill('22:00');
    await newPerson.locator('input[name="quietEnd"]').fill('06:00');
    await newPerson.locator('input[name="email"]').fill('wulan@bpbd.example.invalid');
    await newPerson.locator('button[type="submit"]').click();
    const row = page.locator('[data-person="wulan"]');
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain('wulan@bpbd.example.invalid');
    expect(await row.textContent()).toContain('22:00–06:00');
    await page.locator('[data-person-editor="wulan"]').waitFor({ timeout: 15_000 });

    const { date, hour } = witaNow();
    const addShift = team.locator('form[aria-label="Tambah giliran bpbd"]');
    await addShift.locator('select[name="personId"]').selectOption('wulan');
    await addShift.locator('input[name="date"]').fill(date);
    await addShift.locator('select[name="start"]').selectOption(hour);
    await addShift.locator('button[type="submit"]').click();
    const bar = team.locator('[data-shift-person="wulan"][data-role="primary"]');
    await bar.waitFor({ timeout: 15_000 });
    expect(await bar.textContent()).toContain('Wulan');
    const box = (await bar.boundingBox())!;
    expect(box.width).toBeGreaterThan(20); // 8 hours of a week on a wide screen
    expect(await team.locator('[data-testid="on-call"]').textContent()).toContain('Wulan Anggraini');
    await page.locator('main').evaluate((m) => m.scrollTo(0, 0));
    await page.screenshot({ path: path.join(PROJECT_ROOT, 'docs/screenshots/people.png') });
  }, 120_000);

  it('shows the reason when a channel is refused', async () => {
    const editor = page.locator('[data-person-editor="wulan"]');
    await editor.locator('select[name="kind"]').selectOption('whatsapp');
    await editor.locator('input[name="address"]').fill('+62 812 3456');
    await editor.locator('form[aria-label="Tambah saluran"] button[type="submit"]').click();
    await editor.locator('[role="alert"]').waitFor({ timeout: 15_000 });
    expect(await editor.locator('[role="alert"]').textContent()).toContain('E.164');
  }, 60_000);
});
