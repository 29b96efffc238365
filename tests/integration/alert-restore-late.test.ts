/**
 * An ingest restarted while InfluxDB hangs (a real influxd paused with SIGSTOP, private to this file) starts without
 * its open alerts after RESTORE_WAIT_MS (15 s) and raises the floods again from the first readings. When InfluxDB
 * answers, the old alerts read back late must be closed as replaced by the new ones (they stayed open in the console
 * for good), on MQTT and in InfluxDB; an acknowledgement staff gave carries to the new alert when the flood is no worse
 * (the notifier stops the new chain), and does not when it is worse (it pages). Real Mosquitto and InfluxDB.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AlertEvent } from '../../src/lib/core/alert';
import { formatAlertEventLine } from '../../src/lib/core/line-protocol';
import { parseInfluxConfig } from '../../src/lib/core/influx-config';
import { sensorTopic, TOPICS } from '../../src/lib/core/topic';
import { testAlert } from '../../src/lib/server/alert-fixtures';
import catalog from '../../src/lib/catalog/samarinda.json';
import { readOpenAlerts } from '../../ingest/sinks/influx-read';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, influxWrite } from '../helpers/influx';
import { spawnProcess, type SpawnedProcess } from '../helpers/processes';
import { createTempDir, startInflux, type InfluxHandle } from '../helpers/services';
import { sleep, waitFor } from '../helpers/wait';
import { mosquittoPub } from './mqtt-tools';

const MIN = 60_000;
const now = Date.now();
const gauge = (id: string) => catalog.sensors.find((s) => s.id === id)!;
const SAME = gauge('flood-benanga'); // acknowledged at Siaga 2, still at Siaga 2: no worse
const WORSE = gauge('flood-gunung-lingai'); // acknowledged at Siaga 3, at Siaga 2 now: worse

/** The alert an ingest before the restart raised 40 minutes ago at `level`, and its events: raised, acknowledged by ani. */
function history(s: typeof SAME, level: 1 | 2, cm: number): { alert: Alert; events: AlertEvent[] } {
  const raisedAt = now - 40 * MIN;
  const alert: Alert = {
    ...testAlert(`${s.id}:flood_level:${raisedAt}`, raisedAt),
    sensorId: s.id, sensorName: s.name, district: s.district, level, severity: level === 2 ? 'critical' : 'warning', value: cm, raisedAt
  };
  const ackedAt = now - 35 * MIN;
  const acked: Alert = { ...alert, state: 'acknowledged', acknowledgedAt: ackedAt, acknowledgedBy: 'ani', acknowledgedVia: 'console', updatedAt: ackedAt };
  return { alert: acked, events: [{ type: 'raised', at: raisedAt, by: 'pantau', alert }, { type: 'acknowledged', at: ackedAt, by: 'ani', alert: acked }] };
}

