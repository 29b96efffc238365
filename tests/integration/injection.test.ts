/**
 * Hostile input, end to end: line-protocol injection through topics and payload keys, InfluxQL
 * injection through the history API, HTML injection through catalog names and alert texts, and
 * payloads outside the limits. Real Mosquitto (mosquitto_pub), real InfluxDB, the ingest process
 * and the production web server (scripts/web.ts over build/).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/lib/core/alert';
import type { Catalog } from '../../src/lib/core/sensor';
import { TOPICS, sensorTopic } from '../../src/lib/core/topic';
import { formatAlertEvent, formatReading } from '../../ingest/durable/influx-sink';
import { readTestServices, uniqueDb } from '../helpers/env';
import { ALERT_EVENTS, createDatabase, dropDatabase, influxQuery, influxWrite } from '../helpers/influx';
import { spawnProcess, type SpawnedProcess } from '../helpers/processes';
import { startWeb, type TestWeb } from '../helpers/web';
import { waitFor } from '../helpers/wait';
import { mosquittoPub } from './mqtt-tools';
import { alertEventArb, districtArb, readingArb } from '../unit/fuzz-arbitraries';
import { storableTag } from '../unit/fuzz-properties';

const services = readTestServices();
const db = uniqueDb('injection');
/** A database the injected DROP would remove; it must survive. */
const victimDb = uniqueDb('victim');
const HOSTILE_DISTRICT = 'Sungai, Pinang = "x"\n<script>alert(1)</script>';
const BACKSLASH_DISTRICT = 'Loa Janan\\Ilir';
const HOSTILE_NAME = 'Gauge, "A"=1\n<script>alert(1)</script>';
const ALERT_TITLE = '<script>alert(2)</script> & "quoted"';
const MAX_PAYLOAD_BYTES = 1024;

const catalog: Catalog = {
  city: 'Samarinda <b>',
  districts: [
    { code: '1', name: HOSTILE_DISTRICT, lat: -0.5, lon: 117.1 },
    { code: '2', name: BACKSLASH_DISTRICT, lat: -0.5, lon: 117.1 }
  ],
  sensors: [
    { id: 'fl-inj-1', kind: 'flood', name: HOSTILE_NAME, district: HOSTILE_DISTRICT, lat: -0.5, lon: 117.1, intervalS: 60, flood: { siaga3: 150, siaga2: 200, siaga1: 250 } },
    { id: 'fl-inj-2', kind: 'flood', name: 'Gauge 2', district: BACKSLASH_DISTRICT, lat: -0.5, lon: 117.1, intervalS: 60, flood: { siaga3: 150, siaga2: 200, siaga1: 250 } }
  ]
};

interface DeadLetter {
  code: string;
  topic: string;
  payloadHead: string;
}

let ingest: SpawnedProcess;
let web: TestWeb | undefined;
let base = '';
let watcher: mqtt.MqttClient;
const deadLetters: DeadLetter[] = [];

/** The dead letter of a payload: each case below carries a unique payload. */
function deadLetterOf(payload: string): DeadLetter | undefined {
  const head = Buffer.from(payload).subarray(0, 256).toString('base64');
  return deadLetters.find((d) => d.payloadHead === head);
}

beforeAll(async () => {
  await createDatabase(services.influxUrl, db);
  await createDatabase(services.influxUrl, victimDb);
  const catalogPath = path.join(mkdtempSync(path.join(tmpdir(), 'pantau-inj-')), 'catalog.json');
  writeFileSync(catalogPath, JSON.stringify(catalog));
  watcher = await mqtt.connectAsync(services.mqttUrl, { clientId: `dl-${db}` });
  await watcher.subscribeAsync(TOPICS.deadLetter, { qos: 1 });
  watcher.on('message', (_t, p) => deadLetters.push(JSON.parse(p.toString())));
  const common = { MQTT_URL: services.mqttUrl, INFLUX_URL: services.influxUrl, INFLUX_DB: db, PANTAU_CATALOG: catalogPath };
  ingest = await spawnProcess({
    name: 'ingest',
    args: ['ingest/main.ts'],
    env: { ...common, INGEST_CLIENT_ID: `ingest-${db}`, INGEST_FLUSH_MS: '50', INGEST_MAX_PAYLOAD_BYTES: String(MAX_PAYLOAD_BYTES) },
    readyLine: /connected to/,
    timeoutMs: 30_000
  });
  web = await startWeb({ db, env: { ...common, HOST: '127.0.0.1' } });
  base = web.url;
});

