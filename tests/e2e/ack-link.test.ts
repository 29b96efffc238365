/**
 * An acknowledge link on a phone, in Chromium: the confirm page (phone-sized) acknowledges with one
 * press, then the console's alert says who acknowledged and how, under the timeline of who was messaged.
 * The alert and the notifier's delivery records arrive as they do in production, over MQTT
 * (mosquitto_pub); the person is in the directory's PostgreSQL.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '../../src/lib/core/people';
import { TOPICS } from '../../src/lib/core/topic';
import { formatTime } from '../../src/lib/format/format';
import { signAckToken } from '../../src/lib/notify/ack-token';
import { makeAlertEvent } from '../../ingest/notify/test-support';
import { createTestAuth, type TestAuth } from '../helpers/auth';
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase } from '../helpers/influx';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { PROJECT_ROOT } from '../helpers/processes';
import { waitFor } from '../helpers/wait';
import { logInWithForm, startWeb, type TestWeb } from '../helpers/web';
import { mosquittoPub } from '../integration/mqtt-tools';

const services = readTestServices();
const influxDb = uniqueDb('e2e_ack_link');
const SECRET = 'e2e-ack-link-secret-0123456789abcdefgh';
const UI_WAIT_MS = 60_000;
const SHOTS = path.join(PROJECT_ROOT, 'docs/screenshots');
const now = Date.now();
const raised = makeAlertEvent({ id: `flood-gunung-lingai:flood_level:${now}`, at: now - 15 * 60_000, severity: 'critical' });
const alertId = raised.alert.id;
const record = (minutes: number, over: Partial<DeliveryRecord>): DeliveryRecord => ({
  at: raised.at + minutes * 60_000, alertIds: [alertId], personId: 'sari', personName: 'Sari Wulandari', teamId: 'bpbd', reason: 'oncall', channel: 'email', status: 'sent', attempt: 1, ...over
});
// What the notifier would have published: WhatsApp failed, email worked; nobody answered, so the backup was paged.
const deliveries = [
  record(0, { channel: 'whatsapp', status: 'fallback', error: 'HTTP 503' }),
  record(0.1, {}),
  record(10, { personId: 'budi', personName: 'Budi Santoso', reason: 'backup' })
];

// A statistical alert its rule holds open after the finding ended (alert-update.ts markQuiet), as the ingest publishes it.
const patternRaised = makeAlertEvent({ id: `flood-gunung-lingai:statistical:${now}`, at: now - 40 * 60_000, severity: 'info' });
patternRaised.alert = { ...patternRaised.alert, rule: 'statistical', level: 1, title: { id: 'Pola tidak biasa · Gunung Lingai', en: 'Unusual pattern · Gunung Lingai' } };
const quietSince = now - 30 * 60_000;
const patternQuiet = { ...patternRaised, type: 'updated' as const, at: now - 20 * 60_000, alert: { ...patternRaised.alert, quietSince, closesAt: quietSince + 200 * 60_000, updatedAt: now - 20 * 60_000 } };
// A mail outage while three people were paged for it: the card says so in one line naming them, not three red ones.
const OUTAGE = ['Sari Wulandari', 'Indah Permata', 'Bambang Wijaya'];
const outage = OUTAGE.map((name, i) =>
  record(-25 + i * 0.1, { alertIds: [patternRaised.alert.id], personId: name.split(' ')[0].toLowerCase(), personName: name, status: 'given_up', error: 'email: connect ECONNREFUSED' })
);

let db: TestDatabase;
let auth: TestAuth;
let web: TestWeb;
let browser: TestBrowser;

beforeAll(async () => {
  db = await createTestDatabase('e2e_ack_link');
  await createDatabase(services.influxUrl, influxDb);
  auth = await createTestAuth([{ user: 'rina', role: 'operator' }]);
  web = await startWeb({ db: influxDb, auth, env: { DATABASE_URL: db.url, PANTAU_ACK_SECRET: SECRET }, untilMqtt: {} });
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  await sql.query(`INSERT INTO people (id, name, updated_by) VALUES ('budi', 'Budi Santoso', 'test'), ('sari', 'Sari Wulandari', 'test')`);
  await sql.end();
  expect((await mosquittoPub(services.mqttUrl, TOPICS.alertEvents, JSON.stringify(raised))).code).toBe(0);
  for (const r of deliveries) expect((await mosquittoPub(services.mqttUrl, TOPICS.alertDeliveries, JSON.stringify(r))).code).toBe(0);
  for (const e of [patternRaised, patternQuiet]) expect((await mosquittoPub(services.mqttUrl, TOPICS.alertEvents, JSON.stringify(e))).code).toBe(0);
  for (const r of outage) expect((await mosquittoPub(services.mqttUrl, TOPICS.alertDeliveries, JSON.stringify(r))).code).toBe(0);
  browser = await launchBrowser({ viewport: { width: 1280, height: 900 } });
  await mkdir(SHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await auth?.cleanup();
  await db?.drop();
  await dropDatabase(services.influxUrl, influxDb).catch(() => undefined);
});

describe('an acknowledge link on a phone', () => {
  it('acknowledges with one press, and the console shows who, how, and who was messaged (and since when a held alert is quiet)', async () => {
    const token = signAckToken(SECRET, { alertId, personId: 'budi', exp: Date.now() + 3_600_000, jti: 'email.e2e-1' });
    // A phone-sized page (the persistent test context has one viewport; this page gets its own).
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${web.url}/ack/${token}`);
    await page.locator('[data-testid="ack-page"][data-status="confirm"]').waitFor({ timeout: UI_WAIT_MS });
    expect(await page.locator('[data-testid="ack-alert"]').textContent()).toContain(raised.alert.title.id);
    // Phone-sized: the button fills the width and is big enough for a thumb.
    const button = (await page.locator('[data-testid="ack-confirm"]').boundingBox())!;
    expect(button.width).toBeGreaterThan(300);
    expect(button.height).toBeGreaterThanOrEqual(60);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SHOTS, 'ack-link.png') });
    await page.locator('[data-testid="ack-confirm"]').click();
    await page.locator('[data-testid="ack-page"][data-status="done"]').waitFor({ timeout: UI_WAIT_MS });
    expect(await page.locator('[data-testid="ack-outcome"]').textContent()).toContain('Budi Santoso');
    await page.close();

    const consolePage = await browser.context.newPage();
    await logInWithForm(consolePage, web.url, auth, 'rina', '/alerts', UI_WAIT_MS);
    const row = consolePage.locator(`[data-testid="alert-row"][data-alert-id="${alertId}"]`);
    await row.locator('[data-testid="alert-ack"]').waitFor({ timeout: UI_WAIT_MS });
    expect(await row.getAttribute('data-state')).toBe('acknowledged');
    expect(await row.locator('[data-testid="alert-ack"]').textContent()).toMatch(/Ditangani oleh budi lewat tautan email/);
    const lines = await waitFor('the deliveries timeline', async () => {
      const texts = await row.locator('[data-testid="delivery-line"]').allTextContents();
      return texts.length >= 3 ? texts : null;
    }, { timeoutMs: UI_WAIT_MS });
    expect(lines[0]).toContain('WhatsApp ke Sari Wulandari gagal, dikirim lewat email');
    expect(lines[1]).toContain('Dieskalasi ke cadangan (Budi Santoso) via email');
    expect(lines[2]).toContain('Ditangani oleh Budi Santoso lewat tautan email');
    await row.screenshot({ path: path.join(SHOTS, 'alert-deliveries.png') });

    // An alert held open after its finding ended says since when it is quiet and when it closes itself.
    const held = consolePage.locator(`[data-testid="alert-row"][data-alert-id="${patternRaised.alert.id}"]`);
    const quietLine = held.locator('[data-testid="alert-quiet"]');
    await quietLine.waitFor({ timeout: UI_WAIT_MS });
    const clock = (ms: number) => formatTime(ms, 'id');
    expect(await quietLine.textContent()).toContain(`Tenang sejak ${clock(quietSince)}: tertutup sendiri pukul ${clock(quietSince + 200 * 60_000)} bila tetap tenang`);
    expect(await row.locator('[data-testid="alert-quiet"]').count()).toBe(0);
    // The outage on that alert: its three records (the count) in one line naming them, with their common error.
    const heldCount = held.locator('[data-testid="deliveries"] .count');
    await waitFor('the three outage records', async () => ((await heldCount.textContent()) === '3' ? true : null), { timeoutMs: UI_WAIT_MS });
    const outageLines = held.locator('[data-testid="delivery-line"]');
    expect(await outageLines.allTextContents()).toEqual([expect.stringContaining(`Tidak berhasil menjangkau 3 orang via email: ${OUTAGE.join(', ')}`)]);
    expect(await outageLines.first().getAttribute('title')).toBe('email: connect ECONNREFUSED');
    await consolePage.close();
  }, 180_000);
});
