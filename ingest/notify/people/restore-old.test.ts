import { describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '../../../src/lib/core/people';
import type { Channel, OutgoingMessage } from '../channels/types';
import { createDispatcher, type MessageSubject } from './dispatcher';
import { chainRecordsFrom, hiddenStarts, openChains, roundsBefore, type RestoreWindow } from './restore';
import { roundReads } from './restore-older';
import { testNotifier } from './test-notifier';
import { alert, channel, directory, event, person } from './test-fixtures';

/**
 * Alerts open longer than the restore's window (its events and records of the last days): a chain begun before it is
 * over when its team's steps all fell due before it (not paged again; reached, so a worsening pages its backup and lead
 * again at once); one that ran into the window has its records read from its start (chainRecordsFrom).
 */

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const FOREVER = Number.MAX_SAFE_INTEGER;
const team = { id: 'bpbd', name: { id: 'BPBD', en: 'BPBD' }, kinds: [], districts: [], leadPersonId: 'citra', backupAfterMin: 10, leadAfterMin: 20 };
const shift = (id: number, personId: string, role: 'primary' | 'backup') => ({ id, teamId: 'bpbd', personId, role, start: 0, end: FOREVER });
const dir = directory(['ani', 'budi', 'citra'].map((id, i) => person(id, { channels: [channel(i, 'email', 0)] })), { teams: [team], shifts: [shift(1, 'ani', 'primary'), shift(2, 'budi', 'backup')] });
const rec = (alertId: string, reason: DeliveryRecord['reason'], at: number): DeliveryRecord => ({
  at, alertIds: [alertId], personId: 'p', personName: 'P', teamId: 'bpbd', reason, channel: 'email', status: 'sent', attempt: 1
});
/** The window read at 3 days: its records from day 1 on. */
const W = 1 * DAY;
const window: RestoreWindow = { recordsFrom: W };

describe('restore of alerts open longer than the window', () => {
  it('a chain begun and over before the window is over: both steps reached, nothing stale', () => {
    const a = alert({ id: 'x', raisedAt: 0, updatedAt: 0 });
    // Commented on in the window: the events show the alert, the records not its pages.
    const events = [event('commented', { ...a, updatedAt: 2 * DAY }, 2 * DAY)];
    expect(openChains(events, [], dir, window)).toEqual([{ alert: events[0].alert, teamId: 'bpbd', openedAt: 0, done: ['backup', 'lead'] }]);
    // Without the window it looked like a chain never paged past its primary (its backup and lead paged at once again).
    expect(openChains(events, [], dir)[0].done).toEqual([]);
    // Worsened before the window: not known whether its pages went out, and no news now.
    const worse = { ...a, level: 3, worsenedAt: 5 * MIN, updatedAt: 2 * DAY };
    expect(openChains([event('commented', worse, 2 * DAY)], [rec('x', 'oncall', 0)], dir, window)[0]).toMatchObject({ done: ['backup', 'lead'] });
    expect(openChains([event('commented', worse, 2 * DAY)], [rec('x', 'oncall', 0)], dir, window)[0].stale).toBeUndefined();
  });

  it('an alert with no event in the window comes from the look-back copies; acknowledged or resolved ones, or ones the events show, do not', () => {
    const a = alert({ id: 'x', raisedAt: 0, updatedAt: 0 });
    const older = [a, { ...a, value: 230, updatedAt: 3 * MIN }, alert({ id: 'acked', raisedAt: 0, state: 'acknowledged', acknowledgedAt: MIN }), alert({ id: 'warn', severity: 'warning' })];
    const chains = openChains([], [], dir, { ...window, older });
    expect(chains.map((c) => [c.alert.id, c.alert.value, c.done])).toEqual([['x', 230, ['backup', 'lead']]]);
    // The window's events are newer than the look-back's copies: resolved there, it stays resolved.
    const resolved = event('resolved', { ...a, state: 'resolved', resolvedAt: 2 * DAY, updatedAt: 2 * DAY }, 2 * DAY);
    expect(openChains([resolved], [], dir, { ...window, older })).toEqual([]);
  });

  it('the newer of the look-back copy and the window\'s: a refused acknowledgement stored just inside the window hides no worsening before it', () => {
    // Worsened 30 s before the window; an acknowledgement made on the copy from before the worsening (refused live)
    // stored 30 s into it. The window's copy says acknowledged; the look-back's, newer by version, says raised.
    const a = alert({ id: 'x', raisedAt: 0, updatedAt: 0 });
    const worse = { ...a, level: 3, worsenedAt: W - 30_000, updatedAt: W - 30_000 };
    const staleAck = event('acknowledged', { ...a, state: 'acknowledged', acknowledgedAt: W + 30_000, acknowledgedBy: 'ani', updatedAt: W + 30_000 }, W + 30_000);
    // The worsening paged all three again at once (the chain begun at 0 was over).
    const records = [rec('x', 'oncall', W - 29_000), rec('x', 'backup', W - 29_000), rec('x', 'lead', W - 29_000)];
    const restoreWindow = { ...window, older: [worse] };
    const readFrom = chainRecordsFrom([staleAck], dir, restoreWindow);
    expect(readFrom).toBe(W - 30_000);
    const chains = openChains([staleAck], records, dir, { ...restoreWindow, readFrom });
    expect(chains.map((c) => [c.alert.level, c.alert.state, c.openedAt, c.done])).toEqual([[3, 'raised', W - 29_000, ['backup', 'lead']]]);
    // A window's copy as new as the look-back's is the window's (its event kept: a resolution stays one).
    const resolved = event('resolved', { ...worse, state: 'resolved', resolvedAt: W + MIN, updatedAt: W + MIN }, W + MIN);
    expect(openChains([resolved], [], dir, { ...window, older: [worse, resolved.alert] })).toEqual([]);
  });

  it('a chain that ran into the window is read from its start, and told from its records', () => {
    // Raised 5 minutes before the window: its lead (20 minutes) came in it, its backup (10 minutes) did not.
    const a = alert({ id: 'x', raisedAt: W - 5 * MIN, updatedAt: W - 5 * MIN });
    const over = alert({ id: 'over', raisedAt: 0, updatedAt: 0 });
    const older = [a, over];
    expect(chainRecordsFrom([], dir, { ...window, older })).toBe(W - 5 * MIN);
    // Only chains over before it: the window's records do.
    expect(chainRecordsFrom([], dir, { ...window, older: [over] })).toBe(W);
    expect(chainRecordsFrom([], dir, { ...window, older: [over], minuteMs: 1_000 })).toBe(W);
    // Team minutes of a second: the same alert's chain was over long before the window.
    expect(chainRecordsFrom([], dir, { ...window, older, minuteMs: 1_000 })).toBe(W);
    const records = [rec('x', 'oncall', W - 5 * MIN), rec('x', 'backup', W + 5 * MIN), rec('x', 'lead', W + 15 * MIN)];
    const chain = (rs: DeliveryRecord[], readFrom?: number) => openChains([], rs, dir, { ...window, older, readFrom }).find((c) => c.alert.id === 'x');
    expect(chain(records, W - 5 * MIN)).toMatchObject({ openedAt: W - 5 * MIN, done: ['backup', 'lead'] });
    // Its lead not yet paged when the notifier stopped: due at once after the restart, its backup not again.
    expect(chain(records.slice(0, 2), W - 5 * MIN)).toMatchObject({ done: ['backup'] });
  });

  it('restored over, the worsening after the restart pages its primary, backup and lead at once, as without a stop', async () => {
    const a = alert({ id: 'x', raisedAt: 0, updatedAt: 0 });
    const mail: string[] = [];
    let clock = 3 * DAY;
    const email: Channel = { kind: 'email', checkAddress: () => null, send: async (_a, m: OutgoingMessage) => (mail.push(m.title), { ok: true }) };
    const d = createDispatcher({
      directory: () => dir,
      channels: new Map([['email', email]]),
      message: (p, s: MessageSubject) => ({ personId: p.id, language: p.language, severity: 'critical', alertIds: [], title: s.type === 'alert' ? `${p.id}:${s.reason}` : 'digest', body: '', url: '', tag: 'email' }),
      record: () => undefined,
      disable: () => undefined,
      log: () => undefined,
      now: () => clock,
      sleep: async () => undefined
    });
    for (const c of openChains([], [], dir, { recordsFrom: clock - 2 * DAY, older: [a] })) d.restore(c.alert, c.teamId, c.openedAt, c.done, c.stale);
    d.tick(clock);
    await d.idle();
    expect(mail).toEqual([]);
    d.handle(event('escalated', { ...a, level: 3, worsenedAt: clock, updatedAt: clock }, clock));
    d.tick((clock += 1_000));
    await d.idle();
    expect(mail.sort()).toEqual(['ani:oncall', 'budi:backup', 'citra:lead']);
    // No step comes after: its chain had reached them.
    for (let i = 0; i < 30; i++) d.tick((clock += MIN));
    await d.idle();
    expect(mail).toHaveLength(3);
  });
});

/**
 * Rounds begun before the window taken for over (their backup and lead reached) hold that only if the notifier was up
 * when their steps fell due. After days down nobody may have been paged: their records are read from their start
 * (restore-older.ts), and the steps those do not show go out at once.
 */
const a = alert({ id: 'x', raisedAt: 0, updatedAt: 0 });
const commented = [event('commented', { ...a, updatedAt: 2 * DAY }, 2 * DAY)];

describe('rounds begun before the window, read from their start', () => {
  it('taken for over until read; then told by their records: steps never paged are not done, those paged are', () => {
    expect(roundsBefore(commented, window)).toEqual([{ alertId: 'x', from: 0 }]);
    expect(openChains(commented, [], dir, window)[0].done).toEqual(['backup', 'lead']);
    const fromStart = new Set(['x']);
    expect(roundsBefore(commented, { ...window, fromStart })).toEqual([]);
    const told = (records: DeliveryRecord[]) => openChains(commented, records, dir, { ...window, fromStart })[0];
    // The notifier was down: nobody paged.
    expect(told([])).toMatchObject({ openedAt: 0, done: [] });
    // It stopped after the backup's page: only the lead is missing.
    expect(told([rec('x', 'oncall', 50), rec('x', 'backup', 10 * MIN)])).toMatchObject({ openedAt: 50, done: ['backup'] });
    // Paged in full, whenever that was (a restart a day later paged the overdue steps).
    expect(told([rec('x', 'oncall', 50), rec('x', 'backup', 0.5 * DAY), rec('x', 'lead', 0.5 * DAY)]).done).toEqual(['backup', 'lead']);
    // Worsened before the window while the notifier was down (its event not read: its round from the worsening): the
    // pages before it do not count, its steps are overdue.
    const worse = [event('commented', { ...a, level: 3, worsenedAt: 0.5 * DAY, updatedAt: 2 * DAY }, 2 * DAY)];
    const chain = openChains(worse, [rec('x', 'oncall', 50), rec('x', 'backup', 10 * MIN), rec('x', 'lead', 20 * MIN)], dir, { ...window, fromStart })[0];
    expect(chain).toMatchObject({ openedAt: 0.5 * DAY, done: [] });
  });

  it('newest rounds first; an acknowledged or resolved alert has none', () => {
    const b = alert({ id: 'y', raisedAt: 0.5 * DAY, updatedAt: 0.5 * DAY });
    const acked = alert({ id: 'z', raisedAt: 0, state: 'acknowledged', acknowledgedAt: MIN });
    expect(roundsBefore([], { ...window, older: [a, b, acked] })).toEqual([{ alertId: 'y', from: 0.5 * DAY }, { alertId: 'x', from: 0 }]);
  });

  it('a round the window shows begun by a worsening of an alert raised before it hides the round it found; told with its events, its reached steps are stale', () => {
    const worse = { ...a, level: 3, worsenedAt: 3 * DAY - MIN, updatedAt: 3 * DAY - MIN };
    const window3: RestoreWindow = { recordsFrom: W, readFrom: W, minuteMs: MIN };
    const escalated = event('escalated', worse, 3 * DAY - MIN);
    expect(hiddenStarts([escalated])).toEqual([{ alertId: 'x', from: 0, before: 3 * DAY - MIN }]);
    // Told from the window alone: a new round from the worsening, its steps at their delays.
    expect(openChains([escalated], [], dir, window3)[0]).toMatchObject({ openedAt: 3 * DAY - MIN, done: [] });
    // With its events from before the window and its records from its start: the old round's clock, both steps
    // reached and paged again now (under the worsening's event), as a notifier that never stopped would.
    const history = [event('raised', a, 0), escalated];
    const records = [rec('x', 'oncall', 50), rec('x', 'backup', 10 * MIN), rec('x', 'lead', 20 * MIN)];
    expect(openChains(history, records, dir, { ...window3, fromStart: new Set(['x']) })[0]).toMatchObject({ openedAt: 50, done: ['backup', 'lead'], stale: { steps: ['backup', 'lead'], event: escalated } });
    // Acknowledged in the window, or only commented on (its round from its raise): nothing hidden.
    const ack = event('acknowledged', { ...a, state: 'acknowledged', acknowledgedAt: 2 * DAY, updatedAt: 2 * DAY }, 2 * DAY);
    expect(hiddenStarts([ack, escalated])).toEqual([]);
    expect(hiddenStarts(commented)).toEqual([]);
    // An acknowledgement made on the copy from before the worsening, stored after it on the web's clock, was refused: still hidden.
    const refused = event('acknowledged', { ...a, state: 'acknowledged', acknowledgedAt: 3 * DAY, acknowledgedBy: 'ani', updatedAt: 3 * DAY }, 3 * DAY);
    expect(hiddenStarts([escalated, refused]).map((h) => h.alertId)).toEqual(['x']); // was: [] (taken for acknowledged)
    // Raised in the window: its whole round is read.
    const fresh = { ...worse, raisedAt: 2 * DAY };
    expect(hiddenStarts([event('raised', { ...fresh, level: 2, worsenedAt: undefined }, 2 * DAY), event('escalated', fresh, 3 * DAY - MIN)])).toEqual([]);
  });

  it('reads each round from its start in spans of at most 30 days and batches of at most 50 alerts', () => {
    const until = 100 * DAY;
    const rounds = Array.from({ length: 120 }, (_, i) => ({ alertId: `a${i}`, from: i < 60 ? 0 : 65 * DAY }));
    const reads = roundReads(rounds, until);
    for (const r of reads) {
      expect(r.to - r.from).toBeLessThanOrEqual(30 * DAY);
      expect(r.alertIds.length).toBeLessThanOrEqual(50);
    }
    // Every round's span from its start to `until` is covered, with its alert in the read.
    for (const { alertId, from } of rounds) {
      const covered = reads.filter((r) => r.alertIds.includes(alertId)).sort((p, q) => p.from - q.from);
      expect(covered[0].from).toBeLessThanOrEqual(from);
      for (let i = 1; i < covered.length; i++) expect(covered[i].from).toBeLessThanOrEqual(covered[i - 1].to);
      expect(covered.at(-1)!.to).toBe(until);
    }
    // The later rounds are not read before their start.
    expect(reads.filter((r) => r.alertIds.includes('a100')).every((r) => r.to > 65 * DAY)).toBe(true);
    expect(roundReads([], until)).toEqual([]);
  });

  it('a chain restored over at start and found never paged pages its backup and lead at once, and not again', async () => {
    const mail: string[] = [];
    const records: DeliveryRecord[] = [];
    const start = 3 * DAY;
    const n = testNotifier({ dir, mail, records, start, minuteMs: MIN });
    for (const c of openChains(commented, [], dir, window)) n.d.restore(c.alert, c.teamId, c.openedAt, c.done, c.stale);
    await n.runTo(start + MIN);
    expect(mail).toEqual([]);
    // The background read from its start: no page.
    for (const c of openChains(commented, [], dir, { ...window, fromStart: new Set(['x']) })) n.d.restore(c.alert, c.teamId, c.openedAt, c.done, c.stale);
    await n.runTo(start + 2 * MIN);
    expect(mail.sort()).toEqual(['budi:backup', 'citra:lead']);
    await n.runTo(start + 60 * MIN);
    expect(mail).toHaveLength(2);
  });
});
