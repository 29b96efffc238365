/**
 * Which failed writes of a person's alert event the command center's outbox drops (InfluxDB refused the line as
 * such: retrying gets the same answer) and which it retries (InfluxDB away): if a real refusal were taken for an
 * outage, that one event would hold every action behind it until the outbox filled. Real InfluxDB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInfluxClient, isRefusedWrite, type InfluxClient } from '../../src/lib/server/influx';
import { parseWebConfig } from '../../src/lib/server/config';
import { testAlert, testEvent } from '../../src/lib/server/alert-fixtures';
import { setupInflux } from '../../src/lib/influx/setup';
import { readTestServices, uniqueDb } from '../helpers/env';
import { dropDatabase, influxWrite } from '../helpers/influx';

const services = readTestServices();
const db = uniqueDb('refused');
const at = Date.now() - 60_000;
let influx: InfluxClient;

beforeAll(async () => {
  const config = parseWebConfig({ INFLUX_URL: services.influxUrl, INFLUX_DB: db }).influx;
  await setupInflux(config);
  // `value` stored as text first: the alert event's numeric `value` in the same shard is a field type conflict (400)
  await influxWrite(services.influxUrl, db, `alert_events,sensor=flood-01 value="text",alert_id="x" ${at}`);
  influx = createInfluxClient(config);
});

afterAll(async () => {
  await influx?.close();
  await dropDatabase(services.influxUrl, db).catch(() => undefined);
});

describe('isRefusedWrite on real InfluxDB answers', () => {
  it('a line InfluxDB refuses (field type conflict, 400) is refused for good', async () => {
    const err = await influx.writeAlertEvent(testEvent('acknowledged', testAlert('flood-01:flood_level:1', at))).then(() => null, (e: unknown) => e);
    expect(err).not.toBeNull();
    expect(isRefusedWrite(err)).toBe(true);
  });

  it('InfluxDB out of reach is worth a retry', async () => {
    const away = createInfluxClient(parseWebConfig({ INFLUX_URL: 'http://127.0.0.1:9', INFLUX_DB: db }).influx);
    const err = await away.writeAlertEvent(testEvent('acknowledged', testAlert('flood-01:flood_level:2', at))).then(() => null, (e: unknown) => e);
    expect(err).not.toBeNull();
    expect(isRefusedWrite(err)).toBe(false);
    await away.close();
  });
});
