/**
 * A notifier restart with critical alerts open for longer than its restore's recent window (2 days of alert events
 * and deliveries): raised 3 days before the restart, their chains (on-call, backup, lead) long over unacknowledged, as
 * a flood held at Siaga 2 for days leaves them. What InfluxDB holds is written as the ingest and the notifier wrote it
 * then. After the restart: a chain over is not paged again (the alert commented on yesterday, so the window shows it);
 * the alert worsening pages its primary, backup and lead at once with fresh links, as a notifier that never stopped
 * would (not the backup a step later); one acknowledged back then starts a new round from its primary, which its
 * acknowledgement stops. A chain begun before the window and running into it is told by its pages from before it too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '../../src/lib/core/people';
import { ACK_TOKEN_TTL_MS, verifyAckToken } from '../../src/lib/notify/ack-token';
import { readTestServices, uniqueDb } from '../helpers/env';
import { waitFor } from '../helpers/wait';
import { oldAlertEvents } from './old-alert-events';
import { ACK_SECRET, createRestartBed, seedDirectory, type RestartBed } from './notify-people-fixture';

const services = readTestServices();
const db = uniqueDb('notifyold');
/** A team minute of 0.5 s: the backup's 20 minutes are 10 s, the lead's 40 are 20 s. */
const MINUTE_MS = 500;
const DAY_MS = 86_400_000;
const T0 = Date.now() - 3 * DAY_MS;
let bed: RestartBed;

const { alertOf, stored, emit, pagedThen } = oldAlertEvents(services, db, T0);

function ackIssuedAt(text: string): number {
  const token = /\/ack\/([A-Za-z0-9._~-]+)/.exec(text)?.[1] ?? '';
  const verdict = verifyAckToken(ACK_SECRET, token, Date.now());
  if (!verdict.ok) throw new Error(`no valid acknowledge link in the mail (${verdict.error})`);
  return verdict.claims.exp - ACK_TOKEN_TTL_MS;
}

const mails = (to: string, sensor: string) => bed.smtp.messages.filter((m) => m.to.includes(`${to}@bpbd.test`) && m.text.includes(`Pos TMA ${sensor}`));
const counts = (sensor: string) => ['ani', 'budi', 'citra'].map((who) => mails(who, sensor).length);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  bed = await createRestartBed(db, 'notifyold');
  const shift = { start: Date.now() - 3_600_000, end: Date.now() + 3_600_000 };
  await seedDirectory(bed.pg.url, {
    people: ['ani', 'budi', 'citra'].map((id) => ({ person: { id, name: id }, channels: [{ kind: 'email' as const, address: `${id}@bpbd.test`, rank: 0, enabled: true }] })),
    teams: [{ team: { id: 'bpbd', kinds: ['flood'], leadPersonId: 'citra', backupAfterMin: 20, leadAfterMin: 40 }, shifts: [{ personId: 'ani', role: 'primary', ...shift }, { personId: 'budi', role: 'backup', ...shift }] }]
  });
  const chainThen: [DeliveryRecord['reason'], string, number][] = [['oncall', 'ani', T0 + 50], ['backup', 'budi', T0 + 20 * 60_000], ['lead', 'citra', T0 + 40 * 60_000]];
  // Commented on yesterday, never acknowledged: the recent window shows the alert, not its pages.
  const commented = alertOf('Lempake');
  await stored({ type: 'raised', at: T0, by: 'ingest', alert: commented });
  await stored({ type: 'commented', at: Date.now() - DAY_MS, by: 'operator', alert: { ...commented, updatedAt: Date.now() - DAY_MS, comments: [{ by: 'operator', at: Date.now() - DAY_MS, text: 'pompa jalan' }] } });
  await pagedThen(commented, chainThen);
  // Nothing stored since its chain ended.
  const quiet = alertOf('Gunung Lingai');
  await stored({ type: 'raised', at: T0, by: 'ingest', alert: quiet });
  await pagedThen(quiet, chainThen);
  // Acknowledged by the primary within minutes, back then.
  const acked = alertOf('Bengkuring');
  const ackAt = T0 + 5 * 60_000;
  await stored({ type: 'raised', at: T0, by: 'ingest', alert: acked });
  await stored({ type: 'acknowledged', at: ackAt, by: 'ani', alert: { ...acked, state: 'acknowledged', acknowledgedAt: ackAt, acknowledgedBy: 'ani', acknowledgedVia: 'email', updatedAt: ackAt } });
  await pagedThen(acked, [['oncall', 'ani', T0 + 50]]);
}, 60_000);

afterAll(() => bed?.close());

