import { describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '../../../src/lib/core/people';
import { createSendLedger, messageKey } from './send-ledger';
import { alert, channel, directory, event, person } from './test-fixtures';
import { testNotifier } from './test-notifier';

/**
 * Escalation steps in the send ledger: a restart whose restore cannot see a step's record (InfluxDB was away: the
 * records waited in memory and were given up at the stop) must not page the backup or lead again.
 */

const FOREVER = Number.MAX_SAFE_INTEGER;
const MIN = 60_000;
const team = { id: 'bpbd', name: { id: 'BPBD', en: 'BPBD' }, kinds: [], districts: [], leadPersonId: 'citra', backupAfterMin: 10, leadAfterMin: 20 };
const people = ['ani', 'budi', 'citra'].map((id, i) => person(id, { channels: [channel(i, 'email', 0)] }));
const dir = directory(people, {
  teams: [team],
  shifts: [
    { id: 1, teamId: 'bpbd', personId: 'ani', role: 'primary', start: 0, end: FOREVER },
    { id: 2, teamId: 'bpbd', personId: 'budi', role: 'backup', start: 0, end: FOREVER }
  ]
});
const letter = (t: string, c: number) => `${(c / MIN).toFixed(0)}min ${t}`;

/** A notifier that handles a raise at 0 and runs to `until`; its mail and the ledger outlive it. */
async function before(until: number) {
  const mail: string[] = [];
  const records: DeliveryRecord[] = [];
  const sends = createSendLedger();
  const raised = event('raised', alert({ raisedAt: 0, updatedAt: 0 }), 0);
  const first = testNotifier({ dir, mail, records, start: 0, sends, minuteMs: MIN, letter });
  first.d.handle(raised);
  await first.runTo(until);
  return { mail, records, sends, raised };
}

describe('dispatcher: escalation steps in the send ledger', () => {
  it('InfluxDB away from minute 5, restart at 25: backup and lead, paged before the stop, are not paged again', async () => {
    const { mail, records, sends, raised } = await before(25 * MIN);
    expect(mail).toEqual(['0min ani:oncall', '10min budi:backup', '20min citra:lead']);
    mail.length = 0;
    // Only what reached InfluxDB before it went away: the primary's page.
    const second = testNotifier({ dir, mail, records: records.filter((r) => r.at < 5 * MIN), start: 26 * MIN, sends, minuteMs: MIN, letter });
    second.restoreFrom([raised]);
    second.d.handle(raised); // redelivered by the broker or the journal
    await second.runTo(40 * MIN);
    expect(mail).toEqual([]);
    expect(second.d.stats().escalation.open).toBe(0);
  });

  it('restart at 15 (backup paged, its record lost): the backup is not paged again, the lead goes at its time, once', async () => {
    const { mail, records, sends, raised } = await before(15 * MIN);
    mail.length = 0;
    const second = testNotifier({ dir, mail, records: records.filter((r) => r.at < 5 * MIN), start: 16 * MIN, sends, minuteMs: MIN, letter });
    second.restoreFrom([raised]);
    await second.runTo(19 * MIN);
    expect(mail).toEqual([]);
    await second.runTo(40 * MIN);
    expect(mail).toEqual(['20min citra:lead']);
  });

  it('a step cut mid-send (its last ledger line a try): recorded unknown and paged again, once (critical)', async () => {
    const mail: string[] = [];
    const sends = createSendLedger();
    const raised = event('raised', alert({ raisedAt: 0, updatedAt: 0 }), 0);
    // The backup's step of round 0 was being sent when the notifier died.
    sends.tried(messageKey(['step', raised.alert.id, 0, 'bpbd', 'backup']), 'email', 10 * MIN);
    const records: DeliveryRecord[] = [{ at: 0, alertIds: [raised.alert.id], personId: 'ani', personName: 'ani', teamId: 'bpbd', reason: 'oncall', channel: 'email', status: 'sent', attempt: 1 }];
    const second = testNotifier({ dir, mail, records, start: 11 * MIN, sends, minuteMs: MIN, letter });
    second.restoreFrom([raised]);
    await second.runTo(12 * MIN);
    expect(mail).toEqual(['11min budi:backup']);
    expect(records.filter((r) => r.status === 'unknown').map((r) => `${r.personId}:${r.reason}`)).toEqual(['budi:backup']);
  });

  it('one lead of two teams, both lead steps due together (one page): neither step paged again after the restart', async () => {
    const twoTeams = directory(['ani', 'budi', 'citra', 'dedi', 'eka'].map((id, i) => person(id, { channels: [channel(i, 'email', 0)] })), {
      teams: [team, { ...team, id: 'damkar' }],
      shifts: [['bpbd', 'ani', 'primary'], ['bpbd', 'budi', 'backup'], ['damkar', 'dedi', 'primary'], ['damkar', 'eka', 'backup']].map(([teamId, personId, role], i) => ({ id: i, teamId, personId, role: role as 'primary' | 'backup', start: 0, end: FOREVER }))
    });
    const mail: string[] = [];
    const records: DeliveryRecord[] = [];
    const sends = createSendLedger();
    const raised = event('raised', alert({ raisedAt: 0, updatedAt: 0 }), 0);
    const first = testNotifier({ dir: twoTeams, mail, records, start: 0, sends, minuteMs: MIN, letter });
    first.d.handle(raised);
    await first.runTo(25 * MIN);
    expect(mail.filter((m) => m.includes(':lead'))).toEqual(['20min citra:lead']);
    mail.length = 0;
    const second = testNotifier({ dir: twoTeams, mail, records: records.filter((r) => r.at < 5 * MIN), start: 26 * MIN, sends, minuteMs: MIN, letter });
    second.restoreFrom([raised]);
    await second.runTo(40 * MIN);
    expect(mail).toEqual([]);
  });
});

describe('dispatcher: a new round\'s steps in the send ledger after a restart', () => {
  it('a worsening after the chain was over opens a round at its version; a team covering since, its backup and lead paged then (records lost): not paged again', async () => {
    const mail: string[] = [];
    const records: DeliveryRecord[] = [];
    const sends = createSendLedger();
    const a = alert({ raisedAt: 0, updatedAt: 0 });
    const raised = event('raised', a, 0);
    const worsening = event('escalated', { ...a, level: 3, worsenedAt: 30 * MIN, updatedAt: 30 * MIN }, 30 * MIN);
    const opts = { dir, mail, records, start: 0, sends, minuteMs: MIN, letter };
    const first = testNotifier(opts);
    first.d.handle(raised);
    await first.runTo(25 * MIN);
    // Damkar covers the alert from minute 26 on (an admin's change): its chain opens with the worsening's round.
    const withDamkar = directory([...people, ...['dedi', 'eka', 'fajar'].map((id, i) => person(id, { channels: [channel(10 + i, 'email', 0)] }))], {
      teams: [team, { ...team, id: 'damkar', leadPersonId: 'fajar' }],
      shifts: [...dir.shifts, { id: 3, teamId: 'damkar', personId: 'dedi', role: 'primary', start: 0, end: FOREVER }, { id: 4, teamId: 'damkar', personId: 'eka', role: 'backup', start: 0, end: FOREVER }]
    });
    opts.dir = withDamkar;
    await first.runTo(30 * MIN);
    first.d.handle(worsening);
    await first.runTo(55 * MIN);
    expect(mail.filter((m) => /eka|fajar/.test(m))).toEqual(['40min eka:backup', '50min fajar:lead']);
    mail.length = 0;
    // Stopped before their records reached InfluxDB (away since minute 35): the restore finds the steps in the ledger,
    // keyed by the worsening's version (the round the live chain opened), not the raise's.
    const third = testNotifier({ dir: withDamkar, mail, records: records.filter((r) => r.at < 35 * MIN), start: 56 * MIN, sends, minuteMs: MIN, letter });
    third.restoreFrom([raised, worsening]);
    await third.runTo(80 * MIN);
    expect(mail).toEqual([]);
  });
});

describe('dispatcher: what NOTIFY_JOURNAL_DIR=off costs (README, no ledger on disk)', () => {
  it('a backup page whose record had not reached InfluxDB at the stop is paged again after the restart; with the ledger file, not', async () => {
    const run = async (keep: boolean) => {
      const { mail, records, sends, raised } = await before(15 * MIN);
      mail.length = 0;
      // Off: the restarted process has a ledger of its own, empty (nothing survived the stop).
      const second = testNotifier({ dir, mail, records: records.filter((r) => r.at < 5 * MIN), start: 16 * MIN, sends: keep ? sends : createSendLedger(), minuteMs: MIN, letter });
      second.restoreFrom([raised]);
      await second.runTo(18 * MIN);
      return mail;
    };
    expect(await run(true)).toEqual([]);
    expect(await run(false)).toEqual(['16min budi:backup']);
  });
});