afterAll(async () => {
  await web?.stop();
  await ingest?.stop();
  await watcher?.endAsync();
  await dropDatabase(services.influxUrl, db);
  await dropDatabase(services.influxUrl, victimDb);
});

async function publishAll(cases: { topic: string; payload: string }[]): Promise<void> {
  for (const c of cases) expect((await mosquittoPub(services.mqttUrl, c.topic, c.payload)).code).toBe(0);
}

/** Publishes with MQTT.js, which sends what it is given: 'acked' or 'disconnected' by the broker. */
async function rawPublishOutcome(topic: string, payload: string): Promise<'acked' | 'disconnected'> {
  const client = await mqtt.connectAsync(services.mqttUrl, { clientId: `raw-${db}`, reconnectPeriod: 0 });
  const closed = new Promise<'disconnected'>((ok) => client.once('close', () => ok('disconnected')));
  const acked = client.publishAsync(topic, payload, { qos: 1 }).then(() => 'acked' as const, () => 'disconnected' as const);
  const outcome = await Promise.race([closed, acked]);
  client.end(true);
  return outcome;
}

describe('line-protocol injection through MQTT', () => {
  it('dead-letters sensor ids with line-protocol metacharacters and stores nothing extra', async () => {
    const now = Date.now();
    const cases = [
      { id: 'a,b=c', code: 'bad_topic' },
      { id: 'x y', code: 'bad_topic' },
      { id: 'fl-inj-1 water_level=999', code: 'bad_topic' },
      { id: 'fl-inj-1,sensor=evil', code: 'bad_topic' },
      { id: 'FL-INJ-1', code: 'bad_topic' },
      { id: 'evil', code: 'unknown_sensor' }
    ].map((c, i) => ({ ...c, topic: `pantau/v1/sensors/flood/${c.id}`, payload: JSON.stringify({ ts: now, values: { water_level: 1 }, case: i }) }));
    const keyCase = { topic: sensorTopic('flood', 'fl-inj-1'), payload: JSON.stringify({ ts: now, values: { 'water_level=1,evil': 1 } }) };
    await publishAll([...cases, keyCase]);
    // A line break in a topic never reaches the ingest: mosquitto_pub refuses it, and Mosquitto
    // drops a client that sends one anyway (control characters make the packet malformed).
    const newlineTopic = 'pantau/v1/sensors/flood/fl-inj-1\nflood,sensor=evil water_level=1';
    expect((await mosquittoPub(services.mqttUrl, newlineTopic, '{"values":{"water_level":7}}')).code).not.toBe(0);
    expect(await rawPublishOutcome(newlineTopic, '{"values":{"water_level":7}}')).toBe('disconnected');
    // Two valid readings: their rows prove the ingest ran past the hostile ones.
    const good = [
      { topic: sensorTopic('flood', 'fl-inj-1'), payload: JSON.stringify({ ts: now - 2000, values: { water_level: 101 } }) },
      { topic: sensorTopic('flood', 'fl-inj-2'), payload: JSON.stringify({ ts: now - 1000, values: { water_level: 102 } }) }
    ];
    await publishAll(good);
    await waitFor('a dead letter for every hostile topic', () => cases.every((c) => deadLetterOf(c.payload)) && deadLetterOf(keyCase.payload));
    for (const c of cases) expect(deadLetterOf(c.payload)?.code).toBe(c.code);
    expect(deadLetterOf(keyCase.payload)?.code).toBe('unknown_field');
    const rows = await waitFor('both valid readings stored', async () => {
      const r = await influxQuery(services.influxUrl, db, 'SELECT * FROM flood ORDER BY time');
      return r.length >= 2 ? r : null;
    });
    expect(rows.map((r) => [r.sensor, r.water_level])).toEqual([['fl-inj-1', 101], ['fl-inj-2', 102]]);
    const measurements = await influxQuery(services.influxUrl, db, 'SHOW MEASUREMENTS');
    // alert_events may appear if a detector fires, and forecast for the valid gauges; nothing else may.
    expect(measurements.map((m) => m.name).filter((n) => n !== 'alert_events' && n !== 'forecast')).toEqual(['flood']);
    const forecastTags = await influxQuery(services.influxUrl, db, 'SHOW TAG VALUES FROM forecast WITH KEY = "sensor"');
    expect(forecastTags.map((t) => t.value).filter((v) => v !== 'fl-inj-1' && v !== 'fl-inj-2')).toEqual([]);
    const sensorsTag = await influxQuery(services.influxUrl, db, 'SHOW TAG VALUES FROM flood WITH KEY = "sensor"');
    expect(sensorsTag.map((t) => t.value)).toEqual(['fl-inj-1', 'fl-inj-2']);
    const tagKeys = await influxQuery(services.influxUrl, db, 'SHOW TAG KEYS FROM flood');
    expect(tagKeys.map((t) => t.tagKey)).toEqual(['district', 'sensor']);
    const fieldKeys = await influxQuery(services.influxUrl, db, 'SHOW FIELD KEYS FROM flood');
    expect(fieldKeys.map((f) => f.fieldKey)).toEqual(['water_level']);
  });

  it('stores the hostile district tag intact (line breaks become spaces, by design)', async () => {
    const districts = await influxQuery(services.influxUrl, db, 'SHOW TAG VALUES FROM flood WITH KEY = "district"');
    const byName = districts.map((d) => d.value).sort();
    expect(byName).toContain(HOSTILE_DISTRICT.replace(/\n/g, ' '));
    expect(byName).toContain(BACKSLASH_DISTRICT);
  });
});

