import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/lib/core/alert';
import type { Sensor } from '../../src/lib/core/sensor';
import { sensorTopic } from '../../src/lib/core/topic';
import { formatLine } from '../../src/lib/core/line-protocol';
import { formatAlertEventLine } from '../../src/lib/server/influx';
import catalogJson from '../../src/lib/catalog/samarinda.json';
import { createTestAuth, type TestAuth } from '../helpers/auth';
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase, influxWrite } from '../helpers/influx';
import { PROJECT_ROOT, spawnProcess, type SpawnedProcess } from '../helpers/processes';
import { waitFor } from '../helpers/wait';
import { logInWithForm, startWeb, type TestWeb } from '../helpers/web';
import { mosquittoPub } from '../integration/mqtt-tools';

/**
 * The console as a control room uses it: a responder ticks a procedure step and a second person
 * (an operator, in another browser) sees who did it and when; the language switch; the city replay
 * of a recorded window read back from InfluxDB.
 */
const services = readTestServices();
const db = uniqueDb('e2e_console');
const sensors = catalogJson.sensors as Sensor[];
// Gauges no other test file drives (alerts from other files' ingest share the broker).
const alarmGauge = sensors.find((s) => s.id === 'flood-mugirejo')!;
const replayGauge = sensors.find((s) => s.id === 'flood-pramuka')!;
const env = { MQTT_URL: services.mqttUrl, INFLUX_URL: services.influxUrl, INFLUX_DB: db };
const SHOTS = path.join(PROJECT_ROOT, 'docs/screenshots');
const UI_WAIT_MS = 60_000;
const TEST_TIMEOUT_MS = 180_000;
const STEP_ID = 'flood.notify-bpbd';

let ingest: SpawnedProcess;
let web: TestWeb;
let responderBrowser: TestBrowser;
let operatorBrowser: TestBrowser;
let baseUrl = '';
let auth: TestAuth;

async function loginPage(browser: TestBrowser, user: string, next: string): Promise<Page> {
  const page = await browser.context.newPage();
  await logInWithForm(page, baseUrl, auth, user, next, UI_WAIT_MS);
  return page;
}

function alarmRow(page: Page) {
  return page.locator('[data-testid="alert-row"]', { has: page.locator(`a[href="/sensors/${alarmGauge.id}"]`) }).first();
}

beforeAll(async () => {
  await createDatabase(services.influxUrl, db);
  ingest = await spawnProcess({ name: 'ingest', args: ['ingest/main.ts'], env: { ...env, INGEST_CLIENT_ID: `ingest-${db}` }, readyLine: /connected to/ });
  auth = await createTestAuth([{ user: 'sari', role: 'responder' }, { user: 'ozi', role: 'operator' }]);
  web = await startWeb({ db, auth });
  baseUrl = web.url;
  [responderBrowser, operatorBrowser] = await Promise.all([launchBrowser({ viewport: { width: 1400, height: 900 } }), launchBrowser({ viewport: { width: 1400, height: 900 } })]);
  await mkdir(SHOTS, { recursive: true });
});

afterAll(async () => {
  await Promise.all([responderBrowser?.close(), operatorBrowser?.close()]);
  await Promise.all([ingest?.stop(), web?.stop()]);
  await auth?.cleanup();
  await dropDatabase(services.influxUrl, db).catch(() => undefined);
});

