/**
 * The responder app in Chromium on a phone-sized screen, against the production build, the real
 * PostgreSQL (the people directory) and InfluxDB (the alerts the web rebuilds at start):
 * - /app lists the responder's open alerts, their team's first, with the checklist, and acknowledges
 *   through the console's path (`via: app`);
 * - the service worker activates; a push message delivered to it through the DevTools protocol
 *   (`ServiceWorker.deliverPushMessage`, as the notifier's webpush channel would send it) becomes a
 *   notification with the right title, tag, acknowledge action and link;
 * - offline, a reload of /app shows the offline banner and the last known alerts from the cache;
 * - the manifest is served, parses in Chromium without errors, and its icons resolve.
 * `pushManager.subscribe` itself needs a push service, which cannot be reached here: the subscription
 * API is tested over HTTP (tests/integration/push-subscribe.test.ts).
 */
import path from 'node:path';
import webpush from 'web-push';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AlertEvent } from '../../src/lib/core/alert';
import { formatAlertEventLine } from '../../src/lib/server/influx';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase, influxWrite } from '../helpers/influx';
import { createTestDatabase, putOnCall, type TestDatabase } from '../helpers/postgres';
import { PROJECT_ROOT } from '../helpers/processes';
import { waitFor } from '../helpers/wait';
import { logInWithForm, startWebInBrowser, type WebInBrowser } from '../helpers/web';
import { clearRetainedCatalog } from '../helpers/retained-catalog';

const services = readTestServices();
const influxDb = uniqueDb('e2e_pwa');
const PHONE = { width: 390, height: 844 };
const UI_WAIT_MS = 30_000;
const t0 = Date.now();

function alert(over: Partial<Alert> & Pick<Alert, 'id' | 'sensorId' | 'sensorName' | 'kind' | 'district' | 'rule' | 'severity' | 'level'>): Alert {
  return {
    category: 'emergency',
    title: { id: `Siaga · ${over.sensorName}`, en: `Alert · ${over.sensorName}` },
    explanation: { id: 'Nilai di atas ambang', en: 'Value above the threshold' },
    action: { id: 'Periksa lokasi dan laporkan', en: 'Check the site and report' },
    value: 250,
    state: 'raised',
    raisedAt: t0 - 5 * 60_000,
    updatedAt: t0 - 5 * 60_000,
    comments: [],
    ...over
  };
}

// The team's alert is a warning, the other a critical one: the team's still comes first.
const teamAlert = alert({ id: `flood-gunung-lingai:flood_level:${t0}`, sensorId: 'flood-gunung-lingai', sensorName: 'Gunung Lingai', kind: 'flood', district: 'Sungai Pinang', rule: 'flood_level', severity: 'warning', level: 2 });
const otherAlert = alert({ id: `air-palaran-1:air_quality:${t0}`, sensorId: 'air-palaran-1', sensorName: 'Palaran 1', kind: 'air', district: 'Palaran', rule: 'air_quality', severity: 'critical', level: 3 });
const raised = (a: Alert): AlertEvent => ({ type: 'raised', at: a.raisedAt, by: 'ingest', alert: a });

let database: TestDatabase;
let ui: WebInBrowser;
let page: Page;
let base = '';

beforeAll(async () => {
  database = await createTestDatabase('e2e_pwa');
  await createDatabase(services.influxUrl, influxDb);
  await influxWrite(services.influxUrl, influxDb, [formatAlertEventLine(raised(teamAlert)), formatAlertEventLine(raised(otherAlert))]);
  ui = await startWebInBrowser({
    db: influxDb,
    users: [{ user: 'sari', role: 'responder' }],
    env: { DATABASE_URL: database.url, VAPID_PUBLIC_KEY: webpush.generateVAPIDKeys().publicKey },
    browser: { viewport: PHONE }
  });
  ({ page } = ui);
  base = ui.web.url;
  // The directory as an admin would have made it: Sari is on BPBD's flood rota for Sungai Pinang.
  await putOnCall(database.url, { id: 'sari', name: 'Sari Wulandari', login: 'sari' });
  await ui.browser.context.grantPermissions(['notifications'], { origin: base });
}, 120_000);

afterAll(async () => {
  await ui?.close();
  await database?.drop();
  await dropDatabase(services.influxUrl, influxDb).catch(() => undefined);
  await clearRetainedCatalog(services.mqttUrl);
});

