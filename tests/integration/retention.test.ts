import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { parseInfluxConfig, type InfluxConfig } from '../../src/lib/core/influx-config';
import { indexSensors, type Catalog } from '../../src/lib/core/sensor';
import { ensureRetention, setupInflux } from '../../src/lib/influx/setup';
import { rebuildRollups } from '../../src/lib/influx/rollups';
import { createInfluxClient, type InfluxClient } from '../../src/lib/server/influx';
import { getSensorHistory } from '../../src/lib/server/api';
import { getDistrictHistory, readDistrictHistory } from '../../src/lib/server/district-history';
import { readReplay } from '../../src/lib/server/replay';
import { backfillHistory } from '../../scripts/backfill';
import { readTestServices, uniqueDb } from '../helpers/env';
import { dropDatabase, influxQuery, influxWrite } from '../helpers/influx';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const catalog: Catalog = {
  city: 'Test',
  districts: [],
  sensors: [
    { id: 'fl-r-1', kind: 'flood', name: 'Gauge', district: 'Samarinda Ulu', lat: -0.5, lon: 117.1, intervalS: 30 },
    { id: 'fl-r-2', kind: 'flood', name: 'Gauge 2', district: 'Samarinda Ulu', lat: -0.5, lon: 117.1, intervalS: 30 }
  ]
};
const sensors = indexSensors(catalog);

describe('retention policies and rollups on real InfluxDB', () => {
  const services = readTestServices();
  const db = uniqueDb('retention');
  const config: InfluxConfig = parseInfluxConfig({ INFLUX_URL: services.influxUrl, INFLUX_DB: db });
  // Readings three days back, on an even hour (2-hour buckets hold both hours): past the continuous
  // queries' reach, so only a rebuild rolls them up.
  const t0 = Math.floor(Date.now() / (2 * HOUR)) * 2 * HOUR - 3 * DAY;
  const now = t0 + 3 * DAY;
  let influx: InfluxClient;

  beforeAll(async () => {
    await setupInflux(config);
    // fl-r-1: two hours, two readings a minute (at :00 and :30), water level = minute index and minute index + 1.
    const lines: string[] = [];
    for (let m = 0; m < 120; m++) {
      lines.push(`flood,district=Samarinda\\ Ulu,sensor=fl-r-1 water_level=${m},rainfall=2 ${t0 + m * 60_000}`);
      lines.push(`flood,district=Samarinda\\ Ulu,sensor=fl-r-1 water_level=${m + 1},rainfall=4 ${t0 + m * 60_000 + 30_000}`);
    }
    lines.push(`flood,district=Samarinda\\ Ulu,sensor=fl-r-2 water_level=500,rainfall=0 ${t0 + 60_000}`);
    await influxWrite(services.influxUrl, db, lines);
    await rebuildRollups(config, t0, t0 + 2 * HOUR);
    influx = createInfluxClient(config);
  });

  afterAll(async () => {
    await influx?.close();
    await dropDatabase(services.influxUrl, db);
  });

  it('creates the policies and continuous queries once: a second set-up changes nothing', async () => {
    const policies = await influxQuery(services.influxUrl, db, `SHOW RETENTION POLICIES ON "${db}"`);
    expect(policies.map((p) => [p.name, p.duration, p.default])).toEqual([
      ['autogen', '720h0m0s', true],
      ['rollup_1m', '17520h0m0s', false],
      ['rollup_1h', '0s', false],
      ['events', '0s', false]
    ]);
    const cqs = (await influxQuery(services.influxUrl, '', 'SHOW CONTINUOUS QUERIES')).filter((r) => r._measurement === db);
    expect(cqs.map((r) => r.name).sort()).toEqual([
      'pantau_air_1h', 'pantau_air_1h_district', 'pantau_air_1m', 'pantau_flood_1h', 'pantau_flood_1h_district', 'pantau_flood_1m',
      'pantau_traffic_1h', 'pantau_traffic_1h_district', 'pantau_traffic_1m'
    ]);
    expect(await ensureRetention(config)).toEqual({ policies: [], continuousQueries: [], eventsCopied: 0, auditCopied: 0 });
    await setupInflux(config);
    expect((await influxQuery(services.influxUrl, '', 'SHOW CONTINUOUS QUERIES')).filter((r) => r._measurement === db)).toHaveLength(9);
  });

  it('alters the raw policy when its configured duration changes, then is idempotent again', async () => {
    const weekly = parseInfluxConfig({ INFLUX_URL: services.influxUrl, INFLUX_DB: db, INFLUX_RAW_RETENTION: '60d' });
    expect((await ensureRetention(weekly)).policies).toEqual([`ALTER RETENTION POLICY "autogen" ON "${db}" DURATION 1440h REPLICATION 1 SHARD DURATION 24h`]);
    expect(await ensureRetention(weekly)).toEqual({ policies: [], continuousQueries: [], eventsCopied: 0, auditCopied: 0 });
    await ensureRetention(config);
  });

  it('rolls known readings up to exact 1-minute and 1-hour min, mean, max and count', async () => {
    const minute = await influxQuery(services.influxUrl, db, `SELECT * FROM "rollup_1m"."flood" WHERE "sensor" = 'fl-r-1' AND time = ${t0 + 10 * 60_000}ms`);
    expect(minute).toHaveLength(1);
    expect(minute[0]).toMatchObject({ district: 'Samarinda Ulu', min_water_level: 10, mean_water_level: 10.5, max_water_level: 11, count_water_level: 2, mean_rainfall: 3 });
    const hours = await influxQuery(services.influxUrl, db, `SELECT * FROM "rollup_1h"."flood" WHERE "sensor" = 'fl-r-1' ORDER BY time ASC`);
    expect(hours.map((h) => [h.time, h.min_water_level, h.mean_water_level, h.max_water_level, h.count_water_level])).toEqual([
      [t0, 0, 30, 60, 120],
      [t0 + HOUR, 60, 90, 120, 120]
    ]);
  });

  it('answers long ranges from the rollups and short ones from raw readings', async () => {
    // A raw reading that arrives after the rollup was built: only a query of raw readings sees it.
    await influxWrite(services.influxUrl, db, `flood,district=Samarinda\\ Ulu,sensor=fl-r-1 water_level=1000,rainfall=0 ${t0 + 30 * 60_000 + 15_000}`);
    const week = await getSensorHistory(influx, sensors, 'fl-r-1', String(7 * 24), now);
    expect(week.status).toBe(200);
    if (week.status !== 200) return;
    expect(week.body.intervalS).toBe(1020); // a week in 17-minute buckets of the 1-minute rollup
    const levels = week.body.fields.water_level;
    expect(levels.length).toBeGreaterThanOrEqual(7);
    expect(Math.max(...levels.map(([, v]) => v))).toBeLessThan(1000);
    const month = await getSensorHistory(influx, sensors, 'fl-r-1', '720', now);
    expect(month.status === 200 && month.body.intervalS).toBe(7200);
    expect(month.status === 200 && month.body.fields.water_level).toEqual([[t0, 60]]);
    const hours = await getSensorHistory(influx, sensors, 'fl-r-1', '6', t0 + 3 * HOUR);
    expect(hours.status === 200 && hours.body.intervalS).toBe(37);
    // Its bucket averages it with a reading or two of 30-ish: far above anything rolled up.
    expect(hours.status === 200 && hours.body.fields.water_level.some(([, v]) => v > 300)).toBe(true);
  });

  it('charts a district and replays a day from the rollups', async () => {
    const d = await readDistrictHistory(influx, 'flood', 'Samarinda Ulu', 720, now);
    expect(d.resolution).toBe('1h');
    // One 2-hour bucket of the per-district rollup: hour 1 averages all 121 readings of the district
    // (fl-r-1's 120 summing to 3600, fl-r-2's 500), hour 2 fl-r-1's alone (90).
    expect(d.fields.water_level).toHaveLength(1);
    expect(d.fields.water_level[0][0]).toBe(t0);
    expect(d.fields.water_level[0][1]).toBeCloseTo((4100 / 121 + 90) / 2, 9);
    const replay = await readReplay(influx, sensors, { from: t0, to: t0 + DAY, stepS: 1 });
    expect(replay.stepS).toBe(180);
    expect(replay.sensors['fl-r-1'][0].slice(0, 3)).toEqual([t0, expect.any(Number), { water_level: 3, rainfall: 4 }]);
    expect(replay.sensors['fl-r-2']).toHaveLength(1);
    const api = await getDistrictHistory(influx, sensors, 'Samarinda Ulu', 'flood', '720', now);
    expect(api.status === 200 && api.body.fields.water_level).toEqual(d.fields.water_level);
    expect((await getDistrictHistory(influx, sensors, 'Samarinda Ulu', 'air', '720', now)).status).toBe(404);
    expect((await getDistrictHistory(influx, sensors, 'Nowhere', 'flood', '720', now)).status).toBe(404);
    expect((await getDistrictHistory(influx, sensors, 'Samarinda Ulu', 'boats', '720', now)).status).toBe(400);
    expect((await getDistrictHistory(influx, sensors, 'Samarinda Ulu', 'flood', '-1', now)).status).toBe(400);
    // Hourly frames are the 1-hour rollup's rows as they are (the sensor read as a column).
    const hourly = await readReplay(influx, sensors, { from: t0, to: t0 + DAY, stepS: 3600 });
    expect(hourly.sensors['fl-r-1'].map((p) => [p[0], p[2]])).toEqual([
      [t0, { water_level: 60, rainfall: 4 }],
      [t0 + HOUR, { water_level: 120, rainfall: 4 }]
    ]);
    expect(hourly.sensors['fl-r-2'].map((p) => p[2])).toEqual([{ water_level: 500, rainfall: 0 }]);
  });
});

