/**
 * Prometheus /metrics of the three processes, scraped over real HTTP while real readings and alert
 * events flow: the ingest, the command center and the notifier run as processes on the harness's
 * Mosquitto and InfluxDB, readings go in through mosquitto_pub, and the counters must move.
 */
import { mkdtempSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sensorTopic } from '../../src/lib/core/topic';
import catalog from '../../src/lib/catalog/samarinda.json';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase } from '../helpers/influx';
import { spawnProcess, type SpawnedProcess } from '../helpers/processes';
import { startWeb } from '../helpers/web';
import { scrape } from '../helpers/scrape';
import { waitFor } from '../helpers/wait';
import { mosquittoPub } from './mqtt-tools';

const services = readTestServices();
const db = uniqueDb('metrics');
const TOKEN = 'metrics-test-token-0123456789abcdef';
const AUTH = { authorization: `Bearer ${TOKEN}` };
const quiet = catalog.sensors.find((s) => s.id === 'flood-dr-sutomo')!;
const alarming = catalog.sensors.find((s) => s.id === 'flood-benanga')!;
const env = { MQTT_URL: services.mqttUrl, INFLUX_URL: services.influxUrl, INFLUX_DB: db };
const procs: SpawnedProcess[] = [];
let ingestMetrics = '';
let notifyMetrics = '';
let web = '';
let receiver: { server: Server; url: string; statuses: number[] };

/** The metrics URL a process logged (it binds a free port: INGEST_METRICS_PORT=0 / NOTIFY_METRICS_PORT=0). */
function loggedMetricsUrl(proc: SpawnedProcess): string {
  const m = /metrics on (http:\/\/\S+\/metrics)/.exec(proc.logs());
  if (!m) throw new Error(`no metrics URL in the log:\n${proc.logs().slice(-2000)}`);
  return m[1];
}

