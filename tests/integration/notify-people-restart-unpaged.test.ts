/**
 * A notifier restart after it was down for longer than its restore's recent window (2 days of alert events and
 * deliveries): critical alerts raised 3 days ago, while it was down or just before it stopped, whose escalation steps
 * were never paged. Their chains must not be taken for over: the delivery records from each chain's start say which
 * steps went out, and those that never did go out at once (in the background, after the start); steps really paged
 * are not paged again. One alert only the look-back shows (nothing stored since), one the window shows (a comment
 * yesterday), and one whose chain went out in full back then. And a worsening stored while it was down, of an alert
 * raised before the window whose chain was over unacknowledged: its backup and lead are paged again at once, as by a
 * notifier that never stopped, not at the steps of a round begun at the worsening (one acknowledged back then does that).
 * The primary on call is paged at once too for an alert that came while it was down and paged nobody (the broker keeps
 * events a day: its raise is never redelivered), once, even when the broker redelivers it after all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTestServices, uniqueDb } from '../helpers/env';
import { waitFor } from '../helpers/wait';
import { oldAlertEvents } from './old-alert-events';
import { createRestartBed, seedDirectory, type RestartBed } from './notify-people-fixture';

const services = readTestServices();
const db = uniqueDb('notifyunpaged');
/**
 * A team minute of 0.5 s: the backup's 20 minutes are 10 s (time enough for a restart to page at once before that
 * step), the lead's 22 are 11 s (soon after, so waiting past it to see that nothing more comes is short).
 */
const MINUTE_MS = 500;
const DAY_MS = 86_400_000;
const T0 = Date.now() - 3 * DAY_MS;
let bed: RestartBed;

const { alertOf, stored, emit, pagedThen } = oldAlertEvents(services, db, T0);
/** Raised 30 hours ago while the notifier was down: in its window, past the broker's day. */
const inWindow = alertOf('Air Hitam', Date.now() - 30 * 3_600_000);

const mails = (to: string, sensor: string) => bed.smtp.messages.filter((m) => m.to.includes(`${to}@bpbd.test`) && m.text.includes(`Pos TMA ${sensor}`));
const counts = (sensor: string) => ['ani', 'budi', 'citra'].map((who) => mails(who, sensor).length);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  bed = await createRestartBed(db, 'notifyunpaged');
  const shift = { start: Date.now() - 3_600_000, end: Date.now() + 3_600_000 };
  await seedDirectory(bed.pg.url, {
    people: ['ani', 'budi', 'citra'].map((id) => ({ person: { id, name: id }, channels: [{ kind: 'email' as const, address: `${id}@bpbd.test`, rank: 0, enabled: true }] })),
    teams: [{ team: { id: 'bpbd', kinds: ['flood'], leadPersonId: 'citra', backupAfterMin: 20, leadAfterMin: 22 }, shifts: [{ personId: 'ani', role: 'primary', ...shift }, { personId: 'budi', role: 'backup', ...shift }] }]
  });
  // Raised while the notifier was down: nobody paged, nothing stored since (only the look-back shows it).
  await stored({ type: 'raised', at: T0, by: 'ingest', alert: alertOf('Gunung Lingai') });
  // Its primary paged, then the notifier stopped for days; commented on yesterday (the window shows it).
  const commented = alertOf('Lempake');
  await stored({ type: 'raised', at: T0, by: 'ingest', alert: commented });
  await stored({ type: 'commented', at: Date.now() - DAY_MS, by: 'operator', alert: { ...commented, updatedAt: Date.now() - DAY_MS, comments: [{ by: 'operator', at: Date.now() - DAY_MS, text: 'pompa jalan' }] } });
  await pagedThen(commented, [['oncall', 'ani', T0 + 50]]);
  // Raised while it was down, commented on yesterday: nobody paged (the window shows it, its records are read from its start).
  const unpaged = alertOf('Sungai Pinang');
  await stored({ type: 'raised', at: T0, by: 'ingest', alert: unpaged });
  await stored({ type: 'commented', at: Date.now() - DAY_MS, by: 'operator', alert: { ...unpaged, updatedAt: Date.now() - DAY_MS, comments: [{ by: 'operator', at: Date.now() - DAY_MS, text: 'cek lokasi' }] } });
  await stored({ type: 'raised', at: inWindow.raisedAt, by: 'ingest', alert: inWindow });
  // Paged in full back then: over, not paged again.
  const over = alertOf('Sempaja');
  await stored({ type: 'raised', at: T0, by: 'ingest', alert: over });
  await pagedThen(over, [['oncall', 'ani', T0 + 50], ['backup', 'budi', T0 + 20 * 60_000], ['lead', 'citra', T0 + 22 * 60_000]]);
}, 60_000);

