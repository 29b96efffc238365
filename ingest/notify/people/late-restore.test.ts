import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../../src/lib/core/alert';
import type { DeliveryRecord } from '../../../src/lib/core/people';
import { createLiveCopies } from './late-restore';
import { lookbackChains, openChains, type RestoreWindow } from './restore';
import { alert, channel, directory, event, person } from './test-fixtures';
import { testNotifier } from './test-notifier';
import { createSendLedger } from './send-ledger';

/**
 * The look-back's chains (alerts open longer than the restore's days) come after the start, while the notifier already
 * takes alert events (service.ts). An alert raised 3 days ago, its chain over unacknowledged (backup and lead reached).
 * What the live path took for it meanwhile decides: its round stays (a worsening pages its primary at once and its
 * backup and lead at their steps, as for an alert the notifier had not heard of); a comment changes nothing (the old
 * chain is restored, with the newer copy); an acknowledgement leaves nothing to restore.
 */

const MIN = 60_000;
const DAY = 1440 * MIN;
const FOREVER = Number.MAX_SAFE_INTEGER;
const team = { id: 'bpbd', name: { id: 'BPBD', en: 'BPBD' }, kinds: [], districts: [], leadPersonId: 'citra', backupAfterMin: 10, leadAfterMin: 20 };
const shift = (id: number, personId: string, role: 'primary' | 'backup') => ({ id, teamId: 'bpbd', personId, role, start: 0, end: FOREVER });
const dir = directory(['ani', 'budi', 'citra'].map((id, i) => person(id, { channels: [channel(i, 'email', 0)] })), { teams: [team], shifts: [shift(1, 'ani', 'primary'), shift(2, 'budi', 'backup')] });
const R = 3 * DAY;
const a = alert({ id: 'x', raisedAt: 0, updatedAt: 0 });
const window: RestoreWindow = { recordsFrom: R - 2 * DAY, readFrom: R - 2 * DAY, minuteMs: MIN };
const worse = (at: number) => event('escalated', { ...a, level: 3, worsenedAt: at, updatedAt: at }, at);

/** Started at R with nothing in its window; `meanwhile` taken live before the look-back (the alert's newest copy) comes in at R + 1 min. */
async function lateRestore(meanwhile: AlertEvent[], after: AlertEvent[] = []) {
  const mail: string[] = [];
  const records: DeliveryRecord[] = [];
  const n = testNotifier({ dir, mail, records, start: R, minuteMs: MIN, letter: (t, clock) => `${Math.round((clock - R) / MIN)}m ${t}` });
  const live = createLiveCopies();
  for (const e of meanwhile) {
    live.note(e);
    n.d.handle(e);
  }
  await n.runTo(R + MIN);
  const read = lookbackChains([], [], dir, { ...window, older: [a] });
  expect(read.map((c) => c.done)).toEqual([['backup', 'lead']]);
  const chains = live.take(read);
  for (const c of chains) n.d.restore(c.alert, c.teamId, c.openedAt, c.done, c.stale);
  for (const e of after) n.d.handle(e);
  await n.runTo(R + 40 * MIN);
  return { mail, chains };
}

describe('the look-back restored after the start', () => {
  it('a worsening taken before it keeps its round: primary at once, backup and lead at their steps (not ended by the old round)', async () => {
    const { mail, chains } = await lateRestore([worse(R + 30_000)]);
    expect(chains).toEqual([]);
    expect(mail).toEqual(['0m ani:oncall', '10m budi:backup', '20m citra:lead']);
  });

  it('restored as it would have been when only a comment came before it: a worsening after pages all three at once', async () => {
    const comment = event('commented', { ...a, updatedAt: R + 30_000, comments: [{ by: 'ani', at: R + 30_000, text: 'pompa jalan' }] }, R + 30_000);
    const { mail, chains } = await lateRestore([comment], [worse(R + 2 * MIN)]);
    expect(chains.map((c) => [c.alert.comments.length, c.done])).toEqual([[1, ['backup', 'lead']]]);
    expect(mail.sort()).toEqual(['1m ani:oncall', '1m budi:backup', '1m citra:lead']);
  });

  it('nothing restored for an alert acknowledged before it: a worsening after starts a round from its primary', async () => {
    const ack = event('acknowledged', { ...a, state: 'acknowledged', acknowledgedAt: R + 30_000, acknowledgedBy: 'ani', updatedAt: R + 30_000 }, R + 30_000);
    const { mail, chains } = await lateRestore([ack], [worse(R + 2 * MIN)]);
    expect(chains).toEqual([]);
    expect(mail).toEqual(['1m ani:oncall', '11m budi:backup', '21m citra:lead']);
  });

  it('an older copy taken live (a replay) does not hide the newer stored one', () => {
    const live = createLiveCopies();
    live.note(event('raised', { ...a, updatedAt: -1 }, -1));
    expect(live.take(lookbackChains([], [], dir, { ...window, older: [a] })).map((c) => c.done)).toEqual([['backup', 'lead']]);
  });
});

