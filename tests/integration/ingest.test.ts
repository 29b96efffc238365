import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sensorTopic } from '../../src/lib/core/topic';
import catalog from '../../src/lib/catalog/samarinda.json';
import { readTestServices } from '../helpers/env';
import { influxQuery } from '../helpers/influx';
import { waitFor } from '../helpers/wait';
import { useIngestWithDeadLetters } from './ingest-fixture';
import { mosquittoPub } from './mqtt-tools';

const services = readTestServices();
const { db, deadLetters, ingest } = useIngestWithDeadLetters('ingest');

const flood = catalog.sensors.filter((s) => s.kind === 'flood').slice(0, 3);
const air = catalog.sensors.find((s) => s.kind === 'air')!;

describe('ingest: mosquitto_pub → InfluxDB', () => {
  it('stores readings with the right measurement, tags, fields and timestamps', async () => {
    const t0 = Date.now() - 60_000;
    for (const [i, s] of flood.entries()) {
      const r = await mosquittoPub(services.mqttUrl, sensorTopic('flood', s.id), JSON.stringify({ ts: t0 + i, values: { water_level: 10 + i, rainfall: 0.5 } }));
      expect(r.code).toBe(0);
    }
    await mosquittoPub(services.mqttUrl, sensorTopic('air', air.id), JSON.stringify([{ bn: `urn:dev:pantau:${air.id}:`, bt: (t0 + 5) / 1000, n: 'pm25', u: 'ug/m3', v: 41.5 }, { n: 'pm10', u: 'ug/m3', v: 60 }]));
    // Whole rows: InfluxDB 1.x applies a line's fields one by one, so a query during the write can see part of a point.
    const whole = (r: Record<string, unknown>, fields: string[]) => fields.every((f) => r[f] !== null && r[f] !== undefined);
    const rows = await waitFor('3 flood rows in InfluxDB', async () => {
      const r = await influxQuery(services.influxUrl, db, 'SELECT * FROM flood ORDER BY time');
      return r.length >= 3 && r.every((x) => whole(x, ['water_level', 'rainfall'])) ? r : null;
    });
    expect(rows.map((r) => [r.time, r.sensor, r.district, r.water_level, r.rainfall])).toEqual(
      flood.map((s, i) => [t0 + i, s.id, s.district, 10 + i, 0.5])
    );
    const airRows = await waitFor('the SenML air reading', async () => {
      const r = await influxQuery(services.influxUrl, db, 'SELECT * FROM air');
      return r.length && whole(r[0], ['pm25', 'pm10']) ? r : null;
    });
    expect(airRows[0]).toMatchObject({ time: t0 + 5, sensor: air.id, district: air.district, pm25: 41.5, pm10: 60 });
  });

  it('counts and dead-letters malformed messages, and valid readings right after them all arrive', async () => {
    const gauge = flood[0];
    const topic = sensorTopic('flood', gauge.id);
    const big = path.join(mkdtempSync(path.join(tmpdir(), 'pantau-big-')), 'big.json');
    writeFileSync(big, JSON.stringify({ values: { water_level: 1 }, pad: 'x'.repeat(1024 * 1024) }));
    const bad: [string, string | { file: string }, string][] = [
      [topic, 'not json at all', 'not_json'],
      [topic, JSON.stringify({ values: { water_level: 'high' } }), 'bad_type'],
      [topic, JSON.stringify({ ts: Date.now() }), 'missing_field'],
      ['pantau/v1/sensors/noise/n-1', JSON.stringify({ values: { db: 1 } }), 'unknown_kind'],
      [topic, { file: big }, 'too_large'],
      ['pantau/v1/sensors/flood/Bad Id!', JSON.stringify({ values: { water_level: 1 } }), 'bad_topic'],
      ['pantau/v1/sensors/flood/no-such-gauge', JSON.stringify({ values: { water_level: 1 } }), 'unknown_sensor'],
      [sensorTopic('air', gauge.id), JSON.stringify({ values: { pm25: 1 } }), 'kind_mismatch']
    ];
    const before = deadLetters.length;
    for (const [t, m] of bad) expect((await mosquittoPub(services.mqttUrl, t, m)).code).toBe(0);
    // A wildcard topic is refused by the client itself: MQTT forbids wildcards in PUBLISH.
    expect((await mosquittoPub(services.mqttUrl, 'pantau/v1/sensors/flood/+', '{}')).code).not.toBe(0);
    const t1 = Date.now() - 30_000;
    for (let i = 0; i < 20; i++) {
      await mosquittoPub(services.mqttUrl, topic, JSON.stringify({ ts: t1 + i * 1000, values: { water_level: 20 + i } }));
    }
    await waitFor('all dead letters', () => deadLetters.length - before >= bad.length);
    expect(deadLetters.slice(before).map((d) => d.code).sort()).toEqual(bad.map((b) => b[2]).sort());
    const rows = await waitFor('20 valid readings after the bad ones', async () => {
      const r = await influxQuery(services.influxUrl, db, `SELECT water_level FROM flood WHERE sensor = '${gauge.id}' AND time >= ${t1}ms`);
      return r.length >= 20 ? r : null;
    });
    expect(rows.map((r) => r.water_level)).toEqual(Array.from({ length: 20 }, (_, i) => 20 + i));
    expect(ingest().isRunning()).toBe(true);
  });
});
