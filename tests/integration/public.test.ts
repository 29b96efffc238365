import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/lib/core/alert';
import type { Sensor } from '../../src/lib/core/sensor';
import catalogJson from '../../src/lib/catalog/samarinda.json';
import { formatAlertEventLine } from '../../src/lib/server/influx';
import { parseWebConfig } from '../../src/lib/server/config';
import type { PublicSummary } from '../../src/lib/server/public/summary';
import { setupInflux } from '../../src/lib/influx/setup';
import { rebuildRollups } from '../../src/lib/influx/rollups';
import { cookieFrom, createTestAuth, type TestAuth } from '../helpers/auth';
import { readTestServices, uniqueDb } from '../helpers/env';
import { dropDatabase, influxWrite } from '../helpers/influx';
import { startWeb, type TestWeb } from '../helpers/web';

/**
 * /publik, /api/public/summary and /api/open/readings on the production build (scripts/web.ts) with
 * anonymous reading switched off: residents and partners get in, see no internal field, are rate
 * limited per address, and the open data are the readings written to the real InfluxDB.
 */
const services = readTestServices();
const db = uniqueDb('public');
const sensors = catalogJson.sensors as Sensor[];
const gauge = sensors.find((s) => s.id === 'flood-citanduy')!;
const station = sensors.find((s) => s.id === 'air-samarinda-utara-1')!;
const HOUR = 3_600_000;
const now = Date.now();
// Three whole hours of one reading a minute, up to the last minute.
const first = Math.floor((now - 3 * HOUR) / HOUR) * HOUR;
const times = Array.from({ length: Math.floor((now - 60_000 - first) / 60_000) }, (_, i) => first + i * 60_000);
const level = (i: number) => 60 + (i % 5); // Siaga 2 (50 ≤ level < 100 at this gauge)

const alert: Alert = {
  id: `${gauge.id}:flood_level:${now - 600_000}`, sensorId: gauge.id, sensorName: gauge.name, kind: 'flood', district: gauge.district,
  rule: 'flood_level', category: 'emergency', severity: 'warning', level: 2, title: { id: `Siaga 2 · ${gauge.name} 64 cm`, en: `Level 2 · ${gauge.name} 64 cm` },
  explanation: { id: 'Aturan: ambang siaga pos duga air (uji).', en: 'Rule: gauge alert thresholds (test).' },
  action: { id: 'Kirim tim RAHASIA-7 ke pompa 3.', en: 'Send team SECRET-7 to pump 3.' }, value: 64, state: 'acknowledged',
  raisedAt: now - 600_000, updatedAt: now - 300_000, acknowledgedAt: now - 300_000, acknowledgedBy: 'wulan-ops7', assignee: 'budi-lapangan',
  comments: [{ by: 'wulan-ops7', at: now - 200_000, text: 'catatan internal pompa bocor' }], steps: [{ id: 'warn-kelurahan', done: true, by: 'wulan-ops7', at: now - 100_000 }]
};

let web: TestWeb;
let auth: TestAuth;
let base = '';
let ip = 0;
/** A request from its own address (ADDRESS_HEADER), so one test's budget never spends another's. */
const get = (path: string, address = `10.1.0.${++ip}`, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { headers: { 'x-real-ip': address, ...headers }, redirect: 'manual' });

beforeAll(async () => {
  const config = parseWebConfig({ INFLUX_URL: services.influxUrl, INFLUX_DB: db }).influx;
  await setupInflux(config);
  const lines = times.flatMap((t, i) => [
    `flood,district=Samarinda\\ Utara,sensor=${gauge.id} water_level=${level(i)},rainfall=2 ${t}`,
    `air,district=Samarinda\\ Utara,sensor=${station.id} pm25=80,pm10=40 ${t}`
  ]);
  lines.push(formatAlertEventLine({ type: 'acknowledged', at: alert.updatedAt, by: 'wulan-ops7', alert }));
  await influxWrite(services.influxUrl, db, lines);
  await rebuildRollups(config, first - HOUR, now);
  auth = await createTestAuth([{ user: 'wulan-ops7', role: 'responder' }]);
  // The hub rebuilds its live state from these at start: the public page reads that state, not InfluxDB.
  web = await startWeb({
    db,
    auth,
    env: {
      HOST: '127.0.0.1', PANTAU_ANONYMOUS_READ: 'false', ADDRESS_HEADER: 'x-real-ip',
      PANTAU_PUBLIC_RATE: '1', PANTAU_PUBLIC_BURST: '5', PANTAU_OPEN_BURST: '3', PANTAU_OPEN_RATE_PER_MIN: '1'
    }
  });
  base = web.url;
});

afterAll(async () => {
  await web?.stop();
  await auth?.cleanup();
  await dropDatabase(services.influxUrl, db).catch(() => undefined);
});