describe('the look-back after a comment (review L)', () => {
  it('a chain the start restored is not restored again when a comment made the stored copy newer: the lead paged once', async () => {
    // Raised 18 min before the restart (backup paged at 10): in the window, restored at start. A comment at +1 min, the
    // lead live at +2; the look-back at +3 reads the comment's copy (newer only by updatedAt).
    const T0 = R - 18 * MIN;
    const b = alert({ id: 'y', raisedAt: T0, updatedAt: T0 });
    const raised = event('raised', b, T0);
    const mail: string[] = [];
    const records: DeliveryRecord[] = [];
    const letter = (t: string, clock: number) => `${Math.round((clock - R) / MIN)}m ${t}`;
    const first = testNotifier({ dir, mail, records, start: T0, minuteMs: MIN, letter });
    first.d.handle(raised);
    await first.runTo(R - MIN);
    const atStart = [...records];
    const n = testNotifier({ dir, mail, records, start: R, minuteMs: MIN, letter });
    for (const c of openChains([raised], atStart, dir, window)) n.d.restore(c.alert, c.teamId, c.openedAt, c.done, c.stale);
    const live = createLiveCopies();
    await n.runTo(R + MIN);
    const comment = event('commented', { ...b, updatedAt: R + MIN, comments: [{ by: 'ani', at: R + MIN, text: 'pompa jalan' }] }, R + MIN);
    live.note(comment);
    n.d.handle(comment);
    await n.runTo(R + 3 * MIN);
    const chains = live.take(lookbackChains([raised], atStart, dir, { ...window, older: [comment.alert] }));
    expect(chains).toEqual([]);
    for (const c of chains) n.d.restore(c.alert, c.teamId, c.openedAt, c.done, c.stale);
    await n.runTo(R + 30 * MIN);
    expect(mail).toEqual(['-18m ani:oncall', '-8m budi:backup', '2m citra:lead']);
  });

  it('a worsening taken live, then a comment: the stored copy (the comment\'s) is no newer for the chain, not taken', async () => {
    // Raised an hour before the restart, its chain over; a worsening at +1 min (all three paged at once), a comment at
    // +1.5; the look-back's copy of the pair is the comment's (same version as the worsening, later updatedAt).
    const T0 = R - 60 * MIN;
    const b = alert({ id: 'z', raisedAt: T0, updatedAt: T0 });
    const raised = event('raised', b, T0);
    const mail: string[] = [];
    const records: DeliveryRecord[] = [];
    const letter = (t: string, clock: number) => `${((clock - R) / MIN).toFixed(1)}m ${t}`;
    const first = testNotifier({ dir, mail, records, start: T0, minuteMs: MIN, letter });
    first.d.handle(raised);
    await first.runTo(R - MIN);
    const atStart = [...records];
    const n = testNotifier({ dir, mail, records, start: R, minuteMs: MIN, letter, sends: createSendLedger({}) });
    for (const c of openChains([raised], atStart, dir, window)) n.d.restore(c.alert, c.teamId, c.openedAt, c.done, c.stale);
    const live = createLiveCopies();
    await n.runTo(R + MIN);
    const w = event('escalated', { ...b, level: 3, worsenedAt: R + MIN, updatedAt: R + MIN }, R + MIN);
    const comment = event('commented', { ...w.alert, updatedAt: R + 1.5 * MIN, comments: [{ by: 'ani', at: R + 1.5 * MIN, text: 'evakuasi' }] }, R + 1.5 * MIN);
    live.note(w);
    n.d.handle(w);
    await n.runTo(R + 1.5 * MIN);
    live.note(comment);
    n.d.handle(comment);
    await n.runTo(R + 3 * MIN);
    // The look-back's chain for it (lookbackChains leaves out the alerts the start restored): its stale steps keyed by a
    // made-up 'updated' event the send ledger never saw.
    const read = openChains([raised], atStart, dir, { ...window, older: [comment.alert] });
    expect(read.map((c) => [c.done, c.stale?.steps, c.stale?.event.type])).toEqual([[['backup', 'lead'], ['backup', 'lead'], 'updated']]);
    expect(lookbackChains([raised], atStart, dir, { ...window, older: [comment.alert] })).toEqual([]);
    const chains = live.take(read);
    expect(chains).toEqual([]);
    for (const c of chains) n.d.restore(c.alert, c.teamId, c.openedAt, c.done, c.stale);
    await n.runTo(R + 40 * MIN);
    // Restored, the backup and lead were paged again at 3.0 min.
    expect(mail.filter((m) => !m.startsWith('-')).sort()).toEqual(['1.0m ani:oncall', '1.0m budi:backup', '1.0m citra:lead']);
  });
});

