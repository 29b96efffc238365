import { describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '../../../src/lib/core/people';
import { openChains } from './restore';
import { createSendLedger, type SendLedger } from './send-ledger';
import { alert, channel, directory, event, person } from './test-fixtures';
import { testNotifier } from './test-notifier';

/**
 * A worsening the notifier had not handled when it stopped (review G1): the broker (persistent session) or the journal
 * brings it after the restart, but the chain is restored from InfluxDB at the worsened version already, so it is no
 * worsening to it; the backup and lead paged before it (their links now refused as stale) are paged again at restore.
 */

const FOREVER = Number.MAX_SAFE_INTEGER;
const team = { id: 'bpbd', name: { id: 'BPBD', en: 'BPBD' }, kinds: [], districts: [], leadPersonId: 'citra', backupAfterMin: 5, leadAfterMin: 30 };
const shift = (id: number, personId: string, role: 'primary' | 'backup') => ({ id, teamId: 'bpbd', personId, role, start: 0, end: FOREVER });
const dir = directory(['ani', 'budi', 'citra'].map((id, i) => person(id, { channels: [channel(i, 'email', 0)] })), { teams: [team], shifts: [shift(1, 'ani', 'primary'), shift(2, 'budi', 'backup')] });

/** One notifier process (test-notifier.ts); each letter stamped with the test clock. */
const notifier = (mail: string[], records: DeliveryRecord[], start: number, sends?: SendLedger) => testNotifier({ dir, mail, records, start, sends, letter: (t, clock) => `${t}@${clock}` });

const a = alert({ raisedAt: 0, updatedAt: 0 });
const titles = (mail: readonly string[]) => mail.map((m) => m.replace(/@\d+$/, '')).sort();

describe('dispatcher: a worsening that arrives after a restart', () => {
  it('a chain over (backup and lead paged): the restored notifier pages all three again, as the live one does, each once', async () => {
    const worsening = event('escalated', { ...a, level: 3, worsenedAt: 40_000, updatedAt: 40_000 }, 40_000);
    // Without a restart.
    const liveMail: string[] = [];
    const live = notifier(liveMail, [], 0);
    live.d.handle(event('raised', a, 0));
    await live.runTo(31_000);
    liveMail.length = 0;
    live.d.handle(worsening);
    await live.d.idle();
    expect(titles(liveMail)).toEqual(['ani:oncall', 'budi:backup', 'citra:lead']);

    // The same, stopped before the worsening arrived: the ingest stored it, the broker delivers it after the restart.
    const mail: string[] = [];
    const records: DeliveryRecord[] = [];
    const first = notifier(mail, records, 0);
    first.d.handle(event('raised', a, 0));
    await first.runTo(31_000);
    expect(titles(mail)).toEqual(['ani:oncall', 'budi:backup', 'citra:lead']);
    mail.length = 0;
    const restarted = notifier(mail, records, 40_500);
    restarted.restoreFrom([event('raised', a, 0), worsening]);
    restarted.d.handle(worsening);
    await restarted.runTo(120_000);
    expect(titles(mail)).toEqual(['ani:oncall', 'budi:backup', 'citra:lead']);
    // Their new pages are on record: a second restart (the worsening replayed again) pages no backup or lead.
    mail.length = 0;
    const again = notifier(mail, records, 121_000);
    again.restoreFrom([event('raised', a, 0), worsening]);
    again.d.handle(worsening);
    await again.runTo(200_000);
    expect(titles(mail)).toEqual(['ani:oncall']);
  });

  it('an open chain (lead still to come): the backup is paged again at restore, the lead once on time', async () => {
    const worsening = event('escalated', { ...a, level: 3, worsenedAt: 10_000, updatedAt: 10_000 }, 10_000);
    const mail: string[] = [];
    const records: DeliveryRecord[] = [];
    const first = notifier(mail, records, 0);
    first.d.handle(event('raised', a, 0));
    await first.runTo(6_000);
    expect(mail).toEqual(['ani:oncall@0', 'budi:backup@5000']);
    const restarted = notifier(mail, records, 11_000);
    restarted.restoreFrom([event('raised', a, 0), worsening]);
    restarted.d.handle(worsening);
    await restarted.d.idle();
    expect(mail.slice(2).sort()).toEqual(['ani:oncall@11000', 'budi:backup@11000']);
    await restarted.runTo(60_000);
    expect(mail.slice(4)).toEqual(['citra:lead@30000']);
  });

  it('the worsening handled before the stop but its records not yet written: the send ledger keeps restore and replay from paging again', async () => {
    const worsening = event('escalated', { ...a, level: 3, worsenedAt: 40_000, updatedAt: 40_000 }, 40_000);
    const mail: string[] = [];
    const records: DeliveryRecord[] = [];
    const sends = createSendLedger();
    const first = notifier(mail, records, 0, sends);
    first.d.handle(event('raised', a, 0));
    await first.runTo(31_000);
    const written = records.length;
    first.d.handle(worsening);
    await first.runTo(41_000);
    expect(titles(mail.slice(3))).toEqual(['ani:oncall', 'budi:backup', 'citra:lead']);
    // Stopped before the records of those pages reached InfluxDB; the journal routes the worsening again.
    records.length = written;
    mail.length = 0;
    const restarted = notifier(mail, records, 42_000, sends);
    restarted.restoreFrom([event('raised', a, 0), worsening]);
    restarted.d.handle(worsening);
    await restarted.runTo(120_000);
    expect(mail).toEqual([]);
    // The primary's page of the worsening (the restore's), the backup's and the lead's: all in the ledger; the replay is
    // no news to the primary the restore's page told (news.ts), so not even looked up.
    expect(restarted.d.stats().notResent).toBe(3);
  });

  it('the worsening arriving before a late restore (InfluxDB still starting): the backup and lead are paged once, at the restore', async () => {
    const worsening = event('escalated', { ...a, level: 3, worsenedAt: 40_000, updatedAt: 40_000 }, 40_000);
    const mail: string[] = [];
    const records: DeliveryRecord[] = [];
    const first = notifier(mail, records, 0);
    first.d.handle(event('raised', a, 0));
    await first.runTo(31_000);
    mail.length = 0;
    const sends = createSendLedger();
    const restarted = notifier(mail, records, 40_500, sends);
    restarted.d.handle(worsening);
    await restarted.runTo(45_000);
    expect(titles(mail)).toEqual(['ani:oncall']);
    restarted.restoreFrom([event('raised', a, 0), worsening]);
    restarted.d.handle(worsening); // the journal's replay, or a redelivery
    await restarted.runTo(200_000);
    expect(titles(mail)).toEqual(['ani:oncall', 'budi:backup', 'citra:lead']);
  });

  it('the background read of a round begun before the window, after the start paged its overdue steps: none paged twice', async () => {
    const worsening = event('escalated', { ...a, level: 3, worsenedAt: 40_000, updatedAt: 40_000 }, 40_000);
    const window = { recordsFrom: 35_000, readFrom: 35_000, minuteMs: 1_000 };
    const sent = (personId: string, reason: DeliveryRecord['reason'], at: number): DeliveryRecord => ({ at, alertIds: [a.id], personId, personName: personId, teamId: 'bpbd', reason, channel: 'email', status: 'sent', attempt: 1 });
    // The round before the window paged in full (its steps stale after the worsening), or never (down since before the raise).
    for (const before of [[sent('ani', 'oncall', 10), sent('budi', 'backup', 5_010), sent('citra', 'lead', 30_010)], []]) {
      const mail: string[] = [];
      const restarted = notifier(mail, [], 100_000, createSendLedger());
      // At start the window shows the worsening alone, a round begun then, its steps overdue: paged at the first tick.
      for (const c of openChains([worsening], [], dir, window)) restarted.d.restore(c.alert, c.teamId, c.openedAt, c.done, c.stale, c.unpaged);
      await restarted.runTo(101_000);
      expect(titles(mail)).toEqual(['ani:oncall', 'budi:backup', 'citra:lead']);
      // The background read from the round's start, its records read before those pages landed (restore-older.ts;
      // the primary the start paged is not paged again, as readMissedSteps leaves it out).
      for (const c of openChains([event('raised', a, 0), worsening], before, dir, { ...window, fromStart: new Set([a.id]) })) restarted.d.restore(c.alert, c.teamId, c.openedAt, c.done, c.stale);
      await restarted.runTo(200_000);
      // was: budi and citra paged again (stale steps under the worsening's key, or a new chain with none done)
      expect(titles(mail)).toEqual(['ani:oncall', 'budi:backup', 'citra:lead']);
    }
  });
});
