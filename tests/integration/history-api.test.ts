import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Alert } from '../../src/lib/core/alert';
import { indexSensors, type Catalog } from '../../src/lib/core/sensor';
import { formatAlertEventLine, createInfluxClient, type InfluxClient } from '../../src/lib/server/influx';
import { parseWebConfig } from '../../src/lib/server/config';
import { getSensorHistory } from '../../src/lib/server/api';
import { STORE_UNAVAILABLE } from '../../src/lib/server/store-unavailable';
import { HISTORY_HOURS, HISTORY_MAX_POINTS } from '../../src/lib/server/influx-queries';
import { setupInflux } from '../../src/lib/influx/setup';
import { rebuildRollups } from '../../src/lib/influx/rollups';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase, influxWrite } from '../helpers/influx';

const catalog: Catalog = {
  city: 'Test',
  districts: [],
  sensors: [
    { id: 'tr-h-1', kind: 'traffic', name: 'Jl. Test', district: 'Samarinda Kota', lat: -0.5, lon: 117.1, intervalS: 60, traffic: { freeFlowKmh: 50, capacityVehH: 2000 } },
    { id: 'tr-h-2', kind: 'traffic', name: 'Jl. Lain', district: 'Samarinda Kota', lat: -0.5, lon: 117.1, intervalS: 60 }
  ]
};
const sensors = indexSensors(catalog);
const MINUTE_MS = 60_000;

