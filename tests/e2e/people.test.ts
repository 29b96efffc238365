/**
 * The people page in Chromium against the production build and the real PostgreSQL of `npm test`: an
 * admin finds it in the navigation, adds a team, adds a person with an email channel, puts them on
 * call, and sees the shift in the team's week picture and as on call now; a refusal shows the reason;
 * a subscription covers several districts and kinds and reads as words; a team's own fields are edited
 * and the team deleted with a reason (audited); a test message to a person's email channel goes through
 * the real notifier to a real SMTP server and the page shows that it was sent, then refuses a second at once.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translate, type MessageKey, type MessageParams } from '../../src/lib/i18n/translate';
import { describeSubscription } from '../../src/routes/people/subscription-view';
import { spellDate } from '../../src/lib/format/date-words';
import type { TestAuth } from '../helpers/auth';
import { readTestServices, uniqueDb } from '../helpers/env';
import { AUDIT, createDatabase, dropDatabase, influxQuery } from '../helpers/influx';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { PROJECT_ROOT } from '../helpers/processes';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server';
import { waitFor } from '../helpers/wait';
import { clearRetainedCatalog } from '../helpers/retained-catalog';
import { startPeopleNotifier, type PeopleNotifier } from '../integration/notify-people-fixture';
import { startWebInBrowser, type WebInBrowser } from '../helpers/web';

const services = readTestServices();
const influxDb = uniqueDb('e2epeople');
let pg: TestDatabase;
let ui: WebInBrowser;
let auth: TestAuth;
let page: Page;
let base = '';
let smtp: TestSmtpServer;
let notifier: PeopleNotifier;

/** Now (or `at`) in WITA as the form's date and HH:00 of that hour, so a new shift from there covers it. */
function witaNow(at = Date.now()): { date: string; hour: string } {
  const wita = new Date(at + 8 * 3_600_000).toISOString();
  return { date: wita.slice(0, 10), hour: `${wita.slice(11, 13)}:00` };
}

beforeAll(async () => {
  pg = await createTestDatabase('e2e_people');
  await createDatabase(services.influxUrl, influxDb);
  ui = await startWebInBrowser({ db: influxDb, users: [{ user: 'wati', role: 'admin' }], env: { DATABASE_URL: pg.url }, browser: { viewport: { width: 1440, height: 1200 } } });
  ({ auth, page } = ui);
  base = ui.web.url;
  smtp = await startSmtpServer();
  notifier = await startPeopleNotifier({ db: influxDb, databaseUrl: pg.url, publicUrl: base, env: { SMTP_URL: smtp.url, SMTP_FROM: 'Pantau <pantau@pantau.test>' } });
}, 120_000);

afterAll(async () => {
  await notifier?.stop();
  await smtp?.close();
  await ui?.close();
  await pg?.drop();
  await dropDatabase(services.influxUrl, influxDb).catch(() => undefined);
  await clearRetainedCatalog(services.mqttUrl);
});

