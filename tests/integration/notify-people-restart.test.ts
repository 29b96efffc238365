/**
 * The escalation chain survives a notifier crash: the on-call responder is paged, the notifier is
 * SIGKILLed, a new one starts on the same journal; it rebuilds the open chain from InfluxDB (the alert's
 * events and its own deliveries) and goes on: the backup and then the lead are paged once each, and the
 * on-call responder is not paged again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatAlertEventLine } from '../../src/lib/core/line-protocol';
import { TOPICS } from '../../src/lib/core/topic';
import { makeAlertEvent } from '../../ingest/notify/test-support';
import { readTestServices, uniqueDb } from '../helpers/env';
import { influxQuery, influxWrite } from '../helpers/influx';
import { waitFor } from '../helpers/wait';
import { mosquittoPub } from './mqtt-tools';
import { createRestartBed, seedDirectory, type RestartBed } from './notify-people-fixture';

const services = readTestServices();
const db = uniqueDb('notifyrestart');
const MINUTE_MS = 1_000;
let bed: RestartBed;

const start = (name: string) => bed.start(name, { NOTIFY_TEST_MINUTE_MS: String(MINUTE_MS) });

beforeAll(async () => {
  bed = await createRestartBed(db, 'notifyrestart');
  const shift = { start: Date.now() - 3_600_000, end: Date.now() + 3_600_000 };
  await seedDirectory(bed.pg.url, {
    people: ['ani', 'budi', 'citra'].map((id) => ({ person: { id, name: id }, channels: [{ kind: 'email' as const, address: `${id}@bpbd.test`, rank: 0, enabled: true }] })),
    teams: [{ team: { id: 'bpbd', kinds: ['flood'], leadPersonId: 'citra', backupAfterMin: 10, leadAfterMin: 12 }, shifts: [{ personId: 'ani', role: 'primary', ...shift }, { personId: 'budi', role: 'backup', ...shift }] }]
  });
}, 60_000);

afterAll(() => bed?.close());

describe('notifier restart during an escalation', () => {
  it('rebuilds the open chain from InfluxDB: backup and lead paged once each, on-call not again', async () => {
    const first = await start('notify-1');
    const raised = makeAlertEvent({ id: `flood-gunung-lingai:flood_level:${Date.now()}`, severity: 'critical', at: Date.now() });
    // As the ingest does: the event stored in InfluxDB and published on MQTT.
    await influxWrite(services.influxUrl, db, formatAlertEventLine(raised));
    expect((await mosquittoPub(services.mqttUrl, TOPICS.alertEvents, JSON.stringify(raised))).code).toBe(0);
    const mails = (to: string) => bed.smtp.messages.filter((m) => m.to.includes(`${to}@bpbd.test`));
    await waitFor('the on-call email', () => mails('ani')[0]);
    await waitFor('the on-call delivery stored', async () => (await influxQuery(services.influxUrl, db, `SELECT * FROM "events"."deliveries" WHERE "reason" = 'oncall'`))[0] ?? null);
    await first.proc.kill();
    expect(mails('budi')).toEqual([]);

    const second = await start('notify-2');
    expect(second.proc.logs()).toMatch(/restored 1 open chain/);
    await waitFor('the backup email', () => mails('budi')[0], { timeoutMs: 30_000 });
    await waitFor('the lead email', () => mails('citra')[0], { timeoutMs: 30_000 });
    // A little longer: nothing more comes (the chain ended with the lead).
    await new Promise((r) => setTimeout(r, 3 * MINUTE_MS));
    expect([mails('ani').length, mails('budi').length, mails('citra').length]).toEqual([1, 1, 1]);
  }, 120_000);
});