describe('notifier restart with alerts open longer than its recent window', () => {
  it('pages no chain over again, and a worsening after the restart as a notifier that never stopped would', async () => {
    const notifier = await start();
    // The chains of alerts with no event in the 2 days come from the look-back, after the start.
    await waitFor('the look-back restored', () => /restored 1 chain\(s\) of alerts open longer than the last days/.exec(notifier.proc.logs()), { timeoutMs: 10_000 });
    // Give a (wrongly) restored chain time to page its overdue steps.
    await sleep(3_000);
    expect(counts('Lempake')).toEqual([0, 0, 0]);
    expect(counts('Gunung Lingai')).toEqual([0, 0, 0]);

    // The quiet one worsens (Siaga 1): its primary, backup and lead were all paged and hold links now stale.
    const worsenedAt = Date.now();
    const quiet = alertOf('Gunung Lingai');
    await emit({ type: 'escalated', at: worsenedAt, by: 'ingest', alert: { ...quiet, level: 3, worsenedAt, updatedAt: worsenedAt } });
    // Well before the backup's 20 team minutes: they hear it with the primary.
    for (const who of ['ani', 'budi', 'citra']) await waitFor(`${who} paged about the worsening`, () => mails(who, 'Gunung Lingai')[0], { timeoutMs: 10_000 });
    expect(Date.now()).toBeLessThan(worsenedAt + 20 * MINUTE_MS);
    for (const who of ['ani', 'budi', 'citra']) expect(ackIssuedAt(mails(who, 'Gunung Lingai')[0].text)).toBeGreaterThanOrEqual(worsenedAt);

    // The acknowledged one worsens: a new round, its primary at once and nobody else yet.
    const acked = alertOf('Bengkuring');
    const reopenedAt = Date.now();
    await emit({ type: 'escalated', at: reopenedAt, by: 'ingest', alert: { ...acked, level: 3, worsenedAt: reopenedAt, updatedAt: reopenedAt } });
    await waitFor('the primary paged about the reopened alert', () => mails('ani', 'Bengkuring')[0], { timeoutMs: 10_000 });
    expect(counts('Bengkuring')).toEqual([1, 0, 0]);
    // Acknowledged again before its backup's step: the round stops there.
    const ackAt = Date.now();
    const ack = { ...acked, level: 3, worsenedAt: reopenedAt, state: 'acknowledged' as const, acknowledgedAt: ackAt, acknowledgedBy: 'ani', acknowledgedVia: 'email' as const, updatedAt: ackAt };
    await emit({ type: 'acknowledged', at: ackAt, by: 'ani', alert: ack });

    // Past the backup's and the lead's steps of any chain running since: nothing more comes.
    await sleep(45 * MINUTE_MS);
    expect(counts('Gunung Lingai')).toEqual([1, 1, 1]);
    expect(counts('Bengkuring')).toEqual([1, 0, 0]);
    expect(counts('Lempake')).toEqual([0, 0, 0]);
    // Lempake from the 2 days (its comment), Gunung Lingai from the look-back.
    expect(notifier.proc.logs()).toMatch(/restored 1 open chain/);
    expect(notifier.proc.logs()).not.toMatch(/could not/);
    await notifier.proc.kill();
  }, 120_000);

  it('reads the pages from before the window of a chain that ran into it (minutes of real length)', async () => {
    // Raised 2 days and 30 minutes ago: its backup was paged before the window (20 minutes later), its lead in it.
    const t1 = Date.now() - 2 * DAY_MS - 30 * 60_000;
    const long = alertOf('Sempaja', t1);
    await stored({ type: 'raised', at: t1, by: 'ingest', alert: long });
    await pagedThen(long, [['oncall', 'ani', t1 + 50], ['backup', 'budi', t1 + 20 * 60_000], ['lead', 'citra', t1 + 40 * 60_000]]);
    const notifier = await bed.start('notify-old-2', { NOTIFY_TEST_MINUTE_MS: '60000' });
    await sleep(2_000);
    expect(counts('Sempaja')).toEqual([0, 0, 0]);

    const worsenedAt = Date.now();
    await emit({ type: 'escalated', at: worsenedAt, by: 'ingest', alert: { ...long, level: 3, worsenedAt, updatedAt: worsenedAt } });
    // The backup too: the chain reached it, though only the lead's page is in the window.
    for (const who of ['ani', 'budi', 'citra']) await waitFor(`${who} paged about the worsening`, () => mails(who, 'Sempaja')[0], { timeoutMs: 10_000 });
    await sleep(2_000);
    expect(counts('Sempaja')).toEqual([1, 1, 1]);
    expect(notifier.proc.logs()).not.toMatch(/could not/);
  }, 60_000);
});

function start() {
  return bed.start('notify-old', { NOTIFY_TEST_MINUTE_MS: String(MINUTE_MS) });
}
