/**
 * The acknowledge link a real notifier mails carries the version (worsenedAt) of the alert the message is about, and
 * the command center's check compares versions, not clocks. It compared the link's signing time (the notifier's clock)
 * with worsenedAt (the ingest's): with the ingest's clock ahead of the notifier's, the re-page after a worsening
 * carried a link the command center refused as stale, every time. Here the ingest's clock is 5 s ahead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/lib/core/alert';
import { formatAlertEventLine } from '../../src/lib/core/line-protocol';
import { TOPICS } from '../../src/lib/core/topic';
import { verifyAckToken, type AckClaims } from '../../src/lib/notify/ack-token';
import { createAckService } from '../../src/lib/server/ack/service';
import { makeAlertEvent } from '../../ingest/notify/test-support';
import { readTestServices, uniqueDb } from '../helpers/env';
import { influxWrite } from '../helpers/influx';
import { waitFor } from '../helpers/wait';
import { mosquittoPub } from './mqtt-tools';
import { ACK_SECRET, ackLinkIn, createRestartBed, seedDirectory, type RestartBed } from './notify-people-fixture';

const services = readTestServices();
const db = uniqueDb('ackversion');
let bed: RestartBed;

async function emit(event: AlertEvent): Promise<void> {
  await influxWrite(services.influxUrl, db, formatAlertEventLine(event));
  expect((await mosquittoPub(services.mqttUrl, TOPICS.alertEvents, JSON.stringify(event))).code).toBe(0);
}

function claimsIn(text: string): AckClaims {
  const token = ackLinkIn(text)?.split('/ack/')[1] ?? '';
  const verdict = verifyAckToken(ACK_SECRET, token, Date.now());
  if (!verdict.ok) throw new Error(`no valid acknowledge link in the mail (${verdict.error})`);
  return verdict.claims;
}

beforeAll(async () => {
  bed = await createRestartBed(db, 'ackversion');
  const shift = { start: Date.now() - 3_600_000, end: Date.now() + 3_600_000 };
  await seedDirectory(bed.pg.url, {
    people: [{ person: { id: 'ani', name: 'ani' }, channels: [{ kind: 'email' as const, address: 'ani@bpbd.test', rank: 0, enabled: true }] }],
    teams: [{ team: { id: 'bpbd', kinds: ['flood'], leadPersonId: 'ani', backupAfterMin: 30, leadAfterMin: 60 }, shifts: [{ personId: 'ani', role: 'primary', ...shift }] }]
  });
}, 60_000);

afterAll(() => bed?.close());

describe('the acknowledge link of a re-page after a worsening', () => {
  it('names the worsened version, and the command center takes it whatever the two clocks say', async () => {
    await bed.start('notify-1');
    const raised = makeAlertEvent({ id: `flood-gunung-lingai:flood_level:${Date.now()}`, severity: 'critical', at: Date.now() });
    await emit(raised);
    const mails = () => bed.smtp.messages.filter((m) => m.to.includes('ani@bpbd.test'));
    await waitFor('the first page', () => mails()[0], { timeoutMs: 30_000 });
    expect(claimsIn(mails()[0].text).version).toBe(0);

    // The ingest's clock 5 s ahead of the notifier's: its worsenedAt is later than the re-page's signing time.
    const worsenedAt = Date.now() + 5_000;
    const worse = { ...raised.alert, level: 3, worsenedAt, updatedAt: worsenedAt };
    await emit({ type: 'escalated', at: worsenedAt, by: 'ingest', alert: worse });
    await waitFor('the re-page', () => mails()[1], { timeoutMs: 30_000 });
    const fresh = claimsIn(mails()[1].text);
    expect(fresh.version).toBe(worsenedAt);

    // The command center's check, holding the worsened copy: the re-page's link is good, the first page's stale.
    const store = { person: async (id: string) => ({ id, name: 'ani', active: true }), usedAt: async () => null, claim: async () => true, release: async () => undefined };
    const hub = { alert: () => worse, actAs: async () => ({ ok: false as const, error: 'not in this test' }) };
    const svc = createAckService({ secret: ACK_SECRET, store, hub, roleOf: () => undefined, audit: () => undefined });
    const token = (i: number) => ackLinkIn(mails()[i].text)?.split('/ack/')[1] ?? '';
    // was: stale (signed on the notifier's clock before the ingest's worsenedAt)
    expect((await svc.inspect(token(1), '10.0.0.9')).status).toBe('confirm');
    expect((await svc.inspect(token(0), '10.0.0.9')).status).toBe('stale');
  }, 90_000);
});
