import { afterAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import mqtt from 'mqtt';
import { startHubBed, worsenedAlert, type HubBed } from '../helpers/hub-bed';
import { readTestServices } from '../helpers/env';
import { spawnProcess, type SpawnedProcess } from '../helpers/processes';
import { createTempDir } from '../helpers/services';
import { waitFor } from '../helpers/wait';
import { getHealth } from '../../src/lib/server/api';
import { statusTopic } from '../../src/lib/core/process-status';

/**
 * The notifier's retained status and Last Will on real Mosquitto, as the command center's hub derives it
 * (/api/health's `pipeline`): up while it runs, offline at once when it is SIGKILLed (the broker's Last
 * Will), up again on a restart, stopped on a clean stop.
 */
const run = `${process.pid}-${Date.now().toString(36)}`;
const clientId = `notify-status-${run}`;
const ingestId = `ingest-status-${run}`;

describe('process status: notifier up, SIGKILL → offline by Last Will, clean stop → stopped', () => {
  const services = readTestServices();
  let bed: HubBed | undefined;
  let tmp: Awaited<ReturnType<typeof createTempDir>> | undefined;
  const procs: SpawnedProcess[] = [];

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await bed?.close();
    await tmp?.remove();
    // The shared broker keeps retained messages: take ours away (an empty retained payload clears it).
    const client = mqtt.connect(services.mqttUrl, { clientId: `clear-${run}` });
    await new Promise<void>((ok) => client.once('connect', () => ok()));
    await client.publishAsync(statusTopic('notify', clientId), '', { qos: 1, retain: true });
    await client.publishAsync(statusTopic('ingest', ingestId), '', { qos: 1, retain: true });
    await client.endAsync();
  });

  async function startNotifier(): Promise<SpawnedProcess> {
    const file = path.join(tmp!.dir, 'webhooks.json');
    // A webhook nobody answers: no alert event is sent in this test, the notifier only has to run.
    await writeFile(file, JSON.stringify([{ url: 'http://127.0.0.1:9/hook', secret: 'process-status-secret' }]));
    const proc = await spawnProcess({
      name: 'notify-status',
      args: ['ingest/notify/main.ts'],
      env: { MQTT_URL: services.mqttUrl, PANTAU_WEBHOOKS: file, NOTIFY_CLIENT_ID: clientId, NOTIFY_JOURNAL_DIR: path.join(tmp!.dir, 'journal'), NOTIFY_METRICS_PORT: 'off' },
      readyLine: /\[notify\] subscribed to /
    });
    procs.push(proc);
    return proc;
  }

  const processes = () => {
    const health = getHealth(bed!.hub);
    if (health.status !== 200) throw new Error(`health ${health.status}`);
    const { pipeline } = health.body;
    if (!('processes' in pipeline)) throw new Error('a viewer gets the processes');
    return pipeline.processes;
  };
  const ours = (role = 'notify', id = clientId) => processes().find((p) => p.role === role && p.id === id);

  it('shows the notifier up, offline the moment it is killed, up again on restart and stopped after SIGTERM', async () => {
    tmp = await createTempDir('pantau-process-status-');
    bed = await startHubBed(worsenedAlert('flood-status-test').catalog, 'procstatus', 'resp');
    expect(ours()).toBeUndefined();

    const first = await startNotifier();
    const up = await waitFor('notifier up in /api/health', () => (ours()?.state === 'up' ? ours() : null));
    expect(up).toMatchObject({ role: 'notify', id: clientId, state: 'up', intervalMs: 60_000 });
    expect(up.ageMs).toBeLessThan(10_000);

    const killedAt = Date.now();
    await first.kill();
    const offline = await waitFor('notifier offline by its Last Will', () => (ours()?.state === 'offline' ? ours() : null), { timeoutMs: 5_000 });
    // The broker saw the socket close: the will came within seconds, not after 1.5 keep-alives (90 s).
    expect(Date.now() - killedAt).toBeLessThan(5_000);
    expect(offline.since).toBeGreaterThanOrEqual(killedAt - 1_000);
    // The role shows as down for people unless another notifier on this shared test broker is up.
    const notify = bed.hub.status().pipeline!.find((r) => r.role === 'notify')!;
    const othersUp = processes().some((p) => p.role === 'notify' && p.state === 'up');
    expect(notify.alarm).toBe(!othersUp);

    const second = await startNotifier();
    await waitFor('notifier up again', () => ours()?.state === 'up');
    await second.stop();
    expect((await second.exited).code).toBe(0);
    await waitFor('notifier stopped after a clean stop', () => ours()?.state === 'stopped', { timeoutMs: 5_000 });
  }, 90_000);

  it('shows the ingest up with its 10 s interval, and offline the moment it is killed', async () => {
    const ingest = await spawnProcess({
      name: 'ingest-status',
      args: ['ingest/main.ts'],
      env: { MQTT_URL: services.mqttUrl, INFLUX_URL: services.influxUrl, INFLUX_DB: bed!.db, INGEST_CLIENT_ID: ingestId, INGEST_WAL_DIR: path.join(tmp!.dir, 'wal'), INGEST_METRICS_PORT: 'off', INGEST_FORECAST_WARMUP_HOURS: '0' },
      readyLine: /connected to/,
      timeoutMs: 60_000
    });
    procs.push(ingest);
    const up = await waitFor('ingest up', () => (ours('ingest', ingestId)?.state === 'up' ? ours('ingest', ingestId) : null));
    expect(up.intervalMs).toBe(10_000);
    await ingest.kill();
    await waitFor('ingest offline by its Last Will', () => ours('ingest', ingestId)?.state === 'offline', { timeoutMs: 5_000 });
  }, 90_000);
});
