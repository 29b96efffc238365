/**
 * A worsening while the notifier is down (review G1): the alert's chain ended unacknowledged (on-call, backup and lead
 * paged), the notifier is SIGKILLed, the ingest stores and publishes the worsening; the broker keeps it for the
 * notifier's persistent session. The new notifier restores the chain from InfluxDB (at the worsened version already)
 * and then receives the worsening: all three are paged again, once, with acknowledge links issued after the worsening
 * (the old ones are refused as stale). A third notifier after that pages nobody again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/lib/core/alert';
import { formatAlertEventLine } from '../../src/lib/core/line-protocol';
import { TOPICS } from '../../src/lib/core/topic';
import { ACK_TOKEN_TTL_MS, verifyAckToken } from '../../src/lib/notify/ack-token';
import { makeAlertEvent } from '../../ingest/notify/test-support';
import { readTestServices, uniqueDb } from '../helpers/env';
import { influxQuery, influxWrite } from '../helpers/influx';
import { waitFor } from '../helpers/wait';
import { mosquittoPub } from './mqtt-tools';
import { ACK_SECRET, createRestartBed, seedDirectory, type RestartBed } from './notify-people-fixture';

const services = readTestServices();
const db = uniqueDb('notifyworse');
const MINUTE_MS = 500;
let bed: RestartBed;

const start = (name: string) => bed.start(name, { NOTIFY_TEST_MINUTE_MS: String(MINUTE_MS) });

/** As the ingest does: stored in InfluxDB, then published on MQTT (QoS 1). */
async function emit(event: AlertEvent): Promise<void> {
  await influxWrite(services.influxUrl, db, formatAlertEventLine(event));
  expect((await mosquittoPub(services.mqttUrl, TOPICS.alertEvents, JSON.stringify(event))).code).toBe(0);
}

/** When the acknowledge link in a mail was issued (its token expires ACK_TOKEN_TTL_MS after). */
function ackIssuedAt(text: string): number {
  const token = /\/ack\/([A-Za-z0-9._~-]+)/.exec(text)?.[1] ?? '';
  const verdict = verifyAckToken(ACK_SECRET, token, Date.now());
  if (!verdict.ok) throw new Error(`no valid acknowledge link in the mail (${verdict.error})`);
  return verdict.claims.exp - ACK_TOKEN_TTL_MS;
}

beforeAll(async () => {
  bed = await createRestartBed(db, 'notifyworse');
  const shift = { start: Date.now() - 3_600_000, end: Date.now() + 3_600_000 };
  await seedDirectory(bed.pg.url, {
    people: ['ani', 'budi', 'citra'].map((id) => ({ person: { id, name: id }, channels: [{ kind: 'email' as const, address: `${id}@bpbd.test`, rank: 0, enabled: true }] })),
    teams: [{ team: { id: 'bpbd', kinds: ['flood'], leadPersonId: 'citra', backupAfterMin: 3, leadAfterMin: 6 }, shifts: [{ personId: 'ani', role: 'primary', ...shift }, { personId: 'budi', role: 'backup', ...shift }] }]
  });
}, 60_000);

afterAll(() => bed?.close());

describe('notifier restart with a worsening waiting at the broker', () => {
  it('pages the backup and the lead again (fresh links), once, as a live notifier would', async () => {
    const first = await start('notify-1');
    const raised = makeAlertEvent({ id: `flood-gunung-lingai:flood_level:${Date.now()}`, severity: 'critical', at: Date.now() });
    await emit(raised);
    const mails = (to: string) => bed.smtp.messages.filter((m) => m.to.includes(`${to}@bpbd.test`));
    await waitFor('the lead email', () => mails('citra')[0], { timeoutMs: 30_000 });
    await waitFor('the lead delivery stored', async () => (await influxQuery(services.influxUrl, db, `SELECT * FROM "events"."deliveries" WHERE "reason" = 'lead'`))[0] ?? null);
    await first.proc.kill();
    expect([mails('ani').length, mails('budi').length, mails('citra').length]).toEqual([1, 1, 1]);

    const worsenedAt = Date.now();
    const alert = { ...raised.alert, level: 3, worsenedAt, updatedAt: worsenedAt };
    await emit({ type: 'escalated', at: worsenedAt, by: 'ingest', alert });

    const second = await start('notify-2');
    expect(second.proc.logs()).toMatch(/restored 1 open chain/);
    for (const who of ['ani', 'budi', 'citra']) await waitFor(`${who} paged again`, () => mails(who)[1], { timeoutMs: 30_000 });
    for (const who of ['ani', 'budi', 'citra']) expect(ackIssuedAt(mails(who)[1].text)).toBeGreaterThanOrEqual(worsenedAt);
    // Their backup and lead steps come no second time.
    await new Promise((r) => setTimeout(r, 8 * MINUTE_MS));
    expect([mails('ani').length, mails('budi').length, mails('citra').length]).toEqual([2, 2, 2]);
    await waitFor('the new pages stored', async () => (await influxQuery(services.influxUrl, db, `SELECT * FROM "events"."deliveries" WHERE "reason" = 'lead'`))[1] ?? null);
    await second.proc.kill();

    // Restarted again: the new pages are on record, the worsening is no news.
    const third = await start('notify-3');
    await new Promise((r) => setTimeout(r, 8 * MINUTE_MS));
    expect(third.proc.logs()).toMatch(/restored 1 open chain/);
    expect([mails('ani').length, mails('budi').length, mails('citra').length]).toEqual([2, 2, 2]);
  }, 150_000);
});
