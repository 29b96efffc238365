/**
 * A batch InfluxDB 1.x stores only in part (400 "partial write"): the durable log counts the points
 * it stored as stored and only the ones it refused as dropped, on a real InfluxDB.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setLogger } from '@influxdata/influxdb-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDurableLog, type DurableLog } from '../../ingest/durable';
import { parseInfluxConfig } from '../../src/lib/core/influx-config';
import type { Reading } from '../../src/lib/core/reading';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase, influxQuery } from '../helpers/influx';

const services = readTestServices();
const dbs: string[] = [];
const cleanups: (() => unknown)[] = [];
beforeAll(() => void setLogger({ error: () => undefined, warn: () => undefined }));
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(async () => {
  for (const db of dbs) await dropDatabase(services.influxUrl, db);
});

const T0 = Date.UTC(2026, 0, 1);

async function openLog(): Promise<{ log: DurableLog; db: string }> {
  const db = uniqueDb('partial');
  dbs.push(db);
  await createDatabase(services.influxUrl, db);
  const dir = mkdtempSync(path.join(tmpdir(), 'pantau-partial-'));
  const { log } = openDurableLog({
    journal: { dir, segmentMaxBytes: 1 << 20, fsync: false },
    influx: parseInfluxConfig({ INFLUX_URL: services.influxUrl, INFLUX_DB: db }),
    batchSize: 1000, writeConcurrency: 1, flushIntervalMs: 10, maxJournalBytes: 1 << 22, retryMaxMs: 200, districtOf: () => 'Samarinda Ulu'
  });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => log.close(2000));
  return { log, db };
}

const air = (n: number): Reading[] => Array.from({ length: n }, (_, i) => ({ sensorId: 'air-1', kind: 'air', ts: T0 + 10 + i, values: { pm25: 20 + i } }));
const flood = (n: number): Reading[] => Array.from({ length: n }, (_, i) => ({ sensorId: 'fl-1', kind: 'flood', ts: T0 + 20 + i, values: { water_level: 100 + i } }));

describe('a partial write counts what InfluxDB stored', () => {
  it('a field type conflict: the conflicting points are dropped, the batch’s other points stored', async () => {
    const { log, db } = await openLog();
    // water_level becomes an integer field in this database first (lines as they are, like forecast records).
    void log.writeForecastRecords([`flood,district=Samarinda\\ Ulu,sensor=fl-0 water_level=1i ${T0}`]);
    await log.flush();
    expect(log.stats()).toMatchObject({ storedLines: 1, droppedLines: 0 });
    // One batch: two float water levels (type conflict) between three air readings.
    void log.writeReadings(air(2));
    void log.writeReadings(flood(2));
    void log.writeReadings(air(3).slice(2));
    await log.flush();
    expect(log.stats()).toMatchObject({ storedLines: 4, droppedLines: 2, pendingBytes: 0 });
    expect(await influxQuery(services.influxUrl, db, 'SELECT count(pm25) FROM air')).toMatchObject([{ count: 3 }]);
  });

  it('an unparsable line: only that line is dropped', async () => {
    const { log, db } = await openLog();
    void log.writeReadings(air(2));
    void log.writeForecastRecords(['forecast,sensor=fl-1 this is not line protocol']);
    void log.writeReadings(flood(2));
    await log.flush();
    expect(log.stats()).toMatchObject({ storedLines: 4, droppedLines: 1, pendingBytes: 0 });
    expect(await influxQuery(services.influxUrl, db, 'SELECT count(water_level) FROM flood')).toMatchObject([{ count: 2 }]);
  });
});
