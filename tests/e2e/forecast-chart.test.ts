import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Forecast } from '../../src/lib/core/forecast';
import { formatForecastLine } from '../../src/lib/core/forecast-line';
import { formatLine } from '../../src/lib/core/line-protocol';
import type { LiveReading } from '../../src/lib/core/reading';
import type { Sensor } from '../../src/lib/core/sensor';
import { TOPICS } from '../../src/lib/core/topic';
import catalogJson from '../../src/lib/catalog/samarinda.json';
import { createLiveReading } from '../../src/lib/core/live-reading';
import type { TestAuth } from '../helpers/auth';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase, influxWrite } from '../helpers/influx';
import { PROJECT_ROOT } from '../helpers/processes';
import { startWebInBrowser, type WebInBrowser } from '../helpers/web';
import { mosquittoPub } from '../integration/mqtt-tools';
import { makeAlertEvent } from '../../ingest/notify/test-support';
import type { AlertEvent } from '../../src/lib/core/alert';

/**
 * The sensor page draws a gauge's forecast: the stored one at first (the command center rebuilds it
 * from measurement `forecast`), then the one arriving with a live batch; the wall's flood tile says
 * when the worst expected crossing comes.
 */
const services = readTestServices();
const db = uniqueDb('e2e_forecast');
const gauge = (catalogJson.sensors as Sensor[]).find((s) => s.id === 'flood-gunung-lingai')!;
const UI_WAIT_MS = 60_000;
const MIN = 60_000;
const SCREENSHOT = path.join(PROJECT_ROOT, 'docs/screenshots/sensor-forecast.png');

let ui: WebInBrowser;
let page: Page;
let baseUrl = '';
let auth: TestAuth;
const t0 = Date.now();

/** A rising Gunung Lingai (Siaga 3 at 200 cm, Siaga 2 at 240 cm): its level at `ts` and where it is heading. */
function forecastAt(ts: number, levelCm: number, crossingInMin: number, spread120 = 26, skill60?: number): Forecast {
  const point = (horizonMin: 30 | 60 | 120, rise: number, spread: number) => ({
    horizonMin, at: ts + horizonMin * MIN, levelCm: levelCm + rise, lowCm: levelCm + rise - spread, highCm: levelCm + rise + spread,
    ...(horizonMin === 60 && skill60 !== undefined ? { skill: skill60 } : {})
  });
  return {
    sensorId: gauge.id, ts, levelCm,
    points: [point(30, 14, 6), point(60, 27, 13), point(120, 48, spread120)],
    crossing: { level: 2, at: ts + crossingInMin * MIN, earliest: ts + (crossingInMin - 15) * MIN, latest: ts + (crossingInMin + 25) * MIN },
    reasons: [{ kind: 'upstream', sensorId: 'flood-benanga', amount: 35, minutes: 50 }],
    confidence: 0.6
  };
}

beforeAll(async () => {
  await createDatabase(services.influxUrl, db);
  // Two hours of a river rising from 150 to 213 cm, and the forecast made after the last reading.
  const start = t0 - 120 * MIN;
  const lines = Array.from({ length: 120 }, (_, i) => formatLine('flood', { sensor: gauge.id, district: gauge.district }, { water_level: 150 + i * 0.53 }, start + i * MIN));
  lines.push(formatForecastLine(forecastAt(start + 119 * MIN, 213, 70, 26, 0.55), gauge.district));
  await influxWrite(services.influxUrl, db, lines);
  ui = await startWebInBrowser({ db, browser: { viewport: { width: 1400, height: 1000 } } });
  ({ page, auth } = ui);
  baseUrl = ui.web.url;
});

afterAll(async () => {
  await ui?.close();
  await dropDatabase(services.influxUrl, db).catch(() => undefined);
});

async function band() {
  const el = page.locator('[data-testid="chart"][data-field="water_level"] [data-testid="forecast-band"]');
  await el.waitFor({ timeout: UI_WAIT_MS });
  return el;
}