const card = (a: Alert) => page.locator(`[data-testid="app-alert"][data-alert-id="${a.id}"]`);

/** The ids of this test's alerts in the order the app shows them (other files' alerts may share the broker). */
async function shownOrder(): Promise<string[]> {
  const ids = await page.locator('[data-testid="app-alert"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-alert-id') ?? ''));
  return ids.filter((id) => id === teamAlert.id || id === otherAlert.id);
}

/** The service worker's registration id, as the DevTools protocol reports it. */
async function registrationId(cdp: CDPSession, log: string[]): Promise<string> {
  let id = '';
  cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => {
    for (const r of e.registrations) if (r.scopeURL === `${base}/` && !r.isDeleted) id = r.registrationId;
  });
  // Kept for the failure message: which worker versions ran, and any error they reported.
  cdp.on('ServiceWorker.workerVersionUpdated', (e) => log.push(...e.versions.map((v) => `version ${v.versionId} of ${v.registrationId}: ${v.status}, ${v.runningStatus}`)));
  cdp.on('ServiceWorker.workerErrorReported', (e) => log.push(`error: ${e.errorMessage.errorMessage}`));
  await cdp.send('ServiceWorker.enable');
  await waitFor('service worker registration over CDP', async () => id !== '');
  return id;
}

describe('responder app', () => {
  it('lists my team’s alert first with its checklist, and acknowledges from the app', async () => {
    await logInWithForm(page, base, ui.auth, 'sari', '/app');
    await card(teamAlert).waitFor({ timeout: UI_WAIT_MS });
    await card(otherAlert).waitFor({ timeout: UI_WAIT_MS });
    expect(await shownOrder()).toEqual([teamAlert.id, otherAlert.id]);
    expect(await card(teamAlert).getAttribute('data-closeness')).toBe('team');
    expect(await card(teamAlert).locator('[data-testid="procedure-step"]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="push-enable"]').isVisible()).toBe(true);
    await page.screenshot({ path: path.join(PROJECT_ROOT, 'docs/screenshots/responder-app.png') });

    await card(teamAlert).locator('[data-action="acknowledge"]').click();
    await expect.poll(() => card(teamAlert).getAttribute('data-state'), { timeout: UI_WAIT_MS }).toBe('acknowledged');
    const res = await page.evaluate(async () => (await fetch('/api/alerts?state=open')).json());
    const acked = (res as { alerts: Alert[] }).alerts.find((a) => a.id === teamAlert.id);
    expect(acked).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'sari', acknowledgedVia: 'app' });
  }, 120_000);

  it('turns a push message into a notification with an acknowledge action', async () => {
    const state = await page.evaluate(async () => {
      // `ready` resolves once a worker is active, which may still be 'activating' (seen on a busy machine)
      const worker = (await navigator.serviceWorker.ready).active;
      if (worker && worker.state === 'activating') {
        await new Promise<void>((done) => {
          worker.addEventListener('statechange', () => worker.state !== 'activating' && done());
          setTimeout(done, 10_000);
        });
      }
      return worker?.state;
    });
    expect(state).toBe('activated');
    const cdp = await ui.browser.context.newCDPSession(page);
    const log: string[] = [];
    const id = await registrationId(cdp, log);
    const payload = {
      title: 'Siaga 2 · Gunung Lingai 215 cm',
      body: 'Air naik cepat. Buka pompa.',
      url: `${base}/app`,
      ackUrl: `${base}/ack/test-token`,
      tag: teamAlert.id,
      severity: 'critical',
      alertIds: [teamAlert.id]
    };
    interface Shown {
      title: string;
      body: string;
      tag: string;
      data: unknown;
      requireInteraction: boolean;
      actions: Array<{ action: string; title: string }>;
    }
    const notification = () =>
      page.evaluate(async (tag): Promise<Shown | null> => {
        const registration = await navigator.serviceWorker.ready;
        // `actions` is in Chromium's Notification, not yet in TypeScript's DOM types.
        const notes = (await registration.getNotifications({ tag })) as Array<Notification & { actions: Shown['actions'] }>;
        return notes.map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data, requireInteraction: n.requireInteraction, actions: n.actions }))[0] ?? null;
      }, payload.tag);
    // CDP gives no receipt for a delivery (Chromium drops the result), and in some runs here a message
    // delivered right after ServiceWorker.enable never reached the worker: deliver again when nothing
    // shows, as a push service redelivers a message the browser did not take.
    let shown: Shown | null = null;
    for (let attempt = 1; attempt <= 3 && !shown; attempt++) {
      await cdp.send('ServiceWorker.deliverPushMessage', { origin: base, registrationId: id, data: JSON.stringify(payload) });
      shown = await waitFor('the notification', notification, { timeoutMs: 5_000 }).catch(() => null);
    }
    if (!shown) throw new Error(`no notification after 3 deliveries; registration ${id}; ${log.join(' | ')}`);
    expect(shown).toMatchObject({ title: payload.title, body: payload.body, requireInteraction: true, data: { url: payload.url, ackUrl: payload.ackUrl } });
    expect(shown.actions).toEqual([expect.objectContaining({ action: 'ack', title: 'Tangani' })]);
    await cdp.detach();
  }, 60_000);

  it('shows the last known alerts with an offline banner when the phone has no network', async () => {
    // The first visit came before the worker: wait until it has kept the page for offline use.
    await waitFor('the app kept for offline', () => page.evaluate(async () => Boolean(await (await caches.open('pantau-person')).match('/app')))).catch(async (err: Error) => {
      const why = await page.evaluate(async () => ({
        controlled: Boolean(navigator.serviceWorker.controller),
        workerStart: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.workerStart,
        kept: await Promise.all((await caches.keys()).map(async (k) => `${k}: ${(await (await caches.open(k)).keys()).length}`))
      }));
      throw new Error(`${err.message}: ${JSON.stringify(why)}`);
    });
    await waitFor('alerts kept for offline', () => page.evaluate(async () => Boolean(await (await caches.open('pantau-person')).match('/api/alerts?state=open'))));
    await ui.browser.context.setOffline(true);
    try {
      await page.reload();
      const banner = page.locator('[data-testid="offline-banner"]');
      await banner.waitFor({ timeout: UI_WAIT_MS });
      expect(await banner.getAttribute('data-source')).toBe('cache');
      await card(otherAlert).waitFor({ timeout: UI_WAIT_MS });
      expect(await shownOrder()).toEqual([teamAlert.id, otherAlert.id]);
      // Nothing can be sent while offline: the buttons say so by being disabled.
      expect(await card(otherAlert).locator('[data-action="acknowledge"]').isDisabled()).toBe(true);
    } finally {
      await ui.browser.context.setOffline(false);
    }
  }, 90_000);

  it('serves a manifest Chromium accepts, with icons that resolve', async () => {
    await page.goto(`${base}/app`);
    const res = await fetch(`${base}/manifest.webmanifest`);
    expect(res.status).toBe(200);
    const manifest = (await res.json()) as { name: string; start_url: string; display: string; lang: string; icons: Array<{ src: string; sizes: string; purpose: string }> };
    expect(manifest).toMatchObject({ name: 'Pantau Responder', start_url: '/app', display: 'standalone', lang: 'id' });
    for (const icon of manifest.icons) {
      const png = Buffer.from(await (await fetch(new URL(icon.src, base))).arrayBuffer());
      const side = Number(icon.sizes.split('x')[0]);
      expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([side, side]);
    }
    expect(manifest.icons.map((i) => `${i.sizes} ${i.purpose}`)).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
    const cdp = await ui.browser.context.newCDPSession(page);
    const parsed = await cdp.send('Page.getAppManifest');
    expect(parsed.url).toBe(`${base}/manifest.webmanifest`);
    expect(parsed.errors).toEqual([]);
    await cdp.detach();
  }, 60_000);

  it('drops what it kept for the person at logout, so the next person on the phone sees none of it', async () => {
    await page.goto(`${base}/app`);
    await card(otherAlert).waitFor({ timeout: UI_WAIT_MS });
    expect(await page.evaluate(async () => Boolean(await caches.match('/api/alerts?state=open', { cacheName: 'pantau-person' })))).toBe(true);
    await Promise.all([page.waitForURL((u) => u.pathname === '/login', { timeout: UI_WAIT_MS }), page.locator('[data-testid="app-logout"]').click()]);
    await waitFor('the person cache dropped', () => page.evaluate(async () => !(await caches.has('pantau-person'))));
    // The shell (scripts, icons) stays: it holds nothing of anyone's.
    expect(await page.evaluate(async () => (await caches.keys()).some((k) => k.startsWith('pantau-shell-')))).toBe(true);
  }, 60_000);
});