describe('procedures', () => {
  it('a responder ticks a step and acknowledges; an operator in another browser sees both, with who and when, and may not tick or resolve', async () => {
    const topic = sensorTopic('flood', alarmGauge.id);
    expect((await mosquittoPub(services.mqttUrl, topic, JSON.stringify({ ts: Date.now() - 2000, values: { water_level: alarmGauge.flood!.siaga3 - 30 } }))).code).toBe(0);
    // A jump this large is held for one reading as a possible spike; the next reading confirms it.
    for (const ts of [Date.now() - 1000, Date.now()]) {
      expect((await mosquittoPub(services.mqttUrl, topic, JSON.stringify({ ts, values: { water_level: alarmGauge.flood!.siaga1 + 25 } }))).code).toBe(0);
    }

    const sari = await loginPage(responderBrowser, 'sari', '/alerts');
    await expect(sari.locator('[data-testid="viewer"]').innerText()).resolves.toContain('sari');
    const row = alarmRow(sari);
    await row.waitFor({ timeout: UI_WAIT_MS });
    const step = row.locator(`[data-testid="procedure-step"][data-step="${STEP_ID}"]`);
    expect(await step.getAttribute('data-done')).toBe('false');
    // Siaga 1 carries the evacuation steps as well as the first notifications.
    expect(await row.locator('[data-testid="procedure-step"][data-step="flood.prepare-evacuation"]').count()).toBe(1);
    await step.locator('input[type="checkbox"]').click();
    await waitFor('the ticked step from the server', async () => (await step.getAttribute('data-done')) === 'true', { timeoutMs: UI_WAIT_MS });
    await expect(step.locator('[data-testid="step-who"]').innerText()).resolves.toContain('sari');
    await row.scrollIntoViewIfNeeded();
    await sari.screenshot({ path: path.join(SHOTS, 'alert-procedure.png') });

    const ozi = await loginPage(operatorBrowser, 'ozi', '/alerts');
    const seen = alarmRow(ozi).locator(`[data-testid="procedure-step"][data-step="${STEP_ID}"]`);
    await seen.waitFor({ timeout: UI_WAIT_MS });
    expect(await seen.getAttribute('data-done')).toBe('true');
    await expect(seen.locator('[data-testid="step-who"]').innerText()).resolves.toMatch(/sari, .*\d{2}[.:]\d{2}/);
    expect(await seen.locator('input[type="checkbox"]').isDisabled()).toBe(true);
    // Operators may comment, not acknowledge or resolve: those buttons are not offered.
    expect(await alarmRow(ozi).locator('[data-action="resolve"]').count()).toBe(0);
    expect(await alarmRow(ozi).locator('[data-action="comment"]').count()).toBe(1);

    // The responder acknowledges in her browser; the operator's browser shows it without a reload.
    expect(await alarmRow(ozi).getAttribute('data-state')).toBe('raised');
    await row.locator('[data-action="acknowledge"]').click();
    await waitFor('the acknowledgement in the other browser', async () => (await alarmRow(ozi).getAttribute('data-state')) === 'acknowledged', { timeoutMs: UI_WAIT_MS });
    expect(await row.getAttribute('data-state')).toBe('acknowledged');
  }, TEST_TIMEOUT_MS);

  it('switches the console to English and back (header, procedure, dates)', async () => {
    const ozi = operatorBrowser.context.pages().at(-1)!;
    const title = alarmRow(ozi).locator('[data-testid="procedure"] h4');
    await expect(title.innerText()).resolves.toMatch(/langkah penanganan/i);
    await ozi.locator('[data-testid="lang-en"]').click();
    await expect(title.innerText()).resolves.toMatch(/response steps/i);
    await expect(ozi.locator('[data-testid="viewer"]').innerText()).resolves.toContain('Signed in as ozi (operator)');
    await expect(ozi.locator('[data-testid="logout"]').innerText()).resolves.toMatch(/log out/i);
    expect(await ozi.title()).toMatch(/^Alerts · Pantau$/);
    await ozi.locator('[data-testid="lang-id"]').click();
    await expect(ozi.locator('[data-testid="viewer"]').innerText()).resolves.toContain('Masuk sebagai ozi');
  }, TEST_TIMEOUT_MS);
});

describe('city replay', () => {
  it('replays a recorded window: the gauge turns Siaga 1 and the alert appears as the slider moves', async () => {
    const MIN = 60_000;
    const t0 = Math.floor((Date.now() - 3 * 3_600_000) / MIN) * MIN;
    const lines: string[] = [];
    for (let i = 0; i <= 20; i++) {
      const level = i < 10 ? replayGauge.flood!.siaga3 - 40 : replayGauge.flood!.siaga1 + 30;
      lines.push(formatLine('flood', { sensor: replayGauge.id, district: replayGauge.district }, { water_level: level }, t0 + i * MIN));
    }
    const alert: Alert = {
      id: `${replayGauge.id}:flood_level:${t0 + 12 * MIN}`, sensorId: replayGauge.id, sensorName: replayGauge.name, kind: 'flood',
      district: replayGauge.district, rule: 'flood_level', category: 'emergency', severity: 'critical', level: 3,
      title: { id: 'Siaga 1 · replay', en: 'Siaga 1 · replay' }, explanation: { id: '-', en: '-' }, action: { id: '-', en: '-' },
      value: 400, state: 'raised', raisedAt: t0 + 12 * MIN, updatedAt: t0 + 12 * MIN, comments: []
    };
    lines.push(formatAlertEventLine({ type: 'raised', at: alert.raisedAt, by: 'ingest', alert }));
    await influxWrite(services.influxUrl, db, lines);

    const page = operatorBrowser.context.pages().at(-1)!;
    await page.goto(`${baseUrl}/replay?from=${t0}&to=${t0 + 30 * MIN}&speed=60&t=${t0 + 5 * MIN}`);
    const state = page.locator(`[data-testid="sensor-state"][data-sensor="${replayGauge.id}"]`);
    await waitFor('the calm gauge at t0 + 5 min', async () => (await state.getAttribute('data-shown')) === '0', { timeoutMs: UI_WAIT_MS });
    expect(await page.locator(`[data-testid="replay-alert"][data-alert-id="${alert.id}"]`).count()).toBe(0);

    await page.locator('[data-testid="replay-slider"]').fill(String(t0 + 15 * MIN));
    await waitFor('the gauge at Siaga 1 at t0 + 15 min', async () => (await state.getAttribute('data-shown')) === '3', { timeoutMs: UI_WAIT_MS });
    await page.locator(`[data-testid="replay-alert"][data-alert-id="${alert.id}"]`).waitFor({ timeout: UI_WAIT_MS });
    // The position is in the URL, so the view can be shared.
    await waitFor('the shareable URL', async () => new URL(page.url()).searchParams.get('t') === String(t0 + 15 * MIN), { timeoutMs: 10_000 });
    await page.locator('[data-testid="map"][data-ready="true"]').waitFor({ timeout: UI_WAIT_MS * 2 });
    await page.screenshot({ path: path.join(SHOTS, 'replay.png') });
  }, TEST_TIMEOUT_MS);
});
