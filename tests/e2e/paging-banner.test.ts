import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import mqtt from 'mqtt';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAuth, type TestAuth } from '../helpers/auth';
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase } from '../helpers/influx';
import { PROJECT_ROOT, spawnProcess, type SpawnedProcess } from '../helpers/processes';
import { createTempDir } from '../helpers/services';
import { waitFor } from '../helpers/wait';
import { logInWithForm, startWeb, type TestWeb } from '../helpers/web';
import { statusTopic } from '../../src/lib/core/process-status';

/**
 * The "paging is down" banner as people see it: the wall and the console show it in both languages while the
 * notifier is gone (SIGKILL: the broker's Last Will) and drop it by themselves when it is back; an ingest the
 * deployment says it runs (PANTAU_EXPECT_PROCESSES) that never reports shows "data intake is down".
 */
const services = readTestServices();
const db = uniqueDb('e2e_paging');
const run = `${process.pid}-${Date.now().toString(36)}`;
const UI_WAIT_MS = 30_000;

let web: TestWeb;
let browser: TestBrowser;
let auth: TestAuth;
let tmp: Awaited<ReturnType<typeof createTempDir>>;
const procs: SpawnedProcess[] = [];

async function startNotifier(): Promise<SpawnedProcess> {
  const file = path.join(tmp.dir, 'webhooks.json');
  await writeFile(file, JSON.stringify([{ url: 'http://127.0.0.1:9/hook', secret: 'paging-banner-secret' }]));
  const proc = await spawnProcess({
    name: 'notify',
    args: ['ingest/notify/main.ts'],
    env: { MQTT_URL: services.mqttUrl, PANTAU_WEBHOOKS: file, NOTIFY_CLIENT_ID: `notify-${run}`, NOTIFY_JOURNAL_DIR: path.join(tmp.dir, 'journal'), NOTIFY_METRICS_PORT: 'off' },
    readyLine: /\[notify\] subscribed to /
  });
  procs.push(proc);
  return proc;
}

const alarm = (page: Page, role: string) => page.locator(`[data-testid="pipeline-alarm"][data-role="${role}"]`);

beforeAll(async () => {
  await createDatabase(services.influxUrl, db);
  tmp = await createTempDir('pantau-e2e-paging-');
  auth = await createTestAuth([{ user: 'ozi', role: 'operator' }]);
  // This deployment runs an ingest (never started here) with no grace: its banner shows at once.
  web = await startWeb({ db, auth, env: { PANTAU_EXPECT_PROCESSES: 'ingest', PANTAU_EXPECT_GRACE_S: '0' } });
  browser = await launchBrowser({ viewport: { width: 1920, height: 1080 } });
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(procs.map((p) => p.stop()));
  await web?.stop();
  await auth?.cleanup();
  await tmp?.remove();
  // The browser tests share this broker: leave no retained status of ours behind (an empty retained message clears it).
  const client = await mqtt.connectAsync(services.mqttUrl, { clientId: `clear-${run}` });
  await client.publishAsync(statusTopic('notify', `notify-${run}`), '', { qos: 1, retain: true });
  await client.endAsync();
  await dropDatabase(services.influxUrl, db).catch(() => undefined);
});

describe('paging banner', () => {
  it('wall and console say paging is down while the notifier is killed, in both languages, and clear by themselves when it is back', async () => {
    const wall = await browser.context.newPage();
    await wall.goto(`${web.url}/`);
    const consolePage = await browser.context.newPage();
    await logInWithForm(consolePage, web.url, auth, 'ozi', '/alerts', UI_WAIT_MS);

    // The expected ingest never reported; a notifier neither configured nor seen gives no banner.
    for (const page of [wall, consolePage]) {
      await alarm(page, 'ingest').waitFor({ timeout: UI_WAIT_MS });
      expect(await alarm(page, 'ingest').textContent()).toContain('Data intake is down since');
      expect(await alarm(page, 'notify').count()).toBe(0);
    }

    // At 1280 px the header's "More" list opens over the wall's banner: both were at z-index 20 and the banner, later
    // in the page, hid the links. The banner lets clicks through (pointer-events: none), which hit-testing skips too;
    // made hittable for the test, what is found on top is what is drawn there.
    await wall.setViewportSize({ width: 1280, height: 720 });
    await wall.locator('[data-testid="nav-more"]').click();
    const menu = await wall.evaluate(() => {
      const banner = document.querySelector<HTMLElement>('[data-testid="pipeline-banner"]')!;
      banner.style.pointerEvents = 'auto';
      const b = banner.getBoundingClientRect();
      const links = [...document.querySelectorAll('#nav-more a')].map((a) => {
        const r = a.getBoundingClientRect();
        const [x, y] = [r.left + r.width / 2, r.top + r.height / 2];
        return { href: a.getAttribute('href'), overBanner: x > b.left && x < b.right && y > b.top && y < b.bottom, onTop: a.contains(document.elementFromPoint(x, y)) };
      });
      banner.style.pointerEvents = '';
      return links;
    });
    expect(menu.filter((l) => l.overBanner).length, JSON.stringify(menu)).toBeGreaterThan(0);
    expect(menu.filter((l) => !l.onTop), 'links hidden under the banner').toEqual([]);
    await wall.keyboard.press('Escape');
    await wall.setViewportSize({ width: 1920, height: 1080 });

    // The kiosk's banner sits under its view label (top left), not over it: both are read from across the room.
    const kiosk = await browser.context.newPage();
    await kiosk.goto(`${web.url}/wall/kiosk`);
    await alarm(kiosk, 'ingest').waitFor({ timeout: UI_WAIT_MS });
    const label = (await kiosk.locator('[data-testid="kiosk-view"]').boundingBox())!;
    const kioskBanner = (await kiosk.locator('[data-testid="pipeline-banner"]').boundingBox())!;
    expect(kioskBanner.y).toBeGreaterThanOrEqual(label.y + label.height);
    await kiosk.close();

    const notifier = await startNotifier();
    await waitFor('notifier up in /api/health', async () => {
      const body = (await (await fetch(`${web.url}/api/health`)).json()) as { pipeline: { processes: { id: string; state: string }[] } };
      return body.pipeline.processes.some((p) => p.id === `notify-${run}` && p.state === 'up');
    }, { timeoutMs: UI_WAIT_MS });
    expect(await alarm(wall, 'notify').count()).toBe(0);

    await notifier.kill();
    for (const page of [wall, consolePage]) {
      await alarm(page, 'notify').waitFor({ timeout: 10_000 });
      const text = (await alarm(page, 'notify').textContent()) ?? '';
      expect(text).toMatch(/Pengiriman peringatan ke petugas tidak berjalan sejak \d\d:\d\d WITA — tidak ada yang dihubungi/);
      expect(text).toMatch(/Paging is down since \d\d:\d\d WITA: nobody is being paged/);
    }
    // Readable across the room: the wall's banner is in large type, over the map, inside the screen.
    const size = await alarm(wall, 'notify').locator('.id').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(30);
    const box = (await wall.locator('[data-testid="pipeline-banner"]').boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(1920);
    await wall.screenshot({ path: path.join(PROJECT_ROOT, 'docs/screenshots/paging-down.png') });

    await startNotifier();
    for (const page of [wall, consolePage]) await alarm(page, 'notify').waitFor({ state: 'detached', timeout: 10_000 });
    expect(await alarm(wall, 'ingest').count()).toBe(1);
  }, 180_000);
});