describe('people page in the browser', () => {
  it('lets an admin add a person with an email channel and a shift, and shows it in the rota picture', async () => {
    await page.goto(`${base}/login?next=/alerts`);
    await page.locator('input[name="user"]').fill('wati');
    await page.locator('input[name="password"]').fill(auth.users[0].password);
    await Promise.all([page.waitForURL(`${base}/alerts`, { timeout: 15_000 }), page.locator('form button[type="submit"]').click()]);
    // At 1440 px in Indonesian the people directory is behind "Lainnya" (More), a disclosure that Tab reaches.
    await page.locator('[data-testid="nav-more"]').click();
    await Promise.all([page.waitForURL((u) => u.pathname === '/people', { timeout: 15_000 }), page.locator('nav a[href="/people"]').click()]);
    // Reopened on the people page, the list marks it as the current page, unlike a link under the mouse (the two
    // looked the same: the same background, nothing else).
    await page.locator('[data-testid="nav-more"]').click();
    await page.locator('#nav-more a[href="/replay"]').hover();
    const look = (href: string) => page.locator(`#nav-more a[href="${href}"]`).evaluate((a) => ['color', 'backgroundColor', 'boxShadow', 'borderLeftWidth', 'textDecorationLine'].map((k) => getComputedStyle(a)[k as 'color']).join(' | '));
    expect(await page.locator('#nav-more a[href="/people"]').getAttribute('aria-current')).toBe('page');
    expect(await look('/people')).not.toBe(await look('/replay'));
    await page.keyboard.press('Escape');
    expect(await page.locator('[data-testid="nav-more"]').getAttribute('aria-expanded')).toBe('false');

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

  it('adds a subscription for several kinds and districts and shows it in words', async () => {
    const editor = page.locator('[data-person-editor="wulan"]');
    const form = editor.locator('form[aria-label="Tambah langganan"]');
    const districts = await form.locator('input[name="district"]').evaluateAll((els) => els.slice(0, 2).map((e) => (e as HTMLInputElement).value));
    expect(districts).toHaveLength(2);
    for (const k of ['flood', 'traffic']) await form.locator(`input[name="kind"][value="${k}"]`).check();
    for (const d of districts) await form.locator(`input[name="district"][value="${d}"]`).check();
    await form.locator('select[name="minSeverity"]').selectOption('critical');
    await form.locator('button[type="submit"]').click();
    const id = (key: MessageKey, params?: MessageParams) => translate('id', key, params);
    const words = describeSubscription({ kinds: ['flood', 'traffic'], districts, categories: ['emergency'], minSeverity: 'critical' }, id);
    expect(words).toContain(districts.join(', '));
    await expect.poll(() => editor.locator('[data-subscription]').allTextContents(), { timeout: 15_000 }).toEqual([words]);
    expect(await page.locator('[data-person="wulan"]').textContent()).toContain(words);
    // The form starts empty again for the next one.
    expect(await form.locator('input[name="district"]:checked').count()).toBe(0);
  }, 60_000);

  it('edits a team’s names, kinds, districts, lead and escalation; refuses a bad order; deletes it with a reason', async () => {
    const team = page.locator('[data-team="bpbd"]');
    const editor = team.locator('[data-team-editor="bpbd"]');
    await editor.locator('summary').click();
    const form = editor.locator('form[aria-label="Simpan bpbd"]');
    await form.locator('input[name="nameId"]').fill('BPBD Samarinda');
    await form.locator('input[name="nameEn"]').fill('Samarinda Disaster Agency');
    await form.locator('input[name="kind"][value="traffic"]').check();
    const district = await form.locator('input[name="district"]').first().getAttribute('value');
    await form.locator(`input[name="district"][value="${district}"]`).check();
    await form.locator('select[name="lead"]').selectOption('wulan');
    await form.locator('input[name="backupAfterMin"]').fill('30');
    await form.locator('input[name="leadAfterMin"]').fill('15');
    await form.locator('button[type="submit"]').click();
    await editor.locator('[role="alert"]').waitFor({ timeout: 15_000 });
    expect(await editor.locator('[role="alert"]').textContent()).toContain('leadAfterMin must be later');

    await form.locator('input[name="backupAfterMin"]').fill('5');
    await form.locator('button[type="submit"]').click();
    await expect.poll(() => team.locator('h3').textContent(), { timeout: 15_000 }).toContain('BPBD Samarinda');
    const summary = (await team.locator('header p.muted').textContent()) ?? '';
    expect(summary).toContain('Lalu lintas, Banjir'); // kinds in their fixed order
    expect(summary).toContain(district!);
    expect(summary).toContain('Wulan Anggraini');
    expect(summary.replace(/\s+/g, ' ')).toContain(translate('id', 'people.escalation', { backup: 5, lead: 15 }));

    // Re-created closed after the save: open it again to delete.
    await editor.locator('summary').click();
    await editor.locator('input[name="reason"]').fill('dilebur ke tim baru');
    await editor.locator('button.danger').click();
    await expect.poll(() => page.locator('[data-team="bpbd"]').count(), { timeout: 15_000 }).toBe(0);
    const audit = await waitFor('team audit entries', async () => {
      const rows = await influxQuery(services.influxUrl, influxDb, `SELECT * FROM ${AUDIT} WHERE "target" = 'bpbd'`);
      return rows.some((r) => r.action === 'people:team-delete') ? rows : null;
    });
    const actions = audit.map((r) => `${String(r.action)}:${String(r.ok)}`);
    expect(actions).toEqual(expect.arrayContaining(['people:team-edit:false', 'people:team-edit:true', 'people:team-delete:true']));
    expect(audit.find((r) => r.action === 'people:team-delete')).toMatchObject({ user: 'wati', detail: 'dilebur ke tim baru' });
  }, 90_000);

  it('sends a test message through a person’s email channel via the notifier and shows it was sent; a second at once is refused', async () => {
    const editor = page.locator('[data-person-editor="wulan"]');
    const test = editor.locator('[data-channel-test]').first();
    await test.locator('button').click();
    await test.locator('[data-state="sent"]').waitFor({ timeout: 30_000 });
    const mail = await waitFor('the test email', () => smtp.messages.find((m) => m.to.includes('wulan@bpbd.example.invalid')));
    expect(mail.subject).toContain(translate('id', 'delivery.test.title')); // Wulan reads Indonesian
    expect(mail.text).toContain('wati');
    await editor.scrollIntoViewIfNeeded();
    await editor.screenshot({ path: path.join(PROJECT_ROOT, 'docs/screenshots/people-test-message.png') });

    await test.locator('button').click();
    await test.locator('[data-state="failed"]').waitFor({ timeout: 15_000 });
    expect(await test.locator('[role="status"]').textContent()).toContain('every 15 s');
    expect(smtp.messages.filter((m) => m.to.includes('wulan@bpbd.example.invalid'))).toHaveLength(1);

    const audit = await waitFor('test message audit entries', async () => {
      const rows = await influxQuery(services.influxUrl, influxDb, `SELECT * FROM ${AUDIT} WHERE "action" = 'people:channel-test'`);
      return rows.length >= 3 ? rows : null;
    });
    const entries = audit.map((r) => `${String(r.user)}:${String(r.ok)}`).sort();
    expect(entries).toEqual(['notifier:true', 'wati:false', 'wati:true']);
    expect(JSON.stringify(audit)).not.toContain('wulan@bpbd.example.invalid');
  }, 90_000);

  it('draws the now line behind the name of the shift under way', async () => {
    // The now line ran over the name of the shift under way ("R|izky"). A backup shift from 3 h before now to 3 h
    // after, in a week that starts yesterday (never cut at the week's start): the line crosses its bar's middle,
    // where the name is, and there the name must be on top. (A team of its own: the one above was deleted.)
    await page.goto(`${base}/people?from=${witaNow(Date.now() - 86_400_000).date}`);
    const newTeam = page.locator('form[aria-label="Tambah tim"]');
    await newTeam.locator('input[name="teamId"]').fill('piket');
    await newTeam.locator('input[name="nameId"]').fill('Tim piket');
    await newTeam.locator('input[value="flood"]').check();
    await newTeam.locator('button[type="submit"]').click();
    const team = page.locator('[data-team="piket"]');
    await team.waitFor({ timeout: 15_000 });
    const addShift = team.locator('form[aria-label="Tambah giliran piket"]');
    const earlier = witaNow(Date.now() - 3 * 3_600_000);
    await addShift.locator('select[name="personId"]').selectOption('wulan');
    await addShift.locator('select[name="role"]').selectOption('backup');
    await addShift.locator('input[name="date"]').fill(earlier.date);
    await addShift.locator('select[name="start"]').selectOption(earlier.hour);
    await addShift.locator('input[name="hours"]').fill('6');
    // the date input shows the browser's format; the form says the shift in the UI's words
    expect(await addShift.locator('[data-testid="shift-preview"]').innerText()).toContain(`${spellDate(earlier.date, 'id')}, ${earlier.hour.replace(':', '.')} – `);
    // and a screen reader hears it with the date field (it was a paragraph after the submit button)
    const described = await addShift.locator('input[name="date"]').evaluate((input) => document.getElementById(input.getAttribute('aria-describedby') ?? '')?.textContent ?? '');
    expect(described).toContain(spellDate(earlier.date, 'id'));
    await addShift.locator('button[type="submit"]').click();
    const backup = team.locator('[data-shift-person="wulan"][data-role="backup"]');
    await backup.waitFor({ timeout: 15_000 });
    await backup.scrollIntoViewIfNeeded();
    const crossing = await backup.evaluate((bar) => {
      const line = bar.parentElement!.querySelector('.now')!.getBoundingClientRect();
      const x = line.left + line.width / 2;
      const range = document.createRange();
      range.selectNodeContents(bar);
      const text = range.getBoundingClientRect();
      const top = document.elementFromPoint(x, text.top + text.height / 2);
      return { line: Math.round(x), text: `${Math.round(text.left)}–${Math.round(text.right)}`, crosses: text.left < x && x < text.right, nameOnTop: top !== null && bar.contains(top) };
    });
    expect(crossing, JSON.stringify(crossing)).toMatchObject({ crosses: true, nameOnTop: true });
  }, 60_000);
});