describe('values, times and sizes outside the limits', () => {
  it('dead-letters each with the right code', async () => {
    const topic = sensorTopic('flood', 'fl-inj-1');
    const now = Date.now();
    const cases = [
      { payload: JSON.stringify({ ts: now + 86_400_000, values: { water_level: 1 } }), code: 'time_out_of_window' },
      { payload: JSON.stringify({ ts: now - 30 * 86_400_000, values: { water_level: 2 } }), code: 'time_out_of_window' },
      { payload: JSON.stringify({ ts: '1970-01-01T00:00:00Z', values: { water_level: 3 } }), code: 'time_out_of_window' },
      { payload: JSON.stringify({ ts: '2026-11-28 12:00', values: { water_level: 4 } }), code: 'bad_time' },
      { payload: '{"values":{"water_level":1e999}}', code: 'not_finite' },
      { payload: '{"values":{"water_level":-1e999,"rainfall":5}}', code: 'not_finite' },
      { payload: '[{"n":"water_level","v":1e999}]', code: 'not_finite' },
      { payload: '{"values":{"water_level":NaN}}', code: 'not_json' },
      { payload: '[{"n":"water_level","u":{"toString":1},"v":5}]', code: 'bad_unit' },
      { payload: '[{"n":{"toString":1},"v":5}]', code: 'bad_shape' },
      { payload: JSON.stringify({ values: { water_level: 5 }, pad: 'x'.repeat(MAX_PAYLOAD_BYTES) }), code: 'too_large' }
    ];
    await publishAll(cases.map((c) => ({ topic, payload: c.payload })));
    await waitFor('a dead letter for every case', () => cases.every((c) => deadLetterOf(c.payload)));
    expect(cases.map((c) => deadLetterOf(c.payload)!.code)).toEqual(cases.map((c) => c.code));
    const stored = await influxQuery(services.influxUrl, db, 'SELECT water_level FROM flood');
    expect(stored.map((r) => r.water_level).sort()).toEqual([101, 102]);
    expect(ingest.isRunning()).toBe(true);
  });
});

describe('InfluxQL injection through the history API', () => {
  it('refuses hostile ids and hours, and every database survives', async () => {
    const attempts = [
      `/api/sensors/x'%20OR%201=1/history`,
      `/api/sensors/fl-inj-1'%20OR%20'1'='1/history`,
      `/api/sensors/fl-inj-1%22%3B%20DROP%20DATABASE%20${victimDb}/history`,
      `/api/sensors/fl-inj-1/history?hours=1;DROP DATABASE ${victimDb}`,
      `/api/sensors/fl-inj-1/history?hours=1%3BDROP%20DATABASE%20%22${victimDb}%22`,
      `/api/sensors/fl-inj-1/history?hours=1)%20OR%20(1=1`
    ];
    for (const url of attempts) {
      const res = await fetch(base + url);
      expect([400, 404], url).toContain(res.status);
    }
    const dbs = (await influxQuery(services.influxUrl, '', 'SHOW DATABASES')).map((r) => r.name);
    expect(dbs).toEqual(expect.arrayContaining([db, victimDb]));
    const ok = await fetch(`${base}/api/sensors/fl-inj-1/history?hours=1`);
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { fields: Record<string, [number, number][]> };
    expect(body.fields.water_level.map(([, v]) => v)).toEqual([101]);
  });
});

