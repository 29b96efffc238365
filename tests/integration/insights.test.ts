import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CongestionInsight } from '../../src/lib/insights/congestion';
import type { FloodInsight } from '../../src/lib/insights/floods';
import type { IspuInsight } from '../../src/lib/insights/ispu-days';
import type { UptimeInsight } from '../../src/lib/insights/uptime';
import { witaDate, witaDayStart, witaWeekday } from '../../src/lib/insights/time';
import { parseWebConfig } from '../../src/lib/server/config';
import { setupInflux } from '../../src/lib/influx/setup';
import { rebuildRollups } from '../../src/lib/influx/rollups';
import { createTestAuth, sessionCookieFor, type TestAuth } from '../helpers/auth';
import { readTestServices, uniqueDb } from '../helpers/env';
import { dropDatabase, influxWrite } from '../helpers/influx';
import { startWeb, type TestWeb } from '../helpers/web';

/**
 * /api/insights on the production build over real InfluxDB: two known WITA days of readings of one
 * junction approach, one gauge and one air station (Samarinda catalog, one reading a minute), read
 * back through the 1-hour and 1-minute rollups as the four views and their CSV.
 */
const services = readTestServices();
const db = uniqueDb('insights');
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
// Two whole WITA days ending at the start of the day before yesterday: complete in every rollup.
const D0 = witaDayStart(Date.now()) - 3 * DAY;
const D2 = D0 + 2 * DAY;
const query = `?from=${D0}&to=${D2}`;

function readings(): string[] {
  const lines: string[] = [];
  for (let t = D0; t < D2; t += MIN) {
    const sinceDay = (t - D0) % DAY;
    const rush = sinceDay >= 17 * HOUR && sinceDay < 18 * HOUR; // 17:00–18:00 WITA, both days: jammed
    lines.push(`traffic,district=Samarinda\\ Ulu,sensor=traffic-lembuswana-n flow=500,speed=${rush ? 5 : 40},occupancy=${rush ? 40 : 5} ${t}`);
    const dayOne = t < D0 + DAY;
    lines.push(`air,district=Samarinda\\ Utara,sensor=air-samarinda-utara-1 pm25=${dayOne ? 100 : 5} ${t}`);
    // The gauge reports on day one only; 42 cm (Siaga 3 at 30, Siaga 2 at 50) from 10:00 to 11:00.
    if (dayOne) lines.push(`flood,district=Samarinda\\ Utara,sensor=flood-citanduy water_level=${sinceDay >= 10 * HOUR && sinceDay < 11 * HOUR ? 42 : 12} ${t}`);
  }
  return lines;
}