describe('the sensor chart with a forecast', () => {
  it('draws the stored forecast as a band and a dashed line past the data, up to the Siaga lines', async () => {
    await page.goto(`${baseUrl}/sensors/${gauge.id}?hours=6&kiosk=${auth.kioskToken}`);
    const el = await band();
    const chart = page.locator('[data-testid="chart"][data-field="water_level"]');
    expect(await chart.getAttribute('data-forecast')).toBe('3');
    // Closed shape: issue point, three high edges, three low edges.
    const d = (await el.getAttribute('d'))!;
    expect(d.match(/[ML]/g)).toHaveLength(7);
    expect(d.endsWith('Z')).toBe(true);
    const line = page.locator('[data-testid="forecast-line"]');
    expect(await line.getAttribute('stroke-dasharray')).toBeTruthy();

    // The band lies to the right of the measured line and widens: it is drawn, not an empty path.
    const box = (await el.boundingBox())!;
    const svgBox = (await chart.locator('svg[role="img"]').boundingBox())!;
    expect(box.width).toBeGreaterThan(svgBox.width * 0.1);
    expect(box.height).toBeGreaterThan(20);
    const dataEnd = await chart.locator('circle').evaluate((c) => c.getBoundingClientRect().x);
    expect(box.x).toBeGreaterThanOrEqual(dataEnd - 1);
    // Its top reaches past Siaga 2 (240 cm): the high edge at +2 h is 213 + 48 + 26 cm.
    const siaga2Y = await chart.locator('line[stroke-dasharray="8 5"]').nth(1).evaluate((l) => l.getBoundingClientRect().y);
    expect(box.y).toBeLessThan(siaga2Y);
    // This band fits the axis whole: no edge is marked as cut.
    expect(await chart.locator('[data-testid^="forecast-clip-"]').count()).toBe(0);

    await expect.poll(() => page.locator('[data-testid="forecast-legend"]').innerText()).toMatch(/Prakiraan.*Rentang prakiraan 80 %/s);
    // Why, in words, with the upstream gauge's name (the stored forecast's reason: Benanga +35 cm in 50 min).
    expect(await page.locator('[data-testid="forecast-reasons"]').innerText()).toBe('Sebab: Bendungan Benanga (Lempake) naik 35 cm dalam 50 menit terakhir');
    // the gauge's track record, stored with the forecast and read back
    expect(await page.locator('[data-testid="forecast-record"]').innerText()).toBe('Prakiraan 60 menit beberapa minggu terakhir, saat muka air naik atau turun: kesalahannya 55 % lebih kecil daripada jika muka air dianggap tetap');
    // The river around the gauge by name, each a link to its page: Benanga upstream, KP3 first downstream.
    const up = page.locator('.links', { hasText: 'Hulu' }).getByRole('link');
    expect(await up.allInnerTexts()).toEqual(['Bendungan Benanga (Lempake)']);
    expect(await up.first().getAttribute('href')).toBe('/sensors/flood-benanga');
    const down = page.locator('.links', { hasText: 'Hilir' }).getByRole('link');
    expect(await down.count()).toBe(gauge.downstream!.length);
    expect(await down.first().getAttribute('href')).toBe('/sensors/flood-kp3');
    expect(await down.first().innerText()).not.toBe('flood-kp3');
    expect(await page.locator('[data-testid="forecast-summary"]').innerText()).toMatch(/Siaga 2 ≈ \d\d[.:]\d\d WITA \(\d\d[.:]\d\d–\d\d[.:]\d\d\)/);
  }, 120_000);

  it('follows the forecast that arrives with a live reading, and the wall tile and kiosk say when Siaga 2 comes', async () => {
    const stored = Number(await (await band()).getAttribute('data-issued'));
    const ts = Date.now();
    const live: LiveReading = {
      // The state the ingest would send for this level (the tiles read it: Siaga level, water level).
      ...createLiveReading(gauge, { sensorId: gauge.id, kind: 'flood', ts, values: { water_level: 220 } }),
      // A young forecaster's band: 1.5 m either side at +2 h. The chart cuts it at its edge.
      forecast: forecastAt(ts, 220, 40, 150)
    };
    expect((await mosquittoPub(services.mqttUrl, TOPICS.live, JSON.stringify([live]), 0)).code).toBe(0);
    await expect.poll(async () => Number(await (await band()).getAttribute('data-issued')), { timeout: UI_WAIT_MS }).toBe(ts);
    // Before it, the page showed the forecast stored after the last stored reading (rebuilt at start).
    expect(stored).toBe(t0 - MIN);
    // A young forecaster has no track record yet, and the page says so rather than keeping the old one.
    expect(await page.locator('[data-testid="forecast-record"]').innerText()).toBe('Ketepatan belum dapat dinilai: baru sedikit kenaikan dan penurunan air');
    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await page.locator('[data-testid="chart"][data-field="water_level"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: SCREENSHOT });
    // The wide band did not flatten the river: the value axis still ends within 30 % of the rest.
    const topTick = await page.locator('[data-testid="chart"][data-field="water_level"] text.axis').evaluateAll((els) =>
      Math.max(...els.map((e) => Number(e.textContent)).filter(Number.isFinite))
    );
    expect(topTick).toBeLessThan(400);
    // …and the cut edge says so: a mark at the top of the band with the 418 cm it reaches (220 + 48 + 150), inside the
    // plot, not a band running flat into the chart's frame as if that were its edge. Its low edge (118 cm) fits.
    const waterChart = page.locator('[data-testid="chart"][data-field="water_level"]');
    const clip = waterChart.locator('[data-testid="forecast-clip-high"]');
    expect(await clip.getAttribute('data-value')).toBe('418');
    expect(await clip.locator('text').textContent()).toBe('418');
    expect(await clip.locator('title').textContent()).toBe('Rentang prakiraan terpotong di tepi grafik: mencapai 418 cm');
    expect(await waterChart.locator('[data-testid="forecast-clip-low"]').count()).toBe(0);
    const plotTop = (await waterChart.locator('svg[role="img"]').boundingBox())!.y + 12;
    expect((await waterChart.locator('[data-testid="forecast-band"]').boundingBox())!.y).toBeGreaterThan(plotTop);

    await page.goto(`${baseUrl}/?kiosk=${auth.kioskToken}`);
    const tile = page.locator('[data-testid="tile-flood-forecast"]');
    await tile.waitFor({ timeout: UI_WAIT_MS });
    expect(await tile.getAttribute('data-sensor')).toBe(gauge.id);
    expect(await tile.innerText()).toMatch(/Siaga 2 dalam ± (35|40) menit/);
    // The kiosk's flood panel says it too, here in English.
    await page.goto(`${baseUrl}/wall/kiosk?kiosk=${auth.kioskToken}&lang=en`);
    const panel = page.locator('[data-testid="kiosk-flood-forecast"]');
    await panel.waitFor({ timeout: UI_WAIT_MS });
    expect(await panel.innerText()).toMatch(/Level 2 in ± (35|40) min · Pos TMA Gunung Lingai/);
  }, 120_000);

  it('a warning only the band supports ("may reach … from") is on the tile and the kiosk while it is open, worded as possible', async () => {
    const ts = Date.now();
    // At 220 cm (Siaga 3): the centre stays below Siaga 2 (240 cm) for 2 h, the band's top reaches it in 50 min.
    const point = (horizonMin: 30 | 60 | 120, rise: number, top: number) => ({ horizonMin, at: ts + horizonMin * MIN, levelCm: 220 + rise, lowCm: 220, highCm: 220 + top });
    const forecast: Forecast = { sensorId: gauge.id, ts, levelCm: 220, points: [point(30, 4, 12), point(60, 8, 24), point(120, 14, 48)], crossing: null, reasons: [], confidence: 0.6 };
    const live: LiveReading = { ...createLiveReading(gauge, { sensorId: gauge.id, kind: 'flood', ts, values: { water_level: 220 } }), forecast };
    expect((await mosquittoPub(services.mqttUrl, TOPICS.live, JSON.stringify([live]), 0)).code).toBe(0);
    const raised = makeAlertEvent({ id: `${gauge.id}:rate_of_rise:${ts}`, at: ts });
    raised.alert = { ...raised.alert, rule: 'rate_of_rise', level: 2, title: { id: 'Pos TMA Gunung Lingai mungkin Siaga 2 mulai ≈ …', en: 'Pos TMA Gunung Lingai may reach Level 2 from ≈ …' } };
    expect((await mosquittoPub(services.mqttUrl, TOPICS.alertEvents, JSON.stringify(raised))).code).toBe(0);

    await page.goto(`${baseUrl}/wall/kiosk?kiosk=${auth.kioskToken}&lang=id`);
    const panel = page.locator('[data-testid="kiosk-flood-forecast"]');
    await expect.poll(() => panel.getAttribute('data-certainty'), { timeout: UI_WAIT_MS }).toBe('possible');
    expect(await panel.innerText()).toMatch(/^→ mungkin Siaga 2 mulai ± (45|50) menit lagi · Pos TMA Gunung Lingai/);

    await page.goto(`${baseUrl}/?kiosk=${auth.kioskToken}`);
    const tile = page.locator('[data-testid="tile-flood-forecast"]');
    await expect.poll(() => tile.getAttribute('data-certainty'), { timeout: UI_WAIT_MS }).toBe('possible');
    expect(await tile.getAttribute('data-siaga')).toBe('2');
    expect(await tile.innerText()).toMatch(/^→ mungkin Siaga 2 mulai ± (45|50) menit lagi$/);
    // read across the room: as large and bold as the expected crossing's line, not small print
    const look = await tile.evaluate((el) => ({ size: parseFloat(getComputedStyle(el).fontSize), weight: Number(getComputedStyle(el).fontWeight) }));
    expect(look.size).toBeGreaterThanOrEqual(17);
    expect(look.weight).toBeGreaterThanOrEqual(700);

    // The gauge's own page says it too (it said "no higher flood level within 2 h" beside the open warning).
    await page.goto(`${baseUrl}/sensors/${gauge.id}?kiosk=${auth.kioskToken}&lang=id`);
    const line = page.locator('[data-testid="forecast-summary"] .fc');
    await expect.poll(() => line.getAttribute('data-certainty'), { timeout: UI_WAIT_MS }).toBe('possible');
    expect(await line.innerText()).toMatch(/^Mungkin Siaga 2 mulai ≈ \d\d[.:]\d\d WITA \(batas atas rentang prakiraan 80 %\)$/);

    await page.goto(`${baseUrl}/wall/kiosk?kiosk=${auth.kioskToken}&lang=en`);
    await expect.poll(() => panel.innerText(), { timeout: UI_WAIT_MS }).toMatch(/^→ may reach Level 2 in ± (45|50) min · Pos TMA Gunung Lingai/);
    // resolved: the band alone is no news, and the panel says nothing of it
    const resolved: AlertEvent = { ...raised, type: 'resolved', at: Date.now(), alert: { ...raised.alert, state: 'resolved', resolvedAt: Date.now(), updatedAt: Date.now() } };
    expect((await mosquittoPub(services.mqttUrl, TOPICS.alertEvents, JSON.stringify(resolved))).code).toBe(0);
    await expect.poll(() => panel.count(), { timeout: UI_WAIT_MS }).toBe(0);
  }, 120_000);
});

describe('the sensor page of a gauge whose registry entry lists a link twice', () => {
  it('names the linked gauge once and still draws the page (a repeated key stopped it)', async () => {
    // The registry accepts "flood-kp3, flood-kp3" in a gauge's downstream field; the catalog schema lets it through.
    const catalog = structuredClone(catalogJson) as { sensors: Sensor[] };
    const entry = catalog.sensors.find((s) => s.id === gauge.id)!;
    entry.downstream = [...entry.downstream!, entry.downstream![0]];
    const file = path.join(os.tmpdir(), `pantau-e2e-catalog-${process.pid}.json`);
    await writeFile(file, JSON.stringify(catalog));
    const other = await startWebInBrowser({ db, name: 'web-twice', env: { PANTAU_CATALOG: file } });
    try {
      const errors: string[] = [];
      other.page.on('pageerror', (e) => errors.push(e.message));
      await other.page.goto(`${other.web.url}/sensors/${gauge.id}?hours=6&kiosk=${other.auth.kioskToken}`);
      await other.page.waitForLoadState('networkidle');
      expect(errors).toEqual([]);
      await other.page.locator('[data-testid="chart"][data-field="water_level"] [data-testid="forecast-band"]').waitFor({ timeout: UI_WAIT_MS });
      const down = other.page.locator('.links', { hasText: 'Hilir' }).getByRole('link');
      expect(await down.count()).toBe(gauge.downstream!.length);
    } finally {
      await other.close();
      await rm(file, { force: true });
    }
  }, 120_000);
});