describe('HTML injection through names and alert texts', () => {
  it('renders sensor names and alert titles as text in the SSR page', async () => {
    const at = Date.now() - 60_000;
    const alert: Alert = {
      id: `fl-inj-1:flood_level:${at}`, sensorId: 'fl-inj-1', sensorName: HOSTILE_NAME, kind: 'flood', district: HOSTILE_DISTRICT,
      rule: 'flood_level', category: 'emergency', severity: 'critical', level: 3, title: { id: ALERT_TITLE, en: ALERT_TITLE },
      explanation: { id: '<img src=x onerror=alert(3)>', en: '<img src=x onerror=alert(3)>' }, action: { id: 'a', en: 'a' },
      value: 260, state: 'raised', raisedAt: at, updatedAt: at, comments: [{ by: '<b>x</b>', at, text: '<script>alert(4)</script>' }]
    };
    await influxWrite(services.influxUrl, db, formatAlertEvent({ type: 'raised', at, by: 'pantau', alert }));
    const res = await fetch(`${base}/sensors/fl-inj-1?hours=1`);
    expect(res.status).toBe(200);
    const html = await res.text();
    // Svelte escapes `<` (enough to keep text text) and may leave `>` as is.
    expect(html).toMatch(/<h1[^>]*>Gauge, "A"=1\s&lt;script(>|&gt;)alert\(1\)&lt;\/script(>|&gt;)<\/h1>/); // the sensor name, as text
    expect(html).toMatch(/&lt;script(>|&gt;)alert\(2\)&lt;\/script(>|&gt;) &amp; "quoted"/); // the alert title, as text
    expect(html).not.toMatch(/<script>alert/i);
    expect(html).not.toMatch(/<img src=x/i);
    expect(html).not.toMatch(/<b>x<\/b>/);
  });
});

describe('fuzzed lines through the real InfluxDB', () => {
  it('stores fuzzed readings and alert events exactly as the fuzz parser reads them', async () => {
    const rtDb = uniqueDb('lp_roundtrip');
    await createDatabase(services.influxUrl, rtDb);
    try {
      // Distinct timestamps keep every point its own (same series and time would overwrite).
      const readings = fc.sample(fc.tuple(readingArb, districtArb), { numRuns: 300, seed: 7 }).map(([r, d], i) => ({ r: { ...r, ts: r.ts - (r.ts % 1000) + i }, d }));
      const events = fc.sample(alertEventArb, { numRuns: 100, seed: 7 }).map((e, i) => ({ ...e, at: 1_700_000_000_000 + i }));
      await influxWrite(services.influxUrl, rtDb, [...readings.map(({ r, d }) => formatReading(r, d)), ...events.map(formatAlertEvent)]);
      const rows = await influxQuery(services.influxUrl, rtDb, 'SELECT * FROM "traffic", "flood", "air"');
      const key = (m: string, sensor: unknown, t: unknown) => `${m}|${String(sensor)}|${String(t)}`;
      const byKey = new Map(rows.map((row) => [key(String(row._measurement), row.sensor, row.time), row]));
      for (const { r, d } of readings) {
        const row = byKey.get(key(r.kind, r.sensorId, r.ts));
        expect(row, `${r.kind} ${r.sensorId} ${r.ts}`).toBeDefined();
        expect(row!.district).toBe(storableTag(d));
        for (const [f, v] of Object.entries(r.values)) expect(row![f]).toBe(v + 0); // -0 is written as 0
      }
      const stored = await influxQuery(services.influxUrl, rtDb, `SELECT "doc", "district", "by" FROM ${ALERT_EVENTS}`);
      expect(stored).toHaveLength(events.length);
      for (const [i, e] of events.entries()) {
        expect(JSON.parse(String(stored[i].doc))).toEqual(JSON.parse(JSON.stringify(e.alert)));
        expect(stored[i].district ?? '').toBe(storableTag(e.alert.district));
        expect(stored[i].by).toBe(e.by.replace(/[\r\n]/g, ' '));
      }
    } finally {
      await dropDatabase(services.influxUrl, rtDb);
    }
  });
});
