import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestAuth } from '../helpers/auth';
import type { TestBrowser } from '../helpers/browser';
import { readTestServices, uniqueDb } from '../helpers/env';
import { AUDIT, createDatabase, dropDatabase, influxQuery } from '../helpers/influx';
import { waitFor } from '../helpers/wait';
import { startWebInBrowser, type WebInBrowser } from '../helpers/web';

const services = readTestServices();
const db = uniqueDb('e2elogin');
let ui: WebInBrowser;
let auth: TestAuth;
let browser: TestBrowser;
let page: Page;
let base = '';
/** Console lines of the page: a CSP that blocks our own scripts, worker or socket shows up here. */
const consoleLines: string[] = [];

beforeAll(async () => {
  await createDatabase(services.influxUrl, db);
  // Anonymous reading off: every page and the socket need the session.
  ui = await startWebInBrowser({ db, users: [{ user: 'sari', role: 'responder' }], env: { PANTAU_ANONYMOUS_READ: 'false' } });
  ({ auth, browser, page } = ui);
  base = ui.web.url;
  page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
}, 90_000);

afterAll(async () => {
  await ui?.close();
  await dropDatabase(services.influxUrl, db).catch(() => undefined);
});

describe('login in the browser', () => {
  it('sends an anonymous visitor to the login form, and a wrong password keeps them there', async () => {
    // The app's scripts arrive late, as on a slow phone: what is typed before the page hydrates must survive it.
    let releaseScripts = (): void => undefined;
    const typed = new Promise<void>((resolve) => (releaseScripts = resolve));
    await page.route('**/_app/immutable/**/*.js', async (route) => {
      await typed;
      await route.continue();
    });
    await page.goto(`${base}/alerts`, { waitUntil: 'domcontentloaded' });
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/alerts');
    await page.locator('input[name="user"]').fill('sari');
    releaseScripts();
    await page.waitForLoadState('networkidle');
    await page.unroute('**/_app/immutable/**/*.js');
    expect(await page.locator('input[name="user"]').inputValue()).toBe('sari');
    await page.locator('input[name="password"]').fill('not-her-password');
    await page.locator('form button[type="submit"]').click();
    await page.locator('p.error[role="alert"]').waitFor({ timeout: 15_000 });
    expect(await page.locator('p.error[role="alert"]').textContent()).toContain('salah');
    expect((await browser.context.cookies()).some((c) => c.name === 'pantau_session')).toBe(false);
  }, 60_000);

  it('logs in through the form, lands on the page asked for, connects live, and shows the user name', async () => {
    await page.locator('input[name="user"]').fill('sari');
    await page.locator('input[name="password"]').fill(auth.users[0].password);
    await Promise.all([page.waitForURL(`${base}/alerts`, { timeout: 15_000 }), page.locator('form button[type="submit"]').click()]);
    const cookie = (await browser.context.cookies()).find((c) => c.name === 'pantau_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    // The socket is only let in with the session cookie (anonymous reading is off).
    await waitFor('the live connection', async () => (await page.locator('[data-testid="connection"]').getAttribute('data-state')) === 'connected', { timeoutMs: 20_000 });
    await page.goto(`${base}/login`);
    const who = await page.locator('[data-testid="signed-in"]').textContent();
    expect(who).toContain('sari');
    expect(consoleLines.filter((l) => /Content Security Policy|Refused to/i.test(l))).toEqual([]);
  }, 60_000);

  it('logs out with the button; the login is in the audit log', async () => {
    await Promise.all([page.waitForURL(`${base}/login`, { timeout: 15_000 }), page.locator('form[action="/logout"] button').click()]);
    expect((await browser.context.cookies()).some((c) => c.name === 'pantau_session')).toBe(false);
    expect(await page.locator('input[name="password"]').count()).toBe(1);
    const rows = await waitFor('audit rows', async () => {
      const r = await influxQuery(services.influxUrl, db, `SELECT * FROM ${AUDIT} WHERE "user" = 'sari'`);
      return r.some((x) => x.action === 'logout') ? r : null;
    });
    expect(rows.map((r) => `${r.action}:${r.ok}`)).toEqual(['login:false', 'login:true', 'logout:true']);
  }, 60_000);
});