afterAll(() => bed?.close());

describe('notifier restart after days down', () => {
  it('pages at once the steps of chains older than its window that never went out, and not those that did', async () => {
    const notifier = await bed.start('notify-unpaged', { NOTIFY_TEST_MINUTE_MS: String(MINUTE_MS) });
    const startedAt = Date.now();
    for (const sensor of ['Gunung Lingai', 'Lempake', 'Sungai Pinang', 'Air Hitam']) {
      for (const who of ['budi', 'citra']) await waitFor(`${who} paged about ${sensor}`, () => mails(who, sensor)[0], { timeoutMs: 15_000 });
    }
    // was: the primary never paged about those that came while the notifier was down
    for (const sensor of ['Gunung Lingai', 'Sungai Pinang', 'Air Hitam']) await waitFor(`ani paged about ${sensor}`, () => mails('ani', sensor)[0], { timeoutMs: 5_000 });
    // At once, not at the steps of a chain started now (the backup's 20 team minutes are 10 s).
    expect(Date.now()).toBeLessThan(startedAt + 10_000);
    // The broker redelivers the raise after all: its page is in the send ledger under the same key, not sent again.
    await emit({ type: 'raised', at: inWindow.raisedAt, by: 'ingest', alert: inWindow });
    // Past the lead's step of any chain running since: nothing more comes, nothing twice.
    await sleep(24 * MINUTE_MS);
    expect(counts('Lempake')).toEqual([0, 1, 1]);
    for (const sensor of ['Gunung Lingai', 'Sungai Pinang', 'Air Hitam']) expect([sensor, ...counts(sensor)]).toEqual([sensor, 1, 1, 1]);
    expect(counts('Sempaja')).toEqual([0, 0, 0]);
    // The message says how long the alert waited, in days, not thousands of minutes.
    expect(mails('budi', 'Lempake')[0].text).not.toMatch(/\d{4} menit|\d{4} minutes/);
    expect(notifier.proc.logs()).toMatch(/never paged/);
    expect(notifier.proc.logs()).not.toMatch(/could not/);
    await notifier.proc.kill();
  }, 120_000);

  it('pages the backup and lead reached before a worsening stored while it was down at once, as a notifier that never stopped', async () => {
    const over = alertOf('Bengkuring');
    const acked = alertOf('Sambutan');
    for (const a of [over, acked]) await stored({ type: 'raised', at: T0, by: 'ingest', alert: a });
    await pagedThen(over, [['oncall', 'ani', T0 + 50], ['backup', 'budi', T0 + 20 * 60_000], ['lead', 'citra', T0 + 22 * 60_000]]);
    // Acknowledged by the primary back then: its worsening is a new round, from the primary.
    const ackAt = T0 + 5 * 60_000;
    await stored({ type: 'acknowledged', at: ackAt, by: 'ani', alert: { ...acked, state: 'acknowledged', acknowledgedAt: ackAt, acknowledgedBy: 'ani', acknowledgedVia: 'email', updatedAt: ackAt } });
    await pagedThen(acked, [['oncall', 'ani', T0 + 50]]);
    // Both worsen while the notifier is down (the ingest stored it; no notifier heard it).
    const worsenedAt = Date.now();
    for (const a of [over, acked]) await stored({ type: 'escalated', at: worsenedAt, by: 'ingest', alert: { ...a, level: 3, worsenedAt, updatedAt: worsenedAt } });
    const notifier = await bed.start('notify-unpaged-worse', { NOTIFY_TEST_MINUTE_MS: String(MINUTE_MS) });
    for (const who of ['budi', 'citra']) await waitFor(`${who} paged about the worsening`, () => mails(who, 'Bengkuring')[0], { timeoutMs: 15_000 });
    // was: at the steps of a round begun at the worsening (the backup's 20 team minutes, 10 s, the lead's 11 s)
    expect(Date.now()).toBeLessThan(worsenedAt + 20 * MINUTE_MS);
    expect(counts('Sambutan').slice(1)).toEqual([0, 0]);
    await sleep(24 * MINUTE_MS);
    // Once each; the acknowledged one's round ran from the worsening: its backup and lead at their steps. The primary
    // hears of both worsenings (no page since), once.
    expect(counts('Bengkuring')).toEqual([1, 1, 1]);
    expect(counts('Sambutan')).toEqual([1, 1, 1]);
    expect(notifier.proc.logs()).not.toMatch(/could not/);
    await notifier.proc.kill();
  }, 120_000);
});