describe('the 2-day window read again after the start (review L)', () => {
  it('a worsening taken live before the retry keeps its round: backup and lead paged at their steps', async () => {
    // The start's read failed (InfluxDB restarting); raised an hour before, its chain over. A worsening at +10 s, its
    // write not landed when the 30-s retry reads the window: the retry's chain is the old round's.
    const T0 = R - 60 * MIN;
    const b = alert({ id: 'v', raisedAt: T0, updatedAt: T0 });
    const raised = event('raised', b, T0);
    const mail: string[] = [];
    const records: DeliveryRecord[] = [];
    const letter = (t: string, clock: number) => `${Math.round((clock - R) / 1000)}s ${t}`;
    const first = testNotifier({ dir, mail, records, start: T0, minuteMs: MIN, letter });
    first.d.handle(raised);
    await first.runTo(R - MIN);
    const n = testNotifier({ dir, mail, records, start: R, minuteMs: MIN, letter });
    const live = createLiveCopies();
    await n.runTo(R + 10_000);
    const w = event('escalated', { ...b, level: 3, worsenedAt: R + 10_000, updatedAt: R + 10_000 }, R + 10_000);
    live.note(w);
    n.d.handle(w);
    await n.runTo(R + 30_000);
    const read = openChains([raised], [...records], dir, window);
    expect(read.map((c) => c.done)).toEqual([['backup', 'lead']]);
    const chains = live.pick(read);
    expect(chains).toEqual([]);
    for (const c of chains) n.d.restore(c.alert, c.teamId, c.openedAt, c.done, c.stale);
    await n.runTo(R + 40 * MIN);
    // Restored unfiltered, the old round's done steps and clock ended it: only the primary was paged. The steps are due
    // at 610 s and 1210 s; this clock ticks each minute from 30 s.
    expect(mail.filter((m) => !m.startsWith('-'))).toEqual(['10s ani:oncall', '630s budi:backup', '1230s citra:lead']);
    // Noting goes on for the look-back after it: a comment heard later still merges into its chain.
    const comment = event('commented', { ...w.alert, updatedAt: R + 40 * MIN, comments: [{ by: 'ani', at: R + 40 * MIN, text: 'x' }] }, R + 40 * MIN);
    live.note(comment);
    const other = { ...read[0], alert: { ...w.alert, worsenedAt: R + 35 * MIN, updatedAt: R + 35 * MIN } };
    expect(live.take([other]).map((c) => c.alert.comments.length)).toEqual([1]);
  });

  // A host reboot (review M): the last run stopped with an event unfinished in its journal; back at R, InfluxDB still
  // starting, the first read fails and the journal replays the event (noted as taken live) before the 30-s retry.
  async function replayThenRetry(before: AlertEvent[], unfinished: AlertEvent, start: number) {
    const mail: string[] = [];
    const records: DeliveryRecord[] = [];
    const sends = createSendLedger({});
    const letter = (t: string, clock: number) => `${Math.round((clock - unfinished.at) / MIN)}m ${t}`;
    const first = testNotifier({ dir, mail, records, start, minuteMs: MIN, letter, sends });
    for (const e of before) {
      await first.runTo(e.at);
      first.d.handle(e);
    }
    await first.d.idle();
    const n = testNotifier({ dir, mail, records, start: R, minuteMs: MIN, letter, sends });
    const live = createLiveCopies();
    live.note(unfinished);
    n.d.handle(unfinished);
    await n.runTo(R + 30_000);
    const read = openChains(before, [...records], dir, window);
    const chains = live.pick(read);
    for (const c of chains) n.d.restore(c.alert, c.teamId, c.openedAt, c.done, c.stale);
    await n.runTo(R + 60 * MIN);
    return { read, chains, steps: mail.filter((m) => /budi|citra/.test(m)) };
  }

  it('a raise replayed from the journal keeps its stored clock: backup and lead not later than the restart', async () => {
    const T0 = R - 15 * MIN;
    const raised = event('raised', alert({ id: 'r', raisedAt: T0, updatedAt: T0 }), T0);
    const r = await replayThenRetry([raised], raised, T0);
    // was: nothing restored (the replay's copy as new), the chain's clock the restart's: backup at 25 min, lead at 35
    expect(r.chains).toHaveLength(1);
    expect(r.steps).toEqual(['16m budi:backup', '21m citra:lead']);
  });

  it('a worsening replayed from the journal keeps its done steps: backup and lead not paged twice', async () => {
    const T0 = R - 62 * MIN;
    const b = alert({ id: 'w', raisedAt: T0, updatedAt: T0 });
    const raised = event('raised', b, T0);
    const W = R - 2 * MIN;
    const w = event('escalated', { ...b, level: 3, worsenedAt: W, updatedAt: W }, W);
    const r = await replayThenRetry([raised, w], w, T0);
    // was: backup and lead paged at the worsening and again at its steps from the restart
    expect(r.chains).toHaveLength(1);
    expect(r.steps.filter((m) => !m.startsWith('-'))).toEqual(['0m budi:backup', '0m citra:lead']);
  });
});
