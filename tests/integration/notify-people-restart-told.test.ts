/**
 * What people were told survives a restart, even with NOTIFY_JOURNAL_DIR=off (no event journal, no send ledger on disk):
 * the ingest's reminder of a critical alert left unacknowledged (an `escalated` of the same severity and version),
 * arriving after the notifier was SIGKILLed and started again, pages the primary and tells the subscriber nothing a
 * second time (read back from the delivery records, people/told-restore.ts), reaches a subscriber added since (told
 * nothing yet), and the alert no team covers is recorded `uncovered` once, not once per notifier run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/lib/core/alert';
import { formatAlertEventLine } from '../../src/lib/core/line-protocol';
import { TOPICS } from '../../src/lib/core/topic';
import { formatAuditDetail } from '../../src/lib/i18n/audit-detail';
import { parseAuditRow } from '../../src/lib/server/auth/audit';
import { makeAlertEvent } from '../../ingest/notify/test-support';
import { readTestServices, uniqueDb } from '../helpers/env';
import { AUDIT, influxQuery, influxWrite } from '../helpers/influx';
import { waitFor } from '../helpers/wait';
import { mosquittoPub } from './mqtt-tools';
import { createRestartBed, seedDirectory, type RestartBed } from './notify-people-fixture';

const services = readTestServices();
const db = uniqueDb('notifytold');
let bed: RestartBed;

const env = { NOTIFY_TEST_MINUTE_MS: '1000', NOTIFY_JOURNAL_DIR: 'off' };
const email = (id: string) => [{ kind: 'email' as const, address: `${id}@bpbd.test`, rank: 0, enabled: true }];

beforeAll(async () => {
  bed = await createRestartBed(db, 'notifytold');
  const shift = { start: Date.now() - 3_600_000, end: Date.now() + 3_600_000 };
  await seedDirectory(bed.pg.url, {
    people: [...['ani', 'budi'].map((id) => ({ person: { id, name: id }, channels: email(id) })), { person: { id: 'sari', name: 'sari' }, channels: email('sari'), subscriptions: [{}] }],
    // Backup after 5 minutes of 1 s: no step within the test, only the primary and the subscriber are messaged.
    teams: [{ team: { id: 'bpbd', kinds: ['flood'], districts: ['Sungai Pinang'], backupAfterMin: 300, leadAfterMin: 400 }, shifts: [{ personId: 'ani', role: 'primary', ...shift }, { personId: 'budi', role: 'backup', ...shift }] }]
  });
}, 60_000);

afterAll(() => bed?.close());

/** As the ingest does: stored in InfluxDB, then published. */
async function publish(event: AlertEvent): Promise<void> {
  await influxWrite(services.influxUrl, db, formatAlertEventLine(event));
  expect((await mosquittoPub(services.mqttUrl, TOPICS.alertEvents, JSON.stringify(event))).code).toBe(0);
}

/** The ingest's reminder: escalated, same severity and version, a later `updatedAt`. */
function reminderOf(e: AlertEvent): AlertEvent {
  const at = Date.now();
  return { type: 'escalated', at, by: 'ingest', alert: { ...e.alert, escalated: true, updatedAt: at } };
}

const uncoveredRows = () => influxQuery(services.influxUrl, db, `SELECT "doc" FROM "events"."deliveries" WHERE "status" = 'uncovered'`);

describe('notifier restart with NOTIFY_JOURNAL_DIR=off: what was told is read back', () => {
  it('the reminder after the restart pages nobody told before it, reaches a subscriber added since; the uncovered record is written once', async () => {
    const mails = (to: string) => bed.smtp.messages.filter((m) => m.to.includes(`${to}@bpbd.test`));
    const first = await bed.start('notify-1', env);
    const raised = makeAlertEvent({ id: `flood-gunung-lingai:flood_level:${Date.now()}`, severity: 'critical', at: Date.now() });
    const base = makeAlertEvent({ id: `flood-palaran:flood_level:${Date.now()}`, severity: 'critical', at: Date.now() });
    const uncovered: AlertEvent = { ...base, alert: { ...base.alert, district: 'Palaran' } };
    await publish(raised);
    await publish(uncovered);
    await waitFor('the on-call and subscriber emails', () => (mails('ani').length > 0 && mails('sari').length > 1) || null);
    // Every record before the stop: Ani's, Sari's two and the uncovered one. Waiting for 3 let a busy machine stop the
    // notifier before Sari's second record was written, and the restart rightly told her again (CI: sari 3 mails).
    await waitFor('their records and the uncovered one stored', async () => {
      const rows = await influxQuery(services.influxUrl, db, `SELECT "doc" FROM "events"."deliveries" WHERE "status" = 'sent' OR "status" = 'uncovered'`);
      return rows.length >= 4 || null;
    });
    // Sari subscribes to every emergency: both alerts, once each.
    expect(mails('sari')).toHaveLength(2);
    // the uncovered one's audit entry (written with its record) keeps its kind and district as values: said in Indonesian too
    const [entry] = (await influxQuery(services.influxUrl, db, `SELECT * FROM ${AUDIT} WHERE "action" = 'delivery:uncovered'`)).map(parseAuditRow);
    expect(formatAuditDetail('id', entry)).toBe(`tidak ditanggung tim mana pun (jenis "${base.alert.kind}", kecamatan "Palaran"): tidak ada petugas piket yang dipanggil`);
    await first.proc.kill();

    const second = await bed.start('notify-2', env);
    const directoriesRead = () => (second.proc.logs().match(/people directory version \d+/g) ?? []).length;
    const readBefore = directoriesRead();
    // Eko subscribes after the alert was raised: the reminder is news to him.
    await seedDirectory(bed.pg.url, { people: [{ person: { id: 'eko', name: 'eko' }, channels: email('eko'), subscriptions: [{}] }] });
    // the directory poll (500 ms) has read him: it logs each new version (a fixed wait was a guess on a busy machine)
    await waitFor('the notifier reading the directory with Eko', () => directoriesRead() > readBefore || null, { timeoutMs: 15_000 });
    await publish(reminderOf(raised));
    await publish(reminderOf(uncovered));
    await waitFor('the reminders to the subscriber added since', () => mails('eko')[1], { timeoutMs: 15_000 });
    // A little longer: nothing else comes, and the records are written (250 ms batches).
    await new Promise((r) => setTimeout(r, 2_000));
    // Ani and Sari told before the stop: nothing again; Eko told nothing before: both reminders, once each.
    expect([mails('ani').length, mails('sari').length, mails('eko').length, mails('budi').length]).toEqual([1, 2, 2, 0]);
    expect(await uncoveredRows()).toHaveLength(1);
  }, 120_000);
});
