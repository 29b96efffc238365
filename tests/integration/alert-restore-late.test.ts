/**
 * An ingest restarted while InfluxDB hangs (a real influxd paused with SIGSTOP, private to this file) starts without
 * its open alerts after RESTORE_WAIT_MS (15 s) and raises the flood again (B) from the first reading. When InfluxDB
 * answers, the old alert (A, acknowledged by ani before the restart) must stay: B is folded into it and closed as
 * merged (mergedInto A), without an all-clear. With the real notifier (people, PostgreSQL, SMTP) listening: B's chain
 * stops (its backup and lead are never paged), no "Selesai" goes to the subscriber; and a person's comment on A sent
 * while the restore still waits is held and applied, not dropped. Real Mosquitto and InfluxDB.
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
import { createRestartBed, seedDirectory, type RestartBed } from './notify-people-fixture';

const MIN = 60_000;
const now = Date.now();
const SENSOR = catalog.sensors.find((s) => s.id === 'flood-benanga')!;
/** The notifier's team minute: the backup's step 20 s after a raise, the lead's 25 s (past the late restore). */
const MINUTE_MS = 500;
const BACKUP_STEP_MS = 40 * MINUTE_MS;
const LEAD_STEP_MS = 50 * MINUTE_MS;

/** The flood the ingest raised 40 minutes before the restart (Siaga 2, critical: it pages), and its acknowledgement by ani. */
function history(): { raised: AlertEvent; acked: AlertEvent } {
  const raisedAt = now - 40 * MIN;
  const alert: Alert = {
    ...testAlert(`${SENSOR.id}:flood_level:${raisedAt}`, raisedAt),
    sensorId: SENSOR.id, sensorName: SENSOR.name, district: SENSOR.district, kind: 'flood', rule: 'flood_level', category: 'emergency',
    level: 2, severity: 'critical', value: SENSOR.flood!.siaga2 + 5, raisedAt
  };
  const ackedAt = now - 35 * MIN;
  const acked: Alert = { ...alert, state: 'acknowledged', acknowledgedAt: ackedAt, acknowledgedBy: 'ani', acknowledgedVia: 'console', updatedAt: ackedAt };
  return { raised: { type: 'raised', at: raisedAt, by: 'pantau', alert }, acked: { type: 'acknowledged', at: ackedAt, by: 'ani', alert: acked } };
}

