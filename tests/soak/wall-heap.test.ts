import mqtt, { type MqttClient } from 'mqtt';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AlertEvent } from '../../src/lib/core/alert';
import type { LiveReading } from '../../src/lib/core/reading';
import type { Sensor } from '../../src/lib/core/sensor';
import { TOPICS } from '../../src/lib/core/topic';
import catalogJson from '../../src/lib/catalog/samarinda.json';
import { stateAtSeverity } from '../../src/lib/core/state-fixtures';
import type { TestAuth } from '../helpers/auth';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase } from '../helpers/influx';
import { startWebInBrowser, type WebInBrowser } from '../helpers/web';

/**
 * Soak: the wall display (production build, kiosk) under a steady live stream for
 * PANTAU_SOAK_MINUTES (default 10): every catalog sensor every 250 ms with changing values and
 * severities, and an alert event every 10 s (a new alert raised, the previous one resolved).
 * The JS heap is sampled every 30 s after a forced GC; after the warm-up it must stay within
 * max(+20 %, +10 MB) of the first post-warm-up sample. Not part of `npm test`: `npm run test:soak`
 * (PANTAU_SOAK_MINUTES=3 for a quick check). The heap is the page's main isolate: maplibre's tile
 * workers have their own and are not counted.
 */
const services = readTestServices();
const db = uniqueDb('soak_wall');
const sensors = catalogJson.sensors as Sensor[];
const SOAK_MINUTES = Number(process.env.PANTAU_SOAK_MINUTES ?? 10);
const PUBLISH_INTERVAL_MS = 250;
const ALERT_INTERVAL_MS = 10_000;
const SAMPLE_INTERVAL_MS = 30_000;
const WARM_UP_MS = 2 * 60_000;
const GROWTH_RATIO = 0.2;
const GROWTH_FLOOR_BYTES = 10 * 1024 * 1024;
const UI_WAIT_MS = 120_000;

let ui: WebInBrowser;
let page: Page;
let cdp: CDPSession;
let auth: TestAuth;
let publisher: MqttClient;

/** A reading that wanders with time; severity walks through every level so markers change colour. */
function soakReading(s: Sensor, i: number, tick: number): LiveReading {
  const wave = Math.sin((tick + i * 7) / 20);
  const severity = Math.floor(((tick + i) / 40) % 4);
  const base = { sensorId: s.id, kind: s.kind, ts: Date.now(), district: s.district, severity, state: stateAtSeverity(s.kind, severity) };
  if (s.kind === 'flood') return { ...base, values: { water_level: 120 + 60 * wave, rainfall: Math.max(0, 10 * wave) } };
  if (s.kind === 'air') return { ...base, values: { pm25: 40 + 30 * wave, pm10: 70 + 20 * wave, o3: 60, no2: 30 } };
  return { ...base, values: { speed: 30 + 15 * wave, flow: 1200 + 400 * wave, occupancy: 20 + 10 * wave } };
}

function soakAlert(n: number, at: number, state: Alert['state']): Alert {
  const s = sensors.filter((x) => x.kind === 'flood')[n % 5];
  return {
    id: `${s.id}:soak:${n}`, sensorId: s.id, sensorName: s.name, kind: 'flood', district: s.district, rule: 'flood_level',
    category: 'emergency', severity: n % 2 ? 'critical' : 'warning', level: 1 + (n % 3), title: { id: `Soak ${n}`, en: `Soak ${n}` },
    explanation: { id: 'uji', en: 'soak' }, action: { id: 'cek', en: 'check' }, value: 200 + n, state,
    raisedAt: at, updatedAt: at, comments: [], ...(state === 'resolved' ? { resolvedAt: at } : {})
  };
}

/** Raise alert n and resolve alert n-1: a handful open at any time, one new card every 10 s. */
function publishAlertStep(n: number): void {
  const now = Date.now();
  const raised: AlertEvent = { type: 'raised', at: now, by: 'soak', alert: soakAlert(n, now, 'raised') };
  publisher.publish(TOPICS.alertEvents, JSON.stringify(raised), { qos: 1 });
  if (n === 0) return;
  const prev = soakAlert(n - 1, now + 1, 'resolved');
  publisher.publish(TOPICS.alertEvents, JSON.stringify({ type: 'resolved', at: now + 1, by: 'soak', alert: prev } satisfies AlertEvent), { qos: 1 });
}