describe("npm start's backfill lands in the rollups", () => {
  const services = readTestServices();
  const db = uniqueDb('backfill_rollups');
  afterAll(() => dropDatabase(services.influxUrl, db));

  it('rolls up every backfilled reading, though the continuous queries never look that far back', async () => {
    const untilMs = Math.floor(Date.now() / 60_000) * 60_000;
    const root = new URL('../..', import.meta.url).pathname;
    const written = await backfillHistory({ root, influxUrl: services.influxUrl, database: db, scenarioStartMs: untilMs - 6 * HOUR, untilMs, log: () => {} });
    expect(written).toBeGreaterThan(1000);
    const one = async (q: string) => Number((await influxQuery(services.influxUrl, db, q))[0]?.n ?? 0);
    for (const [kind, field] of [['flood', 'water_level'], ['traffic', 'speed'], ['air', 'pm25']]) {
      const raw = await one(`SELECT count("${field}") AS "n" FROM "${kind}"`);
      expect(raw).toBeGreaterThan(0);
      expect(await one(`SELECT sum("count_${field}") AS "n" FROM "rollup_1m"."${kind}"`)).toBe(raw);
      expect(await one(`SELECT sum("count_${field}") AS "n" FROM "rollup_1h"."${kind}"`)).toBe(raw);
    }
  }, 150_000); // a day of the whole catalog generated, written and rolled up: ~40 s on a busy 2-core machine
});