describe('an open alert read back late after a restart while InfluxDB hangs', () => {
  const services = readTestServices();
  const db = uniqueDb('restorelate');
  const old = history();
  const A = old.acked.alert;
  let tmp: Awaited<ReturnType<typeof createTempDir>>;
  let influx: InfluxHandle;
  let paused = false;
  let ingest: SpawnedProcess | undefined;
  let listener: MqttClient;
  let bed: RestartBed;
  const wal = mkdtempSync(path.join(tmpdir(), 'pantau-wal-'));
  const heard: AlertEvent[] = [];
  const mails = (to: string) => bed.smtp.messages.filter((m) => m.to.includes(`${to}@bpbd.test`));
  const publish = async (e: AlertEvent) => expect((await mosquittoPub(services.mqttUrl, TOPICS.alertEvents, JSON.stringify(e))).code).toBe(0);

  beforeAll(async () => {
    tmp = await createTempDir('pantau-restore-late-');
    influx = await startInflux({ dataDir: path.join(tmp.dir, 'influxdb') });
    await createDatabase(influx.url, db);
    await influxWrite(influx.url, db, [old.raised, old.acked].map(formatAlertEventLine));
    bed = await createRestartBed(db, 'restorelate');
    const shift = { start: now - 3_600_000, end: now + 3_600_000 };
    const email = (id: string) => [{ kind: 'email' as const, address: `${id}@bpbd.test`, rank: 0, enabled: true }];
    await seedDirectory(bed.pg.url, {
      people: [...['ani', 'budi', 'citra'].map((id) => ({ person: { id, name: id }, channels: email(id) })), { person: { id: 'dewi', name: 'dewi' }, channels: email('dewi'), subscriptions: [{}] }],
      teams: [{ team: { id: 'bpbd', kinds: ['flood'], districts: [SENSOR.district], leadPersonId: 'citra', backupAfterMin: 40, leadAfterMin: 50 }, shifts: [{ personId: 'ani', role: 'primary', ...shift }, { personId: 'budi', role: 'backup', ...shift }] }]
    });
    listener = mqtt.connect(services.mqttUrl);
    await new Promise<void>((ok, fail) => listener.once('connect', () => listener.subscribe(TOPICS.alertEvents, { qos: 1 }, (err) => (err ? fail(err) : ok()))));
    listener.on('message', (_t, payload) => {
      const e = JSON.parse(payload.toString()) as AlertEvent;
      if (e.alert.sensorId === SENSOR.id && e.alert.rule === 'flood_level') heard.push(e);
    });
  }, 90_000);

  afterAll(async () => {
    if (paused) process.kill(influx.pid, 'SIGCONT');
    await ingest?.stop();
    listener?.end(true);
    await bed?.close();
    await influx?.stop();
    await tmp?.remove();
    rmSync(wal, { recursive: true, force: true });
  });

  it('keeps the older acknowledged alert, closes the newer as merged into it: no new page round, no all-clear', async () => {
    // The notifier heard A before the restart: ani paged, then her acknowledgement stopped the chain.
    await bed.start('notify-restorelate', { NOTIFY_TEST_MINUTE_MS: String(MINUTE_MS) });
    await publish(old.raised);
    await waitFor('A paged to ani', () => mails('ani')[0], { timeoutMs: 20_000 });
    await publish(old.acked);
    await sleep(500);

    // what the ingest says from its restart on
    const fromIngest = heard.length;
    const said = () => heard.slice(fromIngest).filter((e) => e.by === 'pantau');
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
    await sleep(1_000);
    // A person comments on A in the console while the ingest does not know A yet: held, not dropped.
    const comment = { by: 'budi', at: Date.now(), text: 'pompa dikirim' };
    await publish({ type: 'commented', at: comment.at, by: 'budi', alert: { ...A, comments: [comment], updatedAt: comment.at } });
    // The river is still up: the first reading raises B at once (Siaga 2), which pages ani (the restore cannot be waited for).
    const at = Date.now();
    expect((await mosquittoPub(services.mqttUrl, sensorTopic('flood', SENSOR.id), JSON.stringify({ ts: at, values: { water_level: SENSOR.flood!.siaga2 + 8 } }))).code).toBe(0);
    const B = await waitFor('B raised', () => said().find((e) => e.type === 'raised')?.alert, { timeoutMs: 10_000 });
    expect(B.id).not.toBe(A.id);

    process.kill(influx.pid, 'SIGCONT');
    paused = false;
    const merged = await waitFor('B closed as merged', () => said().find((e) => e.type === 'resolved'), { timeoutMs: 60_000 });
    // before B's backup step: a page after it would be the old code's, not this test's question
    expect(merged.at - B.raisedAt).toBeLessThan(BACKUP_STEP_MS);
    expect(merged).toMatchObject({ by: 'pantau', alert: { id: B.id, state: 'resolved', mergedInto: A.id } });
    const kept = said().find((e) => e.alert.id === A.id)!;
    expect(kept).toMatchObject({ type: 'updated', alert: { state: 'acknowledged', acknowledgedBy: 'ani', value: SENSOR.flood!.siaga2 + 8 } });

    // B's chain would page budi and citra by B + 25 s; the merge stopped it. A was acknowledged: nobody more.
    await sleep(Math.max(0, B.raisedAt + LEAD_STEP_MS + 5_000 - Date.now()));
    expect([mails('ani').length, mails('budi').length, mails('citra').length]).toEqual([2, 0, 0]);
    // the subscriber heard A and B raised, and no end of the flood
    expect(mails('dewi').map((m) => m.subject).filter((s) => /Selesai/.test(s))).toEqual([]);
    expect(mails('dewi')).toHaveLength(2);
    expect(said().filter((e) => e.type === 'raised' || e.type === 'escalated').map((e) => e.alert.id)).toEqual([B.id]);

    // Stored like any event: the next start restores A only, acknowledged, with budi's comment held over the wait.
    const config = parseInfluxConfig({ INFLUX_URL: influx.url, INFLUX_DB: db });
    const open = await waitFor('the fold stored', async () => {
      const alerts = (await readOpenAlerts(config)).filter((a) => a.rule === 'flood_level');
      return alerts.length === 1 && alerts[0].comments.some((c) => c.text === comment.text) ? alerts : null;
    }, { timeoutMs: 30_000 });
    expect(open).toMatchObject([{ id: A.id, state: 'acknowledged', acknowledgedBy: 'ani' }]);
  }, 180_000);
});
