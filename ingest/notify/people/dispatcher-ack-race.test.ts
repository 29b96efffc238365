import { describe, expect, it } from 'vitest';
import type { Alert, AlertEvent } from '../../../src/lib/core/alert';
import type { DeliveryRecord } from '../../../src/lib/core/people';
import { answeredAlerts } from './paging';
import { openChains } from './restore';
import { alert, channel, directory, event, person } from './test-fixtures';
import { testNotifier } from './test-notifier';

/**
 * An acknowledgement, then a copy of the same version without it (review finding 2): the ingest escalates a critical
 * alert left unacknowledged for 10 minutes on its own copy, which has not merged an acknowledgement the notifier has
 * already heard; or publishes an `updated` stamped after it. The console shows the alert acknowledged (mergeAlertCopies),
 * so that copy must page nobody, live or after a restart; only a worsening (a newer version) opens a new round.
 */

const FOREVER = Number.MAX_SAFE_INTEGER;
const MIN = 1_000;
const team = { id: 'bpbd', name: { id: 'BPBD', en: 'BPBD' }, kinds: [], districts: [], leadPersonId: 'citra', backupAfterMin: 10, leadAfterMin: 20 };
const shift = (id: number, personId: string, role: 'primary' | 'backup') => ({ id, teamId: 'bpbd', personId, role, start: 0, end: FOREVER });
const dir = directory(['ani', 'budi', 'citra'].map((id, i) => person(id, { channels: [channel(i, 'email', 0)] })), { teams: [team], shifts: [shift(1, 'ani', 'primary'), shift(2, 'budi', 'backup')] });

const raised = alert({ raisedAt: 0, updatedAt: 0 });
const ackOf = (a: Alert, at: number): AlertEvent => ({ type: 'acknowledged', at, by: 'ani', alert: { ...a, state: 'acknowledged', acknowledgedAt: at, acknowledgedBy: 'ani', updatedAt: at } });
/** The ingest's time-based escalation of its own copy (alert-update.ts maybeEscalate): same version, not acknowledged. */
const timeEscalation = (a: Alert, at: number): AlertEvent => ({ type: 'escalated', at, by: 'pantau', alert: { ...a, escalated: true, updatedAt: at } });

function notifier(start = 0) {
  const mail: string[] = [];
  const records: DeliveryRecord[] = [];
  return { mail, records, ...testNotifier({ dir, mail, records, start, letter: (t, clock) => `${t}@${clock / MIN}` }) };
}

