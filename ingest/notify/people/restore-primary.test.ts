import { describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '../../../src/lib/core/people';
import { openChains } from './restore';
import { createSendLedger } from './send-ledger';
import { alert, channel, directory, event, person } from './test-fixtures';
import { testNotifier } from './test-notifier';

/**
 * An alert raised (or worsened) while the notifier was down for longer than the broker keeps its events (a day): the
 * event is stored but never redelivered. The restart found its chain in InfluxDB and paged the backup and lead (at
 * once, their steps overdue), but never the primary on call, whose job it is. Now the primary is paged at restore,
 * under the event's ledger key: the event redelivered after all pages nobody twice.
 */

const FOREVER = Number.MAX_SAFE_INTEGER;
const team = { id: 'bpbd', name: { id: 'BPBD', en: 'BPBD' }, kinds: [], districts: [], leadPersonId: 'citra', backupAfterMin: 5, leadAfterMin: 30 };
const shift = (id: number, personId: string, role: 'primary' | 'backup') => ({ id, teamId: 'bpbd', personId, role, start: 0, end: FOREVER });
const dir = directory(['ani', 'budi', 'citra'].map((id, i) => person(id, { channels: [channel(i, 'email', 0)] })), { teams: [team], shifts: [shift(1, 'ani', 'primary'), shift(2, 'budi', 'backup')] });

const notifier = (mail: string[], records: DeliveryRecord[], start: number, withLedger = true) =>
  testNotifier({ dir, mail, records, start, sends: withLedger ? createSendLedger() : undefined, letter: (t, clock) => `${t}@${clock}` });

const a = alert({ raisedAt: 0, updatedAt: 0 });
const raised = event('raised', a, 0);
const record = (personId: string, reason: DeliveryRecord['reason'], at: number, status: DeliveryRecord['status']): DeliveryRecord => ({ at, alertIds: [a.id], personId, personName: personId, teamId: 'bpbd', reason, channel: 'email', status, attempt: 1 });

describe('restart: a critical alert that came while the notifier was down', () => {
  it('pages its primary at once with its overdue backup and lead, and the raise redelivered after all pages no one again', async () => {
    const mail: string[] = [];
    const n = notifier(mail, [], 40_000);
    n.restoreFrom([raised]);
    await n.runTo(40_000);
    // was: ['budi:backup@40000', 'citra:lead@40000'] (nobody told the primary)
    expect([...mail].sort()).toEqual(['ani:oncall@40000', 'budi:backup@40000', 'citra:lead@40000']);
    n.d.handle(raised);
    await n.runTo(200_000);
    expect(mail).toHaveLength(3);
  });

  it('pages its primary at once and the backup and lead at their steps counted from the raise', async () => {
    const mail: string[] = [];
    const n = notifier(mail, [], 2_000);
    n.restoreFrom([raised]);
    await n.runTo(40_000);
    expect(mail).toEqual(['ani:oncall@2000', 'budi:backup@5000', 'citra:lead@30000']);
  });

  it('a primary paged (sent or given up) is not paged again, whatever came of the steps', async () => {
    for (const status of ['sent', 'given_up'] as const) {
      const mail: string[] = [];
      const n = notifier(mail, [record('ani', 'oncall', 10, status)], 40_000);
      n.restoreFrom([raised]);
      await n.runTo(50_000);
      expect([...mail].sort()).toEqual(['budi:backup@40000', 'citra:lead@40000']);
    }
  });

  it('a primary of another team who was this one’s primary too (one message per person) is not paged again', () => {
    const other = { ...team, id: 'sar', leadPersonId: 'budi' };
    const two = { ...dir, teams: [team, other], shifts: [...dir.shifts, { ...shift(3, 'ani', 'primary'), teamId: 'sar' }] };
    const chains = openChains([raised], [{ ...record('ani', 'oncall', 10, 'sent'), teamId: 'sar' }], two);
    expect(chains.map((c) => [c.teamId, c.unpaged?.type])).toEqual([['bpbd', undefined], ['sar', undefined]]);
    expect(openChains([raised], [], two).map((c) => c.unpaged?.type)).toEqual(['raised', 'raised']);
  });

  it('an alert acknowledged or resolved meanwhile pages nobody', async () => {
    const acked = event('acknowledged', { ...a, state: 'acknowledged', acknowledgedAt: 20_000, acknowledgedBy: 'ani', updatedAt: 20_000 }, 20_000);
    const resolved = event('resolved', { ...a, state: 'resolved', resolvedAt: 20_000, updatedAt: 20_000 }, 20_000);
    for (const last of [acked, resolved]) {
      const mail: string[] = [];
      const n = notifier(mail, [], 40_000);
      n.restoreFrom([raised, last]);
      await n.runTo(100_000);
      expect(mail).toEqual([]);
    }
  });

  it('a worsening that came while it was down pages the primary too, once, as live', async () => {
    const mail: string[] = [];
    const records = [record('ani', 'oncall', 10, 'sent'), record('budi', 'backup', 5_010, 'sent'), record('citra', 'lead', 30_010, 'sent')];
    const worsening = event('escalated', { ...a, level: 3, worsenedAt: 40_000, updatedAt: 40_000 }, 40_000);
    const n = notifier(mail, records, 50_000);
    n.restoreFrom([raised, worsening]);
    await n.runTo(50_000);
    // was: ['budi:backup@50000', 'citra:lead@50000'] (the worsening not redelivered: the primary never heard of it)
    expect([...mail].sort()).toEqual(['ani:oncall@50000', 'budi:backup@50000', 'citra:lead@50000']);
    n.d.handle(worsening);
    await n.runTo(100_000);
    expect(mail).toHaveLength(3);
  });

  it('its round begun before the records read is told only once read from its start', () => {
    const window = { recordsFrom: 100_000, readFrom: 100_000, minuteMs: 1_000 };
    // Taken for over (steps all due before the records read): nothing known, nothing paged at start.
    expect(openChains([raised], [], dir, window).map((c) => c.unpaged)).toEqual([undefined]);
    // Read from its start (restore-older.ts): no page of it, the primary is paged with the backup and lead.
    const [chain] = openChains([raised], [], dir, { ...window, fromStart: new Set([a.id]) });
    expect([chain.done, chain.unpaged]).toEqual([[], raised]);
  });
});
