import { describe, expect, it } from 'vitest';
import type { DeliveryRecord, Directory } from '../../../src/lib/core/people';
import { createSendLedger } from './send-ledger';
import { alert, channel, directory, event, person } from './test-fixtures';
import { testNotifier } from './test-notifier';

/**
 * An alert that came while the notifier was down longer than the broker keeps its events (never redelivered), for a
 * team with nobody reachable as primary: restore pages what a live notifier would have at once (startChain), the
 * backup, or the lead with no reachable backup, not at their steps; the event redelivered after all pages no one again.
 * The steps still to come keep the round's clock (from the raise), as for a chain whose primary was paged.
 */

const FOREVER = Number.MAX_SAFE_INTEGER;
const team = { id: 'bpbd', name: { id: 'BPBD', en: 'BPBD' }, kinds: [], districts: [], leadPersonId: 'citra', backupAfterMin: 5, leadAfterMin: 30 };
const shift = (id: number, personId: string, role: 'primary' | 'backup') => ({ id, teamId: 'bpbd', personId, role, start: 0, end: FOREVER });
const people = ['ani', 'budi', 'citra'].map((id, i) => person(id, { channels: [channel(i, 'email', 0)] }));
const gap = directory(people, { teams: [team], shifts: [shift(2, 'budi', 'backup')] });
const noBackup = directory(people, { teams: [team], shifts: [] });
const mute = directory(
  people.map((p) => (p.id === 'ani' ? { ...p, channels: [] } : p)),
  { teams: [team], shifts: [shift(1, 'ani', 'primary'), shift(2, 'budi', 'backup')] }
);
const a = alert({ raisedAt: 0, updatedAt: 0 });
const raised = event('raised', a, 0);

async function live(dir: Directory, until: number): Promise<string[]> {
  const mail: string[] = [];
  const n = testNotifier({ dir, mail, records: [], start: 1_000, sends: createSendLedger(), letter: (t, c) => `${t}@${c}` });
  n.d.handle(raised);
  await n.runTo(until);
  return mail;
}

async function restored(dir: Directory, records: DeliveryRecord[] = []): Promise<string[]> {
  const mail: string[] = [];
  const n = testNotifier({ dir, mail, records, start: 1_000, sends: createSendLedger(), letter: (t, c) => `${t}@${c}` });
  n.restoreFrom([raised]);
  await n.runTo(2_000);
  n.d.handle(raised); // the broker's redelivery after all
  await n.runTo(100_000);
  return mail;
}

describe('restart: an alert that came while the notifier was down, nobody reachable as primary', () => {
  it('a rota gap pages the backup at once, as live, and the lead at its step from the raise', async () => {
    expect(await live(gap, 2_000)).toEqual(['budi:backup@1000']);
    // was: ['budi:backup@5000', 'citra:lead@30000'] (the backup waited for its step)
    expect(await restored(gap)).toEqual(['budi:backup@1000', 'citra:lead@30000']);
  });

  it('no primary and no backup pages the lead at once, as live, and nobody later', async () => {
    expect(await live(noBackup, 100_000)).toEqual(['citra:lead@1000']);
    expect(await restored(noBackup)).toEqual(['citra:lead@1000']);
  });

  it('a primary with no usable channel is recorded undeliverable and the backup paged at once', async () => {
    const records: DeliveryRecord[] = [];
    expect(await restored(mute, records)).toEqual(['budi:backup@1000', 'citra:lead@30000']);
    // On the alert as no usable channel (once more for the redelivery: nothing went out, so the ledger has no line of it).
    expect(records.find((r) => r.personId === 'ani')).toMatchObject({ reason: 'oncall', status: 'given_up', attempt: 0 });
  });
});