describe('dispatcher: a copy without the acknowledgement after it', () => {
  it("the ingest's escalation of the acknowledged version pages nobody and starts no chain", async () => {
    const n = notifier();
    n.d.handle(event('raised', raised, 0));
    await n.runTo(9 * MIN);
    n.d.handle(ackOf(raised, 9 * MIN + 900));
    await n.runTo(10 * MIN);
    n.d.handle(timeEscalation(raised, 10 * MIN));
    await n.runTo(40 * MIN);
    expect(n.mail).toEqual(['ani:oncall@0']);
    expect(n.d.stats().escalation).toMatchObject({ open: 0, steps: { backup: 0, lead: 0 } });
  });

  it('a warning acknowledged, then escalated to critical by the ingest on its copy of that version, pages nobody', async () => {
    const n = notifier();
    const warning = { ...raised, severity: 'warning' as const };
    n.d.handle(event('raised', warning, 0));
    n.d.handle(ackOf(warning, 20 * MIN));
    n.d.handle({ ...timeEscalation(warning, 30 * MIN), alert: { ...warning, severity: 'critical', escalated: true, updatedAt: 30 * MIN } });
    await n.runTo(70 * MIN);
    expect(n.mail).toEqual([]);
  });

  it('a real worsening after the acknowledgement (a newer version) still pages a new round', async () => {
    const n = notifier();
    n.d.handle(event('raised', raised, 0));
    n.d.handle(ackOf(raised, 2 * MIN));
    n.d.handle(timeEscalation(raised, 10 * MIN));
    await n.runTo(12 * MIN);
    const worse = { ...raised, level: 3, worsenedAt: 12 * MIN, updatedAt: 12 * MIN };
    n.d.handle(event('escalated', worse, 12 * MIN));
    // Its own copy without the acknowledgement (none was made of it) is no stop; the round goes on.
    n.d.handle(event('updated', { ...worse, value: 300, updatedAt: 13 * MIN }, 13 * MIN));
    await n.runTo(40 * MIN);
    expect(n.mail).toEqual(['ani:oncall@0', 'ani:oncall@12', 'budi:backup@22', 'citra:lead@32']);
  });

  it('an event whose copy is acknowledged stops the chain (no `acknowledged` event heard): an ingest update, a comment', async () => {
    for (const type of ['updated', 'commented'] as const) {
      const n = notifier();
      n.d.handle(event('raised', raised, 0));
      await n.runTo(3 * MIN);
      const acked = { ...ackOf(raised, 2 * MIN).alert, level: 2, updatedAt: 3 * MIN };
      n.d.handle(event(type, acked, 3 * MIN));
      // The ingest's copy from before it merged the acknowledgement, later still: answered too.
      n.d.handle(timeEscalation(raised, 10 * MIN));
      await n.runTo(40 * MIN);
      expect(n.mail, type).toEqual(['ani:oncall@0']);
    }
  });

  it('a resolved copy stops the chain whatever its event, and a later unacknowledged copy pages nobody', async () => {
    const n = notifier();
    n.d.handle(event('raised', raised, 0));
    n.d.handle(event('commented', { ...raised, state: 'resolved', resolvedAt: 1 * MIN, updatedAt: 1 * MIN }, 1 * MIN));
    n.d.handle(timeEscalation(raised, 10 * MIN));
    await n.runTo(40 * MIN);
    expect(n.mail).toEqual(['ani:oncall@0']);
  });

  it('after a restart: the stored copy without the acknowledgement restores no chain (merged as the web merges it)', async () => {
    const acked = ackOf(raised, 2 * MIN);
    const update: AlertEvent = { type: 'updated', at: 2 * MIN + 500, by: 'pantau', alert: { ...raised, level: 2, value: 230, updatedAt: 2 * MIN + 500 } };
    const records: DeliveryRecord[] = [{ at: 0, alertIds: [raised.id], personId: 'ani', personName: 'ANI', teamId: 'bpbd', reason: 'oncall', channel: 'email', status: 'sent', attempt: 1 }];
    expect(openChains([event('raised', raised, 0), acked, update], records, dir, { minuteMs: MIN })).toEqual([]);
    expect(openChains([event('raised', raised, 0), acked, timeEscalation(raised, 10 * MIN)], records, dir, { minuteMs: MIN })).toEqual([]);
    // A worsening since is a new round, from it.
    const worse = event('escalated', { ...raised, level: 3, worsenedAt: 12 * MIN, updatedAt: 12 * MIN }, 12 * MIN);
    const chains = openChains([event('raised', raised, 0), acked, timeEscalation(raised, 10 * MIN), worse], records, dir, { minuteMs: MIN });
    expect(chains.map((c) => ({ state: c.alert.state, openedAt: c.openedAt, done: c.done }))).toEqual([{ state: 'raised', openedAt: 12 * MIN, done: [] }]);

    const n = notifier(3 * MIN);
    n.restoreFrom([event('raised', raised, 0), acked, update]);
    await n.runTo(40 * MIN);
    expect(n.mail).toEqual([]);
  });

  it("a restart between the acknowledgement and the ingest's copy without it: that copy pages nobody after the restart", async () => {
    const before = notifier();
    const stored = [event('raised', raised, 0), ackOf(raised, 2 * MIN)];
    for (const e of stored) before.d.handle(e);
    await before.runTo(3 * MIN);
    expect(before.mail).toEqual(['ani:oncall@0']);
    // Restarted at 4: the ingest escalates its copy from before it merged the acknowledgement at 10.
    const n = notifier(4 * MIN);
    n.restoreFrom(stored);
    await n.runTo(10 * MIN);
    n.d.handle(timeEscalation(raised, 10 * MIN));
    await n.runTo(40 * MIN);
    expect(n.mail).toEqual([]);
    expect(n.d.stats().escalation).toMatchObject({ open: 0, steps: { backup: 0, lead: 0 } });
    // A real worsening after it is a new round all the same.
    await n.runTo(41 * MIN);
    n.d.handle(event('escalated', { ...raised, level: 3, worsenedAt: 41 * MIN, updatedAt: 41 * MIN }, 41 * MIN));
    await n.runTo(42 * MIN);
    expect(n.mail).toEqual(['ani:oncall@41']);
  });

  it('answeredAlerts: the merged copies acknowledged or resolved, resolved first; not an acknowledgement a worsening overtook', () => {
    const other = alert({ id: 'b', raisedAt: 0, updatedAt: 0 });
    const worse = event('escalated', { ...raised, worsenedAt: 5 * MIN, updatedAt: 5 * MIN }, 5 * MIN);
    const closed = event('resolved', { ...other, state: 'resolved', resolvedAt: 3 * MIN, updatedAt: 3 * MIN }, 3 * MIN);
    expect(answeredAlerts([event('raised', raised, 0), ackOf(raised, 2 * MIN), event('raised', other, 0), closed]).map((a) => `${a.id}:${a.state}`)).toEqual(['b:resolved', `${raised.id}:acknowledged`]);
    expect(answeredAlerts([event('raised', raised, 0), worse, ackOf(raised, 6 * MIN)])).toEqual([]);
  });
});
