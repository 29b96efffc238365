/**
 * The responder app's "Kirim notifikasi uji" button in Chromium on a phone-sized screen, against the
 * production build, the real notifier process and a real SMTP server: pressing it sends a test email
 * that arrives, the page says "Terkirim ✓" for email, says in plain words that Telegram is not set up
 * on the server, and a second press at once says the channels were tested too often.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase } from '../helpers/influx';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server';
import { waitFor } from '../helpers/wait';
import { logInWithForm, startWebInBrowser, type WebInBrowser } from '../helpers/web';
import { clearRetainedCatalog } from '../helpers/retained-catalog';
import { seedDirectory, startPeopleNotifier, type PeopleNotifier } from '../integration/notify-people-fixture';

const services = readTestServices();
const influxDb = uniqueDb('e2e_selftest');
const UI_WAIT_MS = 30_000;
let database: TestDatabase;
let smtp: TestSmtpServer;
let notifier: PeopleNotifier;
let ui: WebInBrowser;
let page: Page;

beforeAll(async () => {
  [database, smtp] = await Promise.all([createTestDatabase('e2e_selftest'), startSmtpServer()]);
  await createDatabase(services.influxUrl, influxDb);
  await seedDirectory(database.url, {
    people: [
      {
        person: { id: 'sari', name: 'Sari Wulandari', user: 'sari' },
        channels: [
          { kind: 'email', address: 'sari@bpbd.test', rank: 0, enabled: true },
          { kind: 'telegram', address: '123456789', rank: 1, enabled: true }
        ]
      }
    ]
  });
  ui = await startWebInBrowser({ db: influxDb, users: [{ user: 'sari', role: 'responder' }], env: { DATABASE_URL: database.url }, browser: { viewport: { width: 390, height: 844 } } });
  ({ page } = ui);
  notifier = await startPeopleNotifier({ db: influxDb, databaseUrl: database.url, publicUrl: ui.web.url, env: { SMTP_URL: smtp.url, SMTP_FROM: 'Pantau <pantau@pantau.test>' } });
}, 120_000);

afterAll(async () => {
  await notifier?.stop();
  await ui?.close();
  await smtp?.close();
  await database?.drop();
  await dropDatabase(services.influxUrl, influxDb);
  await clearRetainedCatalog(services.mqttUrl);
});

describe('responder app: test notification button', () => {
  it('sends through each channel and says per channel what happened, in plain words', async () => {
    await logInWithForm(page, ui.web.url, ui.auth, 'sari', '/app');
    const run = page.getByTestId('self-test-run');
    await expect.poll(() => run.textContent(), { timeout: UI_WAIT_MS }).toBe('Kirim notifikasi uji');
    await run.click();
    const email = page.locator('[data-testid="self-test-channel"][data-kind="email"]');
    const telegram = page.locator('[data-testid="self-test-channel"][data-kind="telegram"]');
    await expect.poll(() => email.getAttribute('data-status'), { timeout: UI_WAIT_MS }).toBe('sent');
    expect(await email.textContent()).toContain('Terkirim ✓');
    await expect.poll(() => telegram.getAttribute('data-status'), { timeout: UI_WAIT_MS }).toBe('failed');
    expect(await telegram.textContent()).toContain('Saluran jenis ini belum disiapkan di server.');
    const mail = await waitFor('the test email', () => smtp.messages.find((m) => m.to.includes('sari@bpbd.test')));
    expect(mail.subject).toContain('Pantau: pesan uji');

    await expect.poll(() => run.isEnabled(), { timeout: UI_WAIT_MS }).toBe(true);
    await run.click();
    await expect.poll(() => email.textContent(), { timeout: UI_WAIT_MS }).toContain('Terlalu sering diuji');
    expect(smtp.messages.filter((m) => m.to.includes('sari@bpbd.test'))).toHaveLength(1);
  }, 90_000);
});
