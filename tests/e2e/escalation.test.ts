/**
 * Issue 13 end to end: a Siaga 2 reading published with mosquitto_pub → ingest raises a critical alert →
 * the notifier pages the BPBD on-call responder by push (a local endpoint that checks VAPID and decrypts,
 * RFC 8291) and by email (a real SMTP server) → nobody acknowledges → the backup is paged → the backup
 * follows the acknowledge link from their email in Chromium (GET confirms, POST acknowledges) → the
 * escalation stops (the lead is never paged) and the console shows who acknowledged and how.
 *
 * Time is shortened with the notifier's test knob NOTIFY_TEST_MINUTE_MS: a team "minute" is 3 s here,
 * so the backup comes after 6 s and the lead would come after 48 s (42 s for the backup to acknowledge, under a loaded CI).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sensor } from '../../src/lib/core/sensor';
import { sensorTopic } from '../../src/lib/core/topic';
import catalogJson from '../../src/lib/catalog/samarinda.json';
import { createTestAuth, type TestAuth } from '../helpers/auth';
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { readTestServices, uniqueDb } from '../helpers/env';
import { ALERT_EVENTS, createDatabase, dropDatabase, influxQuery } from '../helpers/influx';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { PROJECT_ROOT, spawnProcess, type SpawnedProcess } from '../helpers/processes';
import { startPushEndpoint, type PushEndpoint } from '../helpers/push-endpoint';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server';
import { waitFor } from '../helpers/wait';
import { logInWithForm, startWeb, type TestWeb } from '../helpers/web';
import { mosquittoPub } from '../integration/mqtt-tools';
import { ACK_SECRET, ackLinkIn, seedDirectory, startPeopleNotifier, vapidEnv, type PeopleNotifier } from '../integration/notify-people-fixture';

const services = readTestServices();
const db = uniqueDb('e2e_escalation');
// A gauge no other test drives; the team covers its district only.
const gauge = (catalogJson.sensors as Sensor[]).find((s) => s.id === 'flood-kp3')!;
const MINUTE_MS = 3_000;
const BACKUP_AFTER_MIN = 2;
const LEAD_AFTER_MIN = 16;
const UI_WAIT_MS = 60_000;
const SHOTS = path.join(PROJECT_ROOT, 'docs/screenshots');

let pgDb: TestDatabase;
let smtp: TestSmtpServer;
let push: PushEndpoint;
let auth: TestAuth;
let web: TestWeb;
let notifier: PeopleNotifier;
let ingest: SpawnedProcess;
let browser: TestBrowser;
let aniPushId = '';

const mailsTo = (address: string, alertId: string) => smtp.messages.filter((m) => m.to.includes(address) && m.text.includes(encodeURIComponent(alertId)));

beforeAll(async () => {
  await createDatabase(services.influxUrl, db);
  [pgDb, smtp, push] = await Promise.all([createTestDatabase('e2eescalation'), startSmtpServer(), startPushEndpoint()]);
  const aniPush = push.subscribe();
  aniPushId = aniPush.id;
  const shift = { start: Date.now() - 3_600_000, end: Date.now() + 8 * 3_600_000 };
  await seedDirectory(pgDb.url, {
    people: [
      { person: { id: 'ani', name: 'Ani Rahmawati', user: 'ani' }, channels: [{ kind: 'webpush', address: aniPush.address, rank: 0, enabled: true }, { kind: 'email', address: 'ani@bpbd.test', rank: 1, enabled: true }] },
      { person: { id: 'budi', name: 'Budi Santoso', user: 'budi' }, channels: [{ kind: 'email', address: 'budi@bpbd.test', rank: 0, enabled: true }] },
      { person: { id: 'citra', name: 'Citra Lestari' }, channels: [{ kind: 'email', address: 'citra@bpbd.test', rank: 0, enabled: true }] }
    ],
    teams: [
      {
        team: { id: 'bpbd', name: { id: 'BPBD Kota Samarinda', en: 'BPBD Samarinda' }, kinds: ['flood'], districts: [gauge.district], leadPersonId: 'citra', backupAfterMin: BACKUP_AFTER_MIN, leadAfterMin: LEAD_AFTER_MIN },
        shifts: [
          { personId: 'ani', role: 'primary', ...shift },
          { personId: 'budi', role: 'backup', ...shift }
        ]
      }
    ]
  });
  auth = await createTestAuth([{ user: 'ani', role: 'responder' }, { user: 'budi', role: 'responder' }, { user: 'ozi', role: 'operator' }]);
  web = await startWeb({ db, auth, env: { DATABASE_URL: pgDb.url, PANTAU_ACK_SECRET: ACK_SECRET }, untilMqtt: {} });
  notifier = await startPeopleNotifier({
    db,
    databaseUrl: pgDb.url,
    publicUrl: web.url,
    env: { SMTP_URL: smtp.url, SMTP_FROM: 'Pantau Samarinda <pantau@pantau.test>', ...vapidEnv(), NODE_EXTRA_CA_CERTS: push.caFile, NOTIFY_TEST_MINUTE_MS: String(MINUTE_MS) }
  });
  ingest = await spawnProcess({ name: 'ingest', args: ['ingest/main.ts'], env: { MQTT_URL: services.mqttUrl, INFLUX_URL: services.influxUrl, INFLUX_DB: db, INGEST_CLIENT_ID: `ingest-${db}` }, readyLine: /connected to/ });
  browser = await launchBrowser({ viewport: { width: 1400, height: 900 } });
  await mkdir(SHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([ingest?.stop(), notifier?.stop(), web?.stop()]);
  await Promise.all([smtp?.close(), push?.close()]);
  await auth?.cleanup();
  await pgDb?.drop();
  await dropDatabase(services.influxUrl, db).catch(() => undefined);
});

describe('escalation of an unacknowledged Siaga 2', () => {
  it('pages on-call by push and email, escalates to the backup, who acknowledges from the email link; the lead is never paged and the console shows who and how', async () => {
    const topic = sensorTopic('flood', gauge.id);
    const level = gauge.flood!.siaga2 + 10;
    expect(level).toBeLessThan(gauge.flood!.siaga1);
    expect((await mosquittoPub(services.mqttUrl, topic, JSON.stringify({ ts: Date.now() - 2_000, values: { water_level: gauge.flood!.siaga3 - 30 } }))).code).toBe(0);
    // A jump this large is held for one reading as a possible spike; the next reading confirms it.
    for (const ts of [Date.now() - 1_000, Date.now()]) {
      expect((await mosquittoPub(services.mqttUrl, topic, JSON.stringify({ ts, values: { water_level: level } }))).code).toBe(0);
    }

    // The on-call responder: a push (decrypted at the endpoint, VAPID checked) and an email, both with an acknowledge link.
    const pushed = await waitFor('the on-call push', () => push.received.find((p) => p.subscriptionId === aniPushId), { timeoutMs: UI_WAIT_MS });
    const payload = JSON.parse(pushed.plaintext) as { alertIds: string[]; title: string; ackUrl?: string; severity: string };
    const pagedAt = Date.now();
    const alertId = payload.alertIds[0];
    expect(alertId).toContain(`${gauge.id}:flood_level:`);
    expect(payload.severity).toBe('critical');
    expect(payload.ackUrl).toMatch(new RegExp(`^${web.url}/ack/`));
    expect(pushed.urgency).toBe('high');
    const aniMail = await waitFor('the on-call email', () => mailsTo('ani@bpbd.test', alertId)[0], { timeoutMs: UI_WAIT_MS });
    expect(aniMail.text).toContain(gauge.name);
    expect(ackLinkIn(aniMail.text)).toBeTruthy();

    // Nobody acknowledges: the backup is paged by email; the lead not yet.
    const budiMail = await waitFor('the backup email', () => mailsTo('budi@bpbd.test', alertId)[0], { timeoutMs: UI_WAIT_MS });
    expect(mailsTo('citra@bpbd.test', alertId)).toEqual([]);
    const link = ackLinkIn(budiMail.text)!;
    expect(link.startsWith(`${web.url}/ack/`)).toBe(true);

    // The backup follows the link: the GET only shows a confirm page; the POST acknowledges.
    const page = await browser.context.newPage();
    await page.goto(link);
    const ackPage = page.locator('[data-testid="ack-page"]');
    expect({ status: await ackPage.getAttribute('data-status', { timeout: UI_WAIT_MS }), text: (await ackPage.textContent())?.slice(0, 300) }).toMatchObject({ status: 'confirm' });
    await page.locator('[data-testid="ack-confirm"]').click();
    await page.locator('[data-testid="ack-page"][data-status="done"]').waitFor({ timeout: UI_WAIT_MS });
    await page.close();

    const stored = await waitFor('the acknowledged event in InfluxDB', async () => {
      const rows = await influxQuery(services.influxUrl, db, `SELECT * FROM ${ALERT_EVENTS} WHERE "event" = 'acknowledged' AND "alert_id" = '${alertId}'`);
      return rows[0] ?? null;
    });
    expect(JSON.parse(String(stored.doc))).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'budi', acknowledgedVia: 'email' });

    // The console: who acknowledged, and how.
    const consolePage = await browser.context.newPage();
    await logInWithForm(consolePage, web.url, auth, 'ozi', '/alerts', UI_WAIT_MS);
    const row = consolePage.locator('[data-testid="alert-row"]', { has: consolePage.locator(`a[href="/sensors/${gauge.id}"]`) }).first();
    await row.waitFor({ timeout: UI_WAIT_MS });
    const ack = row.locator('[data-testid="alert-ack"]');
    await ack.waitFor({ timeout: UI_WAIT_MS });
    expect(await ack.textContent()).toMatch(/budi.*tautan email/);
    // The escalation is visible on the alert: who was messaged, why and how.
    const lines = await waitFor('the deliveries on the alert', async () => {
      const texts = await row.locator('[data-testid="delivery-line"]').allTextContents();
      return texts.some((t) => t.includes('Budi Santoso')) ? texts : null;
    }, { timeoutMs: UI_WAIT_MS });
    expect(lines.filter((t) => t.includes('Ani Rahmawati'))).toHaveLength(2);

    // Past the lead's time (the chain started before the push arrived): the escalation stopped, nobody else was paged.
    const leadDue = pagedAt + LEAD_AFTER_MIN * MINUTE_MS;
    await new Promise((r) => setTimeout(r, Math.max(0, leadDue - Date.now()) + 5_000));
    expect(mailsTo('citra@bpbd.test', alertId)).toEqual([]);
    const reasons = (await influxQuery(services.influxUrl, db, `SELECT * FROM "events"."deliveries" WHERE "alert_id" = '${alertId}'`)).map((r) => `${r.person_id}:${r.reason}:${r.channel}:${r.status}`);
    expect(reasons).toEqual(expect.arrayContaining(['ani:oncall:webpush:sent', 'ani:oncall:email:sent', 'budi:backup:email:sent']));
    expect(reasons.filter((r) => r.includes(':lead:'))).toEqual([]);
    await consolePage.screenshot({ path: path.join(SHOTS, 'escalation.png') });
  }, 240_000);
});
