import { describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '../../../src/lib/core/people';
import { alert, channel, directory, event, person } from './test-fixtures';
import { testNotifier } from './test-notifier';

/**
 * One person holding steps of two teams due at different times (citra: damkar's backup, bpbd's lead): paged at each
 * step, live and after a restart. Only a page that went out when this team's step was due too (the same tick: the
 * dispatcher pages once) counts for it after a restart.
 */

const FOREVER = Number.MAX_SAFE_INTEGER;
const MINUTE = 1_000;
const team = (id: string, lead: string, backupAfterMin: number, leadAfterMin: number) => ({ id, name: { id, en: id }, kinds: [], districts: [], leadPersonId: lead, backupAfterMin, leadAfterMin });
const shift = (id: number, teamId: string, personId: string, role: 'primary' | 'backup') => ({ id, teamId, personId, role, start: 0, end: FOREVER });
const people = ['ani', 'budi', 'citra', 'dedi', 'fajar'].map((id, i) => person(id, { channels: [channel(i, 'email', 0)] }));
const shifts = [shift(1, 'bpbd', 'ani', 'primary'), shift(2, 'bpbd', 'budi', 'backup'), shift(3, 'damkar', 'dedi', 'primary'), shift(4, 'damkar', 'citra', 'backup')];
/** damkar's backup is due at 5 min, bpbd's lead at 30. */
const apart = directory(people, { teams: [team('bpbd', 'citra', 5, 30), team('damkar', 'fajar', 5, 30)], shifts });
/** damkar's backup and bpbd's lead both due at 30 min. */
const together = directory(people, { teams: [team('bpbd', 'citra', 5, 30), team('damkar', 'fajar', 30, 60)], shifts });
/** citra leads both teams: both leads due at 30 min. */
const oneLead = directory(people, {
  teams: [team('bpbd', 'citra', 5, 30), team('damkar', 'citra', 5, 30)],
  shifts: [shift(1, 'bpbd', 'ani', 'primary'), shift(2, 'bpbd', 'budi', 'backup'), shift(3, 'damkar', 'dedi', 'primary'), shift(4, 'damkar', 'fajar', 'backup')]
});

const notifier = (dir: ReturnType<typeof directory>, mail: string[], records: DeliveryRecord[], start: number) =>
  testNotifier({ dir, mail, records, start, minuteMs: MINUTE, title: (p, s) => `${p.id}:${s.reason}:${s.teamId}`, letter: (t, clock) => `${Math.floor(clock / MINUTE)}m ${t}` });

const a = alert({ raisedAt: 0, updatedAt: 0 });
const citra = (mail: readonly string[]) => mail.filter((m) => m.includes(' citra:'));

/** Raised at 0, the notifier stopped at `stopAt` and restarted just after it, run to 70 min: citra's pages. */
async function withRestart(dir: ReturnType<typeof directory>, stopAt: number, slowPrimary?: { teamId: string; ms: number }): Promise<string[]> {
  const mail: string[] = [];
  const records: DeliveryRecord[] = [];
  const first = notifier(dir, mail, records, 0);
  first.d.handle(event('raised', a, 0));
  await first.runTo(stopAt);
  // That team's primary page took this long to go out (a busy pool, slow SMTP): its record, dated after the send, is that late.
  for (const r of records) if (slowPrimary && r.teamId === slowPrimary.teamId && r.reason === 'oncall') r.at += slowPrimary.ms;
  const restarted = notifier(dir, mail, records, stopAt + MINUTE / 2);
  restarted.restoreFrom([event('raised', a, 0)]);
  await restarted.runTo(70 * MINUTE);
  return citra(mail);
}

describe('dispatcher: one person, steps of two teams', () => {
  it('due apart: paged at each step live, and after a restart between them the later step still pages', async () => {
    const mail: string[] = [];
    const live = notifier(apart, mail, [], 0);
    live.d.handle(event('raised', a, 0));
    await live.runTo(70 * MINUTE);
    expect(citra(mail)).toEqual(['5m citra:backup:damkar', '30m citra:lead:bpbd']);
    // The damkar backup page at 5 min is not bpbd's lead step: that was due at 30.
    expect(await withRestart(apart, 20 * MINUTE)).toEqual(['5m citra:backup:damkar', '30m citra:lead:bpbd']);
  });

  it('due together: paged once live, and a restart after it pages her not again for the other team', async () => {
    const mail: string[] = [];
    const live = notifier(together, mail, [], 0);
    live.d.handle(event('raised', a, 0));
    await live.runTo(70 * MINUTE);
    expect(citra(mail)).toHaveLength(1);
    expect(await withRestart(together, 40 * MINUTE)).toEqual(citra(mail));
  });

  it('the lead of both teams, paged once live, is paged once after a restart though one primary page was recorded late', async () => {
    const mail: string[] = [];
    const live = notifier(oneLead, mail, [], 0);
    live.d.handle(event('raised', a, 0));
    await live.runTo(70 * MINUTE);
    expect(citra(mail)).toEqual(['30m citra:lead:bpbd']);
    // Restarted before the leads' step: both teams' chains go on from one clock, so their lead steps fall in one tick
    // (restored from each team's own first on-call record, they fell in two and she was paged twice).
    for (const teamId of ['bpbd', 'damkar']) expect(await withRestart(oneLead, 10 * MINUTE, { teamId, ms: 1.3 * MINUTE })).toEqual(['30m citra:lead:bpbd']);
    // Restarted after it: her page (under bpbd) was sent when damkar's lead step was due too, counted from when the alert paged.
    expect(await withRestart(oneLead, 40 * MINUTE, { teamId: 'damkar', ms: 0.7 * MINUTE })).toEqual(['30m citra:lead:bpbd']);
  });

  it('a team added later, whose chain opened at a worsening, goes on from that worsening after a restart, not from the round\'s first page', async () => {
    // bpbd covers the alert from its raise at 0 (its chain over at 30, unacknowledged); damkar is added at 59 min and
    // its chain opens with the worsening at 60 (backup at 65, lead at 90). Restarted at 65.5 min.
    const W = 60 * MINUTE;
    const dir = directory(people, { teams: [team('bpbd', 'citra', 5, 30)], shifts: shifts.slice(0, 2) });
    const raised = event('raised', a, 0);
    const worse = event('escalated', { ...a, level: 3, worsenedAt: W, updatedAt: W }, W);
    const run = async (restartAt?: number) => {
      const d = structuredClone(dir);
      const mail: string[] = [];
      const records: DeliveryRecord[] = [];
      const first = notifier(d, mail, records, 0);
      first.d.handle(raised);
      await first.runTo(W - MINUTE);
      d.teams.push(team('damkar', 'fajar', 5, 30));
      d.shifts.push(...shifts.slice(2));
      d.version = 2;
      await first.runTo(W);
      first.d.handle(worse);
      if (restartAt === undefined) {
        await first.runTo(100 * MINUTE);
        return mail;
      }
      await first.runTo(restartAt - MINUTE / 2);
      const restarted = notifier(d, mail, records, restartAt);
      restarted.restoreFrom([raised, worse]);
      await restarted.runTo(100 * MINUTE);
      return mail;
    };
    const live = await run();
    expect(live.filter((m) => m.includes(':damkar'))).toEqual(['60m dedi:oncall:damkar', '65m citra:backup:damkar', '90m fajar:lead:damkar']);
    // Counted from bpbd's first page at 0, damkar's lead was paged at the restart, 25 minutes early.
    expect(await run(W + 2.5 * MINUTE)).toEqual(live);
  });
});
