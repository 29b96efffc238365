import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import catalog from '../../src/lib/catalog/samarinda.json';
import { sensorTopic } from '../../src/lib/core/topic';
import { formatReading } from '../../ingest/durable/influx-sink';
import { formatTrackRecordLine } from '../../ingest/forecast-records';
import { readTestServices, uniqueDb } from '../helpers/env';
import { ALERT_EVENTS, createDatabase, dropDatabase, influxQuery, influxWrite, type Row } from '../helpers/influx';
import { spawnProcess, type SpawnedProcess } from '../helpers/processes';
import { waitFor } from '../helpers/wait';

/**
 * Issue 10: ingest starts with the forecaster warmed from InfluxDB. Twelve hours of every flood
 * gauge of the catalog (Gunung Lingai rising 5 cm/h, the rest flat) are stored before two ingests
 * start on the same broker, one warmed (the default) and one cold (INGEST_FORECAST_WARMUP_HOURS=0),
 * each with its own database. ONE live reading follows: the warmed ingest's forecast for it must
 * already be confident and rising; the cold one's is persistence with confidence 0.
 * Beside the readings, Gunung Lingai's forecast track record as an earlier ingest stored it
 * (measurement forecast_record): both ingests state it at once (0 hours skips the readings, not the
 * record), and the warmed one stores it again when it stops.
 */
const services = readTestServices();
const GAUGE = 'flood-gunung-lingai';
const MIN_MS = 60_000;
const HOURS = 12;
const floods = catalog.sensors.filter((s) => s.kind === 'flood');
const liveTs = Date.now();
const level = (ts: number) => Math.round((190 - ((liveTs - ts) / 3_600_000) * 5) * 10) / 10;

/** Every flood gauge once a minute for the last 12 h: 30 gauges × 720 readings. */
function historyLines(): string[] {
  const lines: string[] = [];
  for (let ts = liveTs - HOURS * 60 * MIN_MS; ts < liveTs; ts += MIN_MS) {
    for (const s of floods) {
      const values = { water_level: s.id === GAUGE ? level(ts) : 80, rainfall: s.id === GAUGE ? 4 : 0 };
      lines.push(formatReading({ sensorId: s.id, kind: 'flood', ts, values }, s.district));
    }
  }
  return lines;
}

/** The record an earlier run stored 2 h ago: 60-min forecasts 80 % better than persistence over 30 moves. */
const STORED_RECORD = { sensorId: GAUGE, horizons: [{ horizonMin: 60, err: 20, persistence: 100, moves: 30, lastMs: liveTs - 3 * 3_600_000 }] };

const warm = { db: uniqueDb('warmup'), proc: undefined as SpawnedProcess | undefined };
const cold = { db: uniqueDb('warmupcold'), proc: undefined as SpawnedProcess | undefined };

async function startIngest(db: string, extra: Record<string, string>): Promise<SpawnedProcess> {
  const env = { MQTT_URL: services.mqttUrl, INFLUX_URL: services.influxUrl, INFLUX_DB: db, INGEST_CLIENT_ID: `ingest-${db}`, INGEST_WAL_DIR: mkdtempSync(path.join(tmpdir(), 'pantau-wal-')), ...extra };
  return spawnProcess({ name: `ingest ${db}`, args: ['ingest/main.ts'], env, readyLine: /connected to/ });
}

/** The forecast the ingest stored for the live reading. */
function liveForecast(db: string): Promise<Row> {
  const q = `SELECT * FROM forecast WHERE sensor = '${GAUGE}' AND time = ${liveTs}ms`;
  return waitFor(`the forecast of the live reading in ${db}`, async () => (await influxQuery(services.influxUrl, db, q))[0], { timeoutMs: 30_000 });
}