/** A webhook receiver that answers 503 twice, then 204: the notifier's failures must be counted. */
async function startReceiver(): Promise<typeof receiver> {
  const statuses: number[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const status = statuses.length < 2 ? 503 : 204;
      statuses.push(status);
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, statuses, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` };
}

beforeAll(async () => {
  await createDatabase(services.influxUrl, db);
  const tmp = mkdtempSync(path.join(tmpdir(), 'pantau-metrics-'));
  receiver = await startReceiver();
  const hooks = path.join(tmp, 'webhooks.json');
  await writeFile(hooks, JSON.stringify([{ url: receiver.url, secret: 'metrics-test-webhook-secret' }]));
  const [ingest, webProc, notify] = await Promise.all([
    spawnProcess({
      name: 'ingest',
      args: ['ingest/main.ts'],
      env: { ...env, INGEST_CLIENT_ID: `ingest-${db}`, INGEST_WAL_DIR: path.join(tmp, 'wal'), INGEST_FLUSH_MS: '50', INGEST_METRICS_PORT: '0' },
      readyLine: /connected to/
    }),
    startWeb({ db, env: { METRICS_TOKEN: TOKEN } }),
    spawnProcess({
      name: 'notify',
      args: ['ingest/notify/main.ts'],
      env: { ...env, PANTAU_WEBHOOKS: hooks, NOTIFY_CLIENT_ID: `notify-${db}`, NOTIFY_JOURNAL_DIR: path.join(tmp, 'notify'), NOTIFY_RETRY_BASE_MS: '100', NOTIFY_RETRY_CAP_MS: '500', NOTIFY_METRICS_PORT: '0' },
      readyLine: /\[notify\] subscribed to /
    })
  ]);
  procs.push(ingest, webProc, notify);
  ingestMetrics = loggedMetricsUrl(ingest);
  notifyMetrics = loggedMetricsUrl(notify);
  web = webProc.url;
}, 90_000);

afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop()));
  await new Promise((ok) => receiver?.server.close(ok));
  await dropDatabase(services.influxUrl, db);
});

describe('ingest /metrics', () => {
  it('counts received, stored and rejected-by-reason messages, journal bytes and write latency after real MQTT readings', async () => {
    const before = await scrape(ingestMetrics);
    const t0 = Date.now() - 60_000;
    for (let i = 0; i < 5; i++) {
      expect((await mosquittoPub(services.mqttUrl, sensorTopic('flood', quiet.id), JSON.stringify({ ts: t0 + i * 1000, values: { water_level: 5 } }))).code).toBe(0);
    }
    expect((await mosquittoPub(services.mqttUrl, sensorTopic('flood', quiet.id), 'not json at all')).code).toBe(0);
    expect((await mosquittoPub(services.mqttUrl, 'pantau/v1/sensors/flood/no-such-gauge', JSON.stringify({ values: { water_level: 1 } }))).code).toBe(0);

    const after = await waitFor('5 readings stored, 2 rejections counted, nothing left waiting', async () => {
      const s = await scrape(ingestMetrics);
      const stored = s.value('pantau_ingest_lines_stored_total') - before.value('pantau_ingest_lines_stored_total');
      const rejected = s.value('pantau_ingest_messages_rejected_total') - before.value('pantau_ingest_messages_rejected_total');
      return rejected >= 2 && stored >= 5 && s.value('pantau_ingest_journal_pending_lines') === 0 ? s : null;
    });
    const delta = (name: string, labels?: Record<string, string>) => after.value(name, labels) - before.value(name, labels);
    expect(delta('pantau_ingest_messages_received_total')).toBe(7);
    expect(delta('pantau_ingest_messages_accepted_total')).toBe(5);
    expect(delta('pantau_ingest_readings_accepted_total')).toBe(5);
    expect(delta('pantau_ingest_messages_rejected_total', { reason: 'not_json' })).toBe(1);
    expect(delta('pantau_ingest_messages_rejected_total', { reason: 'unknown_sensor' })).toBe(1);
    // Every stored batch was one timed write request that InfluxDB confirmed.
    expect(delta('pantau_ingest_influx_write_duration_seconds_count', { result: 'ok' })).toBeGreaterThan(0);
    expect(after.value('pantau_ingest_influx_write_duration_seconds_sum', { result: 'ok' })).toBeGreaterThan(0);
    expect(after.value('pantau_ingest_influx_up')).toBe(1);
    expect(after.value('pantau_ingest_journal_disk_bytes')).toBeGreaterThan(0);
    expect(after.has('pantau_ingest_journal_pending_bytes')).toBe(true);
    // Everything stored: nothing waits, so the oldest waiting line has no age.
    expect(after.value('pantau_ingest_journal_lag_seconds')).toBe(0);
    expect(after.value('process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(after.has('process_cpu_seconds_total')).toBe(true);

    const health = await fetch(ingestMetrics.replace(/\/metrics$/, '/health'));
    expect([health.status, await health.json()]).toEqual([200, { ok: true, takingMessages: true, influx: true }]);
  });
});

describe('one alert event, three processes', () => {
  it('moves the ingest’s alert counter, the command center’s, and the notifier’s deliveries and delivery failures', async () => {
    const [ingestBefore, webBefore, notifyBefore] = await Promise.all([scrape(ingestMetrics), scrape(`${web}/metrics`, AUTH), scrape(notifyMetrics)]);
    const level = alarming.flood!.siaga1 + 20;
    expect((await mosquittoPub(services.mqttUrl, sensorTopic('flood', alarming.id), JSON.stringify({ ts: Date.now(), values: { water_level: level } }))).code).toBe(0);

    const webhook = { webhook: `0-${new URL(receiver.url).host}` };
    const notify = await waitFor('the notifier delivering after two refusals', async () => {
      const s = await scrape(notifyMetrics);
      return s.value('pantau_notify_deliveries_total', webhook) - notifyBefore.value('pantau_notify_deliveries_total', webhook) >= 1 ? s : null;
    }, { timeoutMs: 20_000 });
    expect(notify.value('pantau_notify_delivery_failures_total', webhook) - notifyBefore.value('pantau_notify_delivery_failures_total', webhook)).toBe(2);
    expect(receiver.statuses.slice(0, 3)).toEqual([503, 503, 204]);
    expect(notify.value('pantau_notify_events_received_total')).toBeGreaterThan(notifyBefore.value('pantau_notify_events_received_total'));
    expect(notify.value('pantau_notify_queue_depth', webhook)).toBe(0);
    // The webhook's path (which may hold a token) is never a label.
    expect(notify.text).not.toContain('/hook');

    const ingest = await scrape(ingestMetrics);
    expect(ingest.value('pantau_ingest_alert_events_total')).toBeGreaterThan(ingestBefore.value('pantau_ingest_alert_events_total'));
    const webAfter = await waitFor('the command center counting the alert event', async () => {
      const s = await scrape(`${web}/metrics`, AUTH);
      return s.value('pantau_web_alert_events_total') > webBefore.value('pantau_web_alert_events_total') ? s : null;
    });
    expect(webAfter.value('pantau_web_mqtt_up')).toBe(1);
  });
});

describe('command center /metrics', () => {
  it('answers only with the bearer token, and counts live Socket.IO clients', async () => {
    expect((await fetch(`${web}/metrics`)).status).toBe(401);
    expect((await fetch(`${web}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
    const before = (await scrape(`${web}/metrics`, AUTH)).value('pantau_web_live_clients');
    const socket = io(web, { transports: ['websocket'], reconnection: false });
    try {
      await new Promise<void>((ok, fail) => {
        socket.once('snapshot', () => ok());
        socket.once('connect_error', fail);
      });
      await waitFor('one more live client', async () => (await scrape(`${web}/metrics`, AUTH)).value('pantau_web_live_clients') === before + 1);
    } finally {
      socket.close();
    }
    await waitFor('the client gone again', async () => (await scrape(`${web}/metrics`, AUTH)).value('pantau_web_live_clients') === before);
    const s = await scrape(`${web}/metrics`, AUTH);
    expect(s.value('process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(s.has('pantau_web_reading_batches_total')).toBe(true);
  });
});