describe('open alerts read back late after a restart while InfluxDB hangs', () => {
  const services = readTestServices();
  const db = uniqueDb('restorelate');
  const same = history(SAME, 2, SAME.flood!.siaga2 + 5);
  const worse = history(WORSE, 1, WORSE.flood!.siaga3 + 5);
  let tmp: Awaited<ReturnType<typeof createTempDir>>;
  let influx: InfluxHandle;
  let paused = false;
  let ingest: SpawnedProcess | undefined;
  let listener: MqttClient;
  const wal = mkdtempSync(path.join(tmpdir(), 'pantau-wal-'));
  const heard: AlertEvent[] = [];

  beforeAll(async () => {
    tmp = await createTempDir('pantau-restore-late-');
    influx = await startInflux({ dataDir: path.join(tmp.dir, 'influxdb') });
    await createDatabase(influx.url, db);
    await influxWrite(influx.url, db, [...same.events, ...worse.events].map(formatAlertEventLine));
    // What the notifier and the command center do: listen on the alert events topic.
    listener = mqtt.connect(services.mqttUrl);
    await new Promise<void>((ok, fail) => listener.once('connect', () => listener.subscribe(TOPICS.alertEvents, { qos: 1 }, (err) => (err ? fail(err) : ok()))));
    listener.on('message', (_t, payload) => {
      const e = JSON.parse(payload.toString()) as AlertEvent;
      if (e.alert.rule === 'flood_level' && (e.alert.sensorId === SAME.id || e.alert.sensorId === WORSE.id)) heard.push(e);
    });
  }, 60_000);

  afterAll(async () => {
    if (paused) process.kill(influx.pid, 'SIGCONT');
    await ingest?.stop();
    listener?.end(true);
    await influx?.stop();
    await tmp?.remove();
    rmSync(wal, { recursive: true, force: true });
  });

  it('closes them as replaced by the alerts raised meanwhile; carries the acknowledgement only to the one no worse', async () => {
    process.kill(influx.pid, 'SIGSTOP');
    paused = true;
    ingest = await spawnProcess({
      name: 'ingest',
      args: ['ingest/main.ts'],
      env: {
        MQTT_URL: services.mqttUrl, INFLUX_URL: influx.url, INFLUX_DB: db, INGEST_CLIENT_ID: `ingest-${db}`,
        INGEST_WAL_DIR: wal, INGEST_METRICS_PORT: 'off', INGEST_FORECAST_WARMUP_HOURS: '0'
      },
      readyLine: /ready; subscribing/,
      timeoutMs: 60_000
    });
    expect(ingest.logs()).toMatch(/starting with no open alerts/);
    // The rivers are still up: the first readings raise at once (Siaga 2), with no open alert known yet.
    await sleep(1_000);
    const at = Date.now();
    expect((await mosquittoPub(services.mqttUrl, sensorTopic('flood', SAME.id), JSON.stringify({ ts: at, values: { water_level: SAME.flood!.siaga2 + 6 } }))).code).toBe(0);
    expect((await mosquittoPub(services.mqttUrl, sensorTopic('flood', WORSE.id), JSON.stringify({ ts: at, values: { water_level: WORSE.flood!.siaga2 + 5 } }))).code).toBe(0);
    const raised = await waitFor('both floods raised again', () => {
      const r = heard.filter((e) => e.type === 'raised');
      return r.length === 2 ? new Map(r.map((e) => [e.alert.sensorId, e.alert])) : null;
    });
    const [newSame, newWorse] = [raised.get(SAME.id)!, raised.get(WORSE.id)!];
    expect([newSame.id, newWorse.id]).not.toContain(same.alert.id);
    expect([newSame.state, newWorse.state, newWorse.level]).toEqual(['raised', 'raised', 2]);

    process.kill(influx.pid, 'SIGCONT');
    paused = false;
    await waitFor('the late restore', () => /open alerts read late/.test(ingest!.logs()), { timeoutMs: 60_000 });
    const closed = await waitFor('both old alerts resolved', () => {
      const r = heard.filter((e) => e.type === 'resolved');
      return r.length === 2 ? new Map(r.map((e) => [e.alert.id, e])) : null;
    });
    await sleep(1_000); // anything else the restore published has arrived by now
    for (const [old, replacement] of [[same.alert, newSame], [worse.alert, newWorse]]) {
      const e = closed.get(old.id)!;
      expect(e).toMatchObject({ by: 'pantau', alert: { state: 'resolved', resolvedBy: 'pantau' } });
      expect(e.alert.comments.at(-1)!.text).toContain(`Diganti oleh peringatan ${replacement.id}`);
      expect(e.alert.comments.at(-1)!.text).toContain(`Replaced by alert ${replacement.id}`);
    }
    // No worse: acknowledged by the system in ani's name (her time and channel), which stops the new page chain.
    const acks = heard.filter((e) => e.type === 'acknowledged');
    expect(acks.map((e) => [e.alert.id, e.by])).toEqual([[newSame.id, 'pantau']]);
    expect(acks[0].alert).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'ani', acknowledgedAt: same.alert.acknowledgedAt, acknowledgedVia: 'console' });
    expect(acks[0].alert.comments.at(-1)!.text).toContain(same.alert.id);
    // Worse: nothing more for the new alert; it stays unacknowledged (and pages).
    expect(heard.filter((e) => e.alert.id === newWorse.id).map((e) => e.type)).toEqual(['raised']);

    // Stored like any event: the next start restores only the new alerts, the first one acknowledged.
    const config = parseInfluxConfig({ INFLUX_URL: influx.url, INFLUX_DB: db });
    const open = await waitFor('the events stored', async () => {
      const alerts = (await readOpenAlerts(config)).filter((a) => a.rule === 'flood_level');
      return alerts.length === 2 && alerts.every((a) => a.id !== same.alert.id && a.id !== worse.alert.id) ? alerts : null;
    }, { timeoutMs: 30_000 });
    expect(open.map((a) => [a.id, a.state]).sort()).toEqual([[newSame.id, 'acknowledged'], [newWorse.id, 'raised']].sort());
  }, 150_000);
});