describe('the public page and its data without a login', () => {
  it('serves /publik and its data anonymously while staff pages still ask for a login', async () => {
    expect((await get('/')).status).toBe(303);
    expect((await get('/api/alerts')).status).toBe(401);
    const page = await get('/publik');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Info Kota Samarinda');
    expect(html).toContain('Siaga 2 · Siaga');
    const res = await get('/api/public/summary');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d$/);
    // fetch asks for gzip and unpacks it: the JSON below parses only if the compressed body is right.
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const summary = (await res.json()) as PublicSummary;
    const utara = summary.districts.find((d) => d.name === 'Samarinda Utara')!;
    expect(utara.flood.gauges.find((g) => g.id === gauge.id)?.level.id).toBe('Siaga 2 · Siaga');
    expect(utara.air.stations.find((s) => s.id === station.id)?.level.id).toBe('Tidak Sehat');
    expect(utara.warnings.map((w) => w.headline.id)).toEqual([alert.title.id]);
    // Asked again with its ETag: 304, no body.
    const again = await get('/api/public/summary', undefined, { 'if-none-match': res.headers.get('etag')! });
    expect(again.status).toBe(304);
    // As caches send it: weak, in a list, or `*` (RFC 9110 weak comparison, conditional.ts).
    for (const held of [`W/${res.headers.get('etag')}`, `"stale", ${res.headers.get('etag')}`, '*']) {
      expect((await get('/api/public/summary', undefined, { 'if-none-match': held })).status).toBe(304);
    }
    expect((await get('/api/public/summary', undefined, { 'if-none-match': '"stale", W/"older"' })).status).toBe(200);
  });

  it('serves the CAP feed without a login: sirens, BPBD and broadcasters hold no Pantau session', async () => {
    const feed = await get('/api/cap/alerts.xml');
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
    const doc = await get(`/api/cap/${encodeURIComponent(alert.id)}.xml`);
    expect(doc.status).toBe(200);
    const xml = await doc.text();
    expect(xml).toContain('<msgType>');
    // Public, so none of the staff fields: comments, assignee, who acknowledged.
    for (const value of [alert.comments[0].text, alert.assignee!, alert.acknowledgedBy!]) expect(xml).not.toContain(value);
  });

  it('shows nothing of what the staff API holds about the alert beyond its public headline', async () => {
    // ADDRESS_HEADER is set, so every request (the login's too) names its address.
    const signIn = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-real-ip': '10.2.0.1' },
      body: JSON.stringify({ user: 'wulan-ops7', password: auth.users[0].password })
    });
    const cookie = cookieFrom(signIn, 'pantau_session');
    expect(signIn.status, await signIn.clone().text()).toBe(200);
    const staff = (await (await get('/api/alerts', '10.2.0.1', { cookie: cookie! })).json()) as { alerts: Alert[] };
    const held = staff.alerts.find((a) => a.id === alert.id)!;
    expect(held.comments[0].text).toBe('catatan internal pompa bocor');
    const bodies = [await (await get('/api/public/summary')).text(), await (await get('/publik')).text()];
    const internal = [held.comments[0].text, held.assignee!, held.acknowledgedBy!, held.action.id, held.action.en, held.explanation.id, held.steps![0].id, held.rule, held.id];
    for (const body of bodies) for (const value of internal) expect(body, value).not.toContain(value);
  });

  it('answers 429 once an address has spent its budget, while another address still gets in', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 30 && !codes.includes(429); i++) codes.push((await get('/api/public/summary', '10.9.9.9')).status);
    expect(codes).toContain(429);
    const refused = await get('/api/public/summary', '10.9.9.9');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect((await get('/publik', '10.9.9.9')).status).toBe(429);
    expect((await get('/api/public/summary', '10.9.9.10')).status).toBe(200);
  });
});

describe('open data from the real InfluxDB', () => {
  const from = new Date(first).toISOString();
  const to = new Date(first + 2 * HOUR).toISOString();

  it('gives the raw readings as CSV with the licence, and the same as JSON', async () => {
    const res = await get(`/api/open/readings?sensor=${gauge.id}&from=${from}&to=${to}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('link')).toBe('<https://creativecommons.org/licenses/by/4.0/>; rel="license"');
    const lines = (await res.text()).trimEnd().split('\n');
    expect(lines[0]).toContain('Licence: CC BY 4.0');
    const data = lines.filter((l) => !l.startsWith('#'));
    expect(data[0]).toBe('time,water_level,rainfall');
    expect(data.slice(1)).toEqual(times.slice(0, 120).map((t, i) => `${new Date(t).toISOString()},${level(i)},2`));
    const json = (await (await get(`/api/open/readings?sensor=${gauge.id}&from=${from}&to=${to}&format=json`)).json()) as { rows: unknown[][]; licence: { spdx: string } };
    expect(json.licence.spdx).toBe('CC-BY-4.0');
    expect(json.rows).toEqual(times.slice(0, 120).map((t, i) => [new Date(t).toISOString(), level(i), 2]));
  });

  it('gives hourly aggregates from the rollups and the newest hour', async () => {
    const body = (await (await get(`/api/open/readings?sensor=${gauge.id}&from=${from}&to=${new Date(now).toISOString()}&resolution=1h`)).json()) as { columns: string[]; rows: (string | number)[][] };
    expect(body.columns.slice(0, 5)).toEqual(['time', 'water_level_mean', 'water_level_min', 'water_level_max', 'water_level_count']);
    expect(body.rows.length).toBeGreaterThanOrEqual(3);
    const counts = body.rows.map((r) => r[4] as number);
    expect(counts.slice(0, 2)).toEqual([60, 60]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(times.length);
    expect(body.rows[0].slice(1, 4)).toEqual([62, 60, 64]);
  });

  it('refuses bad requests and limits each address', async () => {
    expect((await get(`/api/open/readings?sensor=${encodeURIComponent("x' OR 1=1")}`)).status).toBe(400);
    expect((await get('/api/open/readings?sensor=flood-nope')).status).toBe(404);
    expect((await get(`/api/open/readings?sensor=${gauge.id}&from=2020-01-01&to=2026-01-01`)).status).toBe(400);
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await get(`/api/open/readings?sensor=${gauge.id}`, '10.8.8.8')).status);
    expect(codes.slice(0, 3)).toEqual([200, 200, 200]);
    expect(codes.slice(3)).toEqual([429, 429]);
  });
});