/** Used JS heap after a full GC (window.gc from --expose-gc, then CDP's exact figure). */
async function heapAfterGc(): Promise<number> {
  await page.evaluate(() => {
    const w = window as unknown as { gc?: () => void };
    if (!w.gc) throw new Error('window.gc missing: launch with --js-flags=--expose-gc');
    w.gc();
    w.gc();
  });
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  return usage.usedSize;
}

/** DOM nodes and event listeners: printed beside the heap, a leak of markers or cards shows there first. */
async function domCounts(): Promise<{ nodes: number; listeners: number }> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? -1;
  return { nodes: get('Nodes'), listeners: get('JSEventListeners') };
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);

beforeAll(async () => {
  await createDatabase(services.influxUrl, db);
  ui = await startWebInBrowser({ db, browser: { viewport: { width: 1600, height: 900 }, extraArgs: ['--js-flags=--expose-gc'] } });
  ({ auth, page } = ui);
  publisher = await mqtt.connectAsync(services.mqttUrl, { clientId: `soak-publisher-${process.pid}` });
  cdp = await ui.browser.context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(`${ui.web.url}/?kiosk=${auth.kioskToken}`);
  await page.locator('[data-testid="map"][data-ready="true"]').waitFor({ timeout: UI_WAIT_MS });
}, UI_WAIT_MS + 60_000);

afterAll(async () => {
  await publisher?.endAsync();
  await ui?.close();
  await dropDatabase(services.influxUrl, db).catch(() => undefined);
});

describe('wall display soak', () => {
  it(`keeps its JS heap bounded while streaming for ${SOAK_MINUTES} min`, async () => {
    let tick = 0;
    let alertN = 0;
    const readingsTimer = setInterval(() => {
      tick++;
      const batch = sensors.map((s, i) => soakReading(s, i, tick));
      publisher.publish(TOPICS.live, JSON.stringify(batch), { qos: 0 });
    }, PUBLISH_INTERVAL_MS);
    const alertTimer = setInterval(() => publishAlertStep(alertN++), ALERT_INTERVAL_MS);
    publishAlertStep(alertN++);

    const samples: { atS: number; usedBytes: number }[] = [];
    const start = Date.now();
    try {
      for (let at = SAMPLE_INTERVAL_MS; at <= SOAK_MINUTES * 60_000; at += SAMPLE_INTERVAL_MS) {
        await new Promise((ok) => setTimeout(ok, Math.max(0, start + at - Date.now())));
        const sample = { atS: Math.round((Date.now() - start) / 1000), usedBytes: await heapAfterGc() };
        samples.push(sample);
        const dom = await domCounts();
        console.log(`[soak] t=${sample.atS}s heap ${mb(sample.usedBytes)} MB, ${dom.nodes} DOM nodes, ${dom.listeners} listeners`);
      }
    } finally {
      clearInterval(readingsTimer);
      clearInterval(alertTimer);
    }

    const settled = samples.filter((s) => s.atS * 1000 >= WARM_UP_MS);
    expect(settled.length, `${SOAK_MINUTES} min leaves no sample after the ${WARM_UP_MS / 60_000} min warm-up`).toBeGreaterThan(0);
    const base = settled[0].usedBytes;
    const bound = base + Math.max(base * GROWTH_RATIO, GROWTH_FLOOR_BYTES);
    const peak = Math.max(...settled.map((s) => s.usedBytes));
    console.log(
      `[soak] ${tick} live batches × ${sensors.length} sensors, ${alertN} alert steps; heap after warm-up ${mb(base)} MB, ` +
        `peak ${mb(peak)} MB, last ${mb(settled.at(-1)!.usedBytes)} MB, bound ${mb(bound)} MB`
    );
    // The page must still be live, not frozen or disconnected, for the figures to mean anything.
    await expect(page.locator('[data-testid="connection"]').getAttribute('data-state')).resolves.toBe('connected');
    expect(peak).toBeLessThanOrEqual(bound);
  }, (SOAK_MINUTES + 3) * 60_000);
});