describe('sensor history over real InfluxDB', () => {
  const services = readTestServices();
  const db = uniqueDb('history');
  // A fixed "now" on a whole hour keeps bucket edges predictable.
  const now = Math.floor(Date.now() / 3_600_000) * 3_600_000;
  let influx: InfluxClient;

  beforeAll(async () => {
    await createDatabase(services.influxUrl, db);
    const lines: string[] = [];
    // 48 h of one reading a minute for tr-h-1 (2880 points), speed = 40 everywhere, flow ramps.
    for (let i = 0; i < 48 * 60; i++) {
      const ts = now - i * MINUTE_MS;
      lines.push(`traffic,district=Samarinda\\ Kota,sensor=tr-h-1 flow=${i % 60},speed=40,occupancy=10 ${ts}`);
    }
    // Another sensor whose name starts the same must never leak into tr-h-1's answer.
    lines.push(`traffic,district=Samarinda\\ Kota,sensor=tr-h-2 flow=9999,speed=1 ${now - MINUTE_MS}`);
    const a: Alert = {
      id: 'tr-h-1:congestion:1', sensorId: 'tr-h-1', sensorName: 'Jl. Test', kind: 'traffic', district: 'Samarinda Kota',
      rule: 'congestion', category: 'emergency', severity: 'warning', level: 2, title: { id: 'Macet', en: 'Jam' },
      explanation: { id: '', en: '' }, action: { id: '', en: '' }, value: 8, state: 'raised', raisedAt: now - 2 * 3_600_000,
      updatedAt: now - 2 * 3_600_000, comments: []
    };
    lines.push(formatAlertEventLine({ type: 'raised', at: a.raisedAt, by: 'ingest', alert: a }));
    const resolved = { ...a, state: 'resolved' as const, updatedAt: now - 3_600_000, resolvedAt: now - 3_600_000 };
    lines.push(formatAlertEventLine({ type: 'resolved', at: resolved.updatedAt, by: 'ingest', alert: resolved }));
    await influxWrite(services.influxUrl, db, lines);
    const config = parseWebConfig({ INFLUX_URL: services.influxUrl, INFLUX_DB: db }).influx;
    // Set up as the ingest does (retention policies, continuous queries); ranges of a day and more read the rollups.
    await setupInflux(config);
    await rebuildRollups(config, now - 49 * 3_600_000, now + MINUTE_MS);
    influx = createInfluxClient(config);
  });

  afterAll(async () => {
    await influx?.close();
    await dropDatabase(services.influxUrl, db);
  });

  it('returns every minute for a short range', async () => {
    const r = await getSensorHistory(influx, sensors, 'tr-h-1', '1', now);
    expect(r.status).toBe(200);
    if (r.status !== 200) return;
    expect(r.body.intervalS).toBe(7); // ceil(3600 / 599): finer than the data, so each point is one reading
    expect(r.body.fields.speed.length).toBeGreaterThanOrEqual(60);
    expect(r.body.fields.speed.length).toBeLessThanOrEqual(61);
    expect(r.body.fields.speed.every(([, v]) => v === 40)).toBe(true);
    expect(r.body.fields.flow.some(([, v]) => v === 9999)).toBe(false);
  });

  it('downsamples a long range to at most the point cap, averaging', async () => {
    const r = await getSensorHistory(influx, sensors, 'tr-h-1', '48', now);
    expect(r.status).toBe(200);
    if (r.status !== 200) return;
    const flow = r.body.fields.flow;
    expect(flow.length).toBeLessThanOrEqual(HISTORY_MAX_POINTS);
    expect(flow.length).toBeGreaterThan(500);
    // Buckets of ~5 minutes average several readings: means are not all whole numbers of the ramp.
    expect(flow.some(([, v]) => !Number.isInteger(v))).toBe(true);
    const times = flow.map(([t]) => t);
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(r.body.alerts).toHaveLength(1);
    expect(r.body.alerts[0]).toMatchObject({ id: 'tr-h-1:congestion:1', state: 'resolved' });
  });

  it('answers 404 for an unknown sensor and 400 for bad input', async () => {
    expect((await getSensorHistory(influx, sensors, 'tr-nope', '6', now)).status).toBe(404);
    expect((await getSensorHistory(influx, sensors, "x' OR 1=1", '6', now)).status).toBe(400);
    expect((await getSensorHistory(influx, sensors, 'a"b', '6', now)).status).toBe(400);
    expect((await getSensorHistory(influx, sensors, 'tr-h-1', '-3', now)).status).toBe(400);
    expect((await getSensorHistory(influx, sensors, 'tr-h-1', '6h', now)).status).toBe(400);
  });

  it('answers 503 when the database is not there (InfluxDB up, ingest not started yet)', async () => {
    const missing = createInfluxClient(parseWebConfig({ INFLUX_URL: services.influxUrl, INFLUX_DB: uniqueDb('missing') }).influx);
    const r = await getSensorHistory(missing, sensors, 'tr-h-1', '6', now);
    expect(r).toMatchObject({ status: 503, body: { code: 'INFLUX_QUERY' } });
    await missing.close();
  });

  it('answers 503 without InfluxDB\'s own words when it cannot be reached (a viewer may be anonymous)', async () => {
    // a port nothing listens on: a real refused connection
    const away = createInfluxClient(parseWebConfig({ INFLUX_URL: 'http://127.0.0.1:9', INFLUX_DB: db }).influx);
    const r = await getSensorHistory(away, sensors, 'tr-h-1', '6', now);
    expect(r).toMatchObject({ status: 503, body: { code: 'INFLUX_QUERY', error: STORE_UNAVAILABLE } });
    // was: "InfluxDB query failed: connect ECONNREFUSED 127.0.0.1:9"
    expect(JSON.stringify(r.body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|InfluxDB/);
    await away.close();
  });

  it('clamps hours to a year and a day', async () => {
    const r = await getSensorHistory(influx, sensors, 'tr-h-1', '99999', now);
    expect(r.status === 200 && r.body.hours).toBe(HISTORY_HOURS.max);
    // A year in 15-hour buckets (from the 1-hour rollup): the 48 h of data fill at most 5 of them.
    expect(r.status === 200 && r.body.intervalS).toBe(54_000);
    expect(r.status === 200 && r.body.fields.speed.length).toBeLessThanOrEqual(5);
    expect(r.status === 200 && r.body.fields.speed.every(([, v]) => v === 40)).toBe(true);
  });
});