let web: TestWeb;
let auth: TestAuth;
let cookie = '';
const get = (path: string, withCookie = true) => fetch(`${web.url}${path}`, { headers: withCookie ? { cookie } : {}, redirect: 'manual' });
async function view<T>(name: string): Promise<T> {
  const res = await get(`/api/insights/${name}.json${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: T }).data;
}

beforeAll(async () => {
  const config = parseWebConfig({ INFLUX_URL: services.influxUrl, INFLUX_DB: db }).influx;
  await setupInflux(config);
  await influxWrite(services.influxUrl, db, readings());
  await rebuildRollups(config, D0 - HOUR, D2 + HOUR);
  auth = await createTestAuth([{ user: 'rina-ops', role: 'operator' }]);
  web = await startWeb({ db, auth, env: { HOST: '127.0.0.1', PANTAU_ANONYMOUS_READ: 'false' } });
  cookie = sessionCookieFor(auth, 'rina-ops');
});

afterAll(async () => {
  await web?.stop();
  await auth?.cleanup();
  await dropDatabase(services.influxUrl, db).catch(() => undefined);
});

describe('insights over real InfluxDB', () => {
  it('asks for a login, and refuses unknown views and unbounded ranges', async () => {
    expect((await get(`/api/insights/floods.csv${query}`, false)).status).toBe(401);
    expect((await get('/insights', false)).status).toBe(303);
    expect((await get(`/api/insights/audit.csv${query}`)).status).toBe(404);
    const long = await get(`/api/insights/uptime.json?from=${D2 - 200 * DAY}&to=${D2}`);
    expect(long.status).toBe(400);
    expect(((await long.json()) as { code: string }).code).toBe('RANGE_TOO_LONG');
    expect((await get(`/api/insights/air.json?from=x%22%3BDROP`)).status).toBe(400);
  });

  it('ranks the jammed approach first with its two rush hours in the right cells', async () => {
    const c = await view<CongestionInsight>('congestion');
    const top = c.junctions[0];
    expect(top.sensor).toBe('traffic-lembuswana-n');
    expect([top.hours, top.macetHours]).toEqual([48, 2]);
    for (const day of [D0, D0 + DAY]) {
      const cell = witaWeekday(day) * 24 + 17;
      expect([top.cells.hours[cell], top.cells.macet[cell]]).toEqual([1, 1]);
      expect(top.cells.speedRatio[cell]).toBeCloseTo(5 / 45, 6);
      expect(top.cells.macet[cell - 1]).toBe(0);
    }
    expect(c.junctions.filter((j) => j.hours > 0)).toHaveLength(1);
  });

  it('finds the gauge’s one hour above Siaga 3, 12 cm deep, and never Siaga 2', async () => {
    const f = await view<FloodInsight>('floods');
    expect(f.bucketS).toBe(600);
    const g = f.gauges.find((x) => x.sensor === 'flood-citanduy')!;
    expect(g.levels.map((l) => [l.siaga, l.episodes, l.hours, l.maxDepthCm])).toEqual([
      [3, 1, 1, 12],
      [2, 0, 0, null],
      [1, 0, 0, null]
    ]);
    expect(f.districts[0]).toMatchObject({ district: 'Samarinda Utara', levels: [{ siaga: 3, episodes: 1, hours: 1, maxDepthCm: 12 }, { episodes: 0 }, { episodes: 0 }] });
  });

  it('counts one Tidak Sehat day and one Baik day at the station', async () => {
    const a = await view<IspuInsight>('air');
    const s = a.stations[0];
    expect(s.sensor).toBe('air-samarinda-utara-1');
    expect(s.totals).toEqual({ baik: 1, sedang: 0, 'tidak-sehat': 1, 'sangat-tidak-sehat': 0, berbahaya: 0 });
    expect(a.stations.slice(1).every((x) => x.days === 0)).toBe(true);
  });

  it('measures uptime per WITA day from the readings received', async () => {
    const u = await view<UptimeInsight>('uptime');
    const by = new Map(u.sensors.map((s) => [s.sensor, s]));
    expect(u.dates).toEqual([witaDate(D0), witaDate(D0 + DAY)]);
    expect(by.get('traffic-lembuswana-n')!.days.map((d) => [d.expected, d.received, d.share])).toEqual([[1440, 1440, 1], [1440, 1440, 1]]);
    expect(by.get('flood-citanduy')!.days.map((d) => [d.received, d.share])).toEqual([[1440, 1], [0, 0]]);
    expect(by.get('flood-citanduy')!.share).toBe(0.5);
    expect(by.get('flood-benanga')?.share ?? 0).toBe(0);
  });

  it('downloads the heatmap numbers as CSV with a row per cell that has data', async () => {
    const res = await get(`/api/insights/congestion.csv${query}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="pantau-congestion-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = (await res.text()).split('\r\n');
    expect(lines[0]).toBe('# Pantau insights: congestion');
    const header = lines.findIndex((l) => l.startsWith('rank,'));
    expect(lines[header]).toBe('rank,sensor,name,district,weekday,hour_wita,hours,macet_hours,macet_share,speed_ratio');
    const rows = lines.slice(header + 1).filter(Boolean);
    expect(rows).toHaveLength(48); // 2 days × 24 hours of one approach
    const wd = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'][witaWeekday(D0)];
    expect(rows).toContain(`1,traffic-lembuswana-n,Simpang Lembuswana (pendekat utara),Samarinda Ulu,${wd},17,1,1,1,0.1111`);
    expect(rows).toContain(`1,traffic-lembuswana-n,Simpang Lembuswana (pendekat utara),Samarinda Ulu,${wd},16,1,0,0,0.8889`);
  });

  it('downloads the flood and uptime numbers as CSV too', async () => {
    const floods = await (await get(`/api/insights/floods.csv${query}`)).text();
    expect(floods).toContain('\r\ngauge,flood-citanduy,Jl. Citanduy / Serayu,Samarinda Utara,3,30,1,1,12\r\n');
    expect(floods).toContain('\r\ndistrict,Samarinda Utara,Samarinda Utara,Samarinda Utara,3,,1,1,12\r\n');
    const uptime = await (await get(`/api/insights/uptime.csv${query}`)).text();
    expect(uptime).toContain(`\r\nflood-citanduy,Jl. Citanduy / Serayu,flood,Samarinda Utara,${witaDate(D0 + DAY)},1440,0,0\r\n`);
  });
});