beforeAll(async () => {
  const lines = [...historyLines(), formatTrackRecordLine(STORED_RECORD, liveTs - 2 * 3_600_000)];
  for (const db of [warm.db, cold.db]) {
    await createDatabase(services.influxUrl, db);
    for (let i = 0; i < lines.length; i += 5000) await influxWrite(services.influxUrl, db, lines.slice(i, i + 5000));
  }
  [warm.proc, cold.proc] = await Promise.all([startIngest(warm.db, {}), startIngest(cold.db, { INGEST_FORECAST_WARMUP_HOURS: '0' })]);
  const sensor = await mqtt.connectAsync(services.mqttUrl, { clientId: `warmup-${warm.db}` });
  try {
    await sensor.publishAsync(sensorTopic('flood', GAUGE), JSON.stringify({ ts: liveTs, values: { water_level: level(liveTs), rainfall: 4 } }), { qos: 1 });
  } finally {
    await sensor.endAsync();
  }
}, 120_000);

afterAll(async () => {
  await Promise.all([warm.proc?.stop(), cold.proc?.stop()]);
  await Promise.all([warm.db, cold.db].map((db) => dropDatabase(services.influxUrl, db).catch(() => undefined)));
});

describe('forecaster warm-up at ingest start', () => {
  it('reads the 12 h of all 30 gauges quickly, and logs it once', () => {
    const line = /forecaster warmed from (\d+) readings of (\d+) gauges in (\d+) ms/.exec(warm.proc!.logs());
    expect(line).not.toBeNull();
    const [readings, gauges, ms] = line!.slice(1).map(Number);
    expect(gauges).toBe(floods.length);
    // The window ends when the ingest started, a moment after the history did: its oldest minute may fall out.
    expect(readings).toBeGreaterThanOrEqual(floods.length * (HOURS * 60 - 2));
    expect(readings).toBeLessThanOrEqual(floods.length * HOURS * 60);
    console.log(`[warm-up] ${readings} readings of ${gauges} gauges in ${ms} ms`);
    expect(ms).toBeLessThan(5000);
    expect(cold.proc!.logs()).toContain('forecaster warm-up off (INGEST_FORECAST_WARMUP_HOURS=0)');
  });

  it('forecasts the first live reading of a rising gauge with confidence and a rise; a cold start gives persistence', async () => {
    const [w, c] = await Promise.all([liveForecast(warm.db), liveForecast(cold.db)]);
    console.log(`[warm-up] first live forecast: warm confidence ${w.confidence} h60 ${w.h60}; cold confidence ${c.confidence} h60 ${c.h60}`);
    expect(w.level).toBe(190);
    expect(w.confidence as number).toBeGreaterThan(0.2);
    expect(w.h60 as number).toBeGreaterThan(190.5);
    expect(c.confidence).toBe(0);
    expect(c.h60 as number).toBeCloseTo(190, 0);
  });

  it('states the track record stored before the restart in its first forecast, warmed or cold', async () => {
    const [w, c] = await Promise.all([liveForecast(warm.db), liveForecast(cold.db)]);
    for (const p of [warm.proc!, cold.proc!]) expect(p.logs()).toContain('forecast track records of 1 gauge restored (1 horizon)');
    expect(w.h60_skill).toBeCloseTo(0.8, 6);
    expect(c.h60_skill).toBeCloseTo(0.8, 6);
  });

  it('stores the record again when it stops, for the next start', async () => {
    await warm.proc!.stop();
    expect(warm.proc!.logs()).toMatch(/stopped; stored \d+ lines/);
    const rows = await influxQuery(services.influxUrl, warm.db, `SELECT * FROM forecast_record WHERE sensor = '${GAUGE}' ORDER BY time DESC LIMIT 1`);
    expect(rows[0].time as number).toBeGreaterThanOrEqual(liveTs);
    // Nothing was added meanwhile (the models are a day from being judged), so the numbers are the ones restored.
    expect([rows[0].h60_err, rows[0].h60_persistence, rows[0].h60_moves, rows[0].h60_last]).toEqual([20, 100, 30, STORED_RECORD.horizons[0].lastMs]);
  });

  it('raises no alert for the stored past', async () => {
    // Seen live, a 5 cm/h rise to 190 cm could well be a rate_of_rise warning (Siaga 3 at 200 cm): none may be dated in the past.
    const events = await influxQuery(services.influxUrl, warm.db, `SELECT * FROM ${ALERT_EVENTS} WHERE time < ${liveTs}ms`);
    expect(events).toEqual([]);
  });
});
