import { describe, expect, it } from 'vitest';
import type { DeliveryRecord, Directory } from '../../../src/lib/core/people';
import type { Channel, OutgoingMessage } from '../channels/types';
import { createDispatcher, type MessageSubject } from './dispatcher';
import { alert, channel, directory, event, person } from './test-fixtures';

/** The escalation chain in the dispatcher: who is paged when, when someone on the rota cannot be reached. */

const FOREVER = Number.MAX_SAFE_INTEGER;
const team = { id: 'bpbd', name: { id: 'BPBD', en: 'BPBD' }, kinds: [], districts: [], leadPersonId: 'citra', backupAfterMin: 5, leadAfterMin: 10 };
const shift = (id: number, personId: string, role: 'primary' | 'backup') => ({ id, teamId: 'bpbd', personId, role, start: 0, end: FOREVER });

function inbox(kind: Channel['kind']): Channel & { sent: OutgoingMessage[] } {
  const sent: OutgoingMessage[] = [];
  return { kind, sent, checkAddress: () => null, send: async (_a, m) => (sent.push(m), { ok: true }) };
}

function world(dir: Directory, plugins: Channel[]) {
  let clock = 0;
  const records: DeliveryRecord[] = [];
  const logs: string[] = [];
  const d = createDispatcher({
    directory: () => dir,
    channels: new Map(plugins.map((p) => [p.kind, p])),
    message: (p, s: MessageSubject, c) => ({
      personId: p.id, language: p.language, severity: 'critical', alertIds: [], title: s.type === 'alert' ? `${p.id}:${s.reason}` : 'digest', body: '', url: '', tag: c.kind
    }),
    record: (r) => records.push(r),
    disable: () => undefined,
    log: (m) => logs.push(m),
    now: () => clock,
    sleep: async () => undefined,
    minuteMs: 1_000
  });
  /** Ticks every team-minute up to `until`; returns what went out by then. */
  const runTo = async (until: number) => {
    for (let t = clock; t <= until; t += 1_000) {
      clock = t;
      d.tick(t);
      await d.idle();
    }
  };
  return { d, records, logs, runTo };
}

const emailPeople = (ids: string[]) => ids.map((id, i) => person(id, { channels: [channel(i, 'email', 0)] }));

describe('dispatcher: nobody reachable on call', () => {
  it('a primary with no usable channel: the page is recorded as given up and logged, the backup is paged at once, the lead on time', async () => {
    const mail = inbox('email');
    const people = [person('ani', { channels: [channel(9, 'whatsapp', 0)] }), ...emailPeople(['budi', 'citra'])];
    const { d, records, logs, runTo } = world(directory(people, { teams: [team], shifts: [shift(1, 'ani', 'primary'), shift(2, 'budi', 'backup')] }), [mail]);
    d.handle(event('raised', alert(), 0));
    await d.idle();
    const ani = records.find((r) => r.personId === 'ani');
    expect(ani).toMatchObject({ reason: 'oncall', status: 'given_up', channel: 'whatsapp', teamId: 'bpbd' });
    expect(ani?.error).toMatch(/no usable channel/);
    expect(logs.join('\n')).toMatch(/ani has no usable channel; paging the backup at once/);
    expect(mail.sent.map((m) => m.title)).toEqual(['budi:backup']);
    await runTo(9_000);
    expect(mail.sent.map((m) => m.title)).toEqual(['budi:backup']);
    await runTo(10_000);
    expect(mail.sent.map((m) => m.title)).toEqual(['budi:backup', 'citra:lead']);
  });

  it('a rota gap (no primary, no backup) pages the lead at once, and only once', async () => {
    const mail = inbox('email');
    const { d, logs, runTo } = world(directory(emailPeople(['ani', 'budi', 'citra']), { teams: [team], shifts: [] }), [mail]);
    d.handle(event('raised', alert(), 0));
    await d.idle();
    expect(mail.sent.map((m) => m.title)).toEqual(['citra:lead']);
    expect(logs.join('\n')).toMatch(/no primary on call now; no reachable backup; paging the lead citra at once/);
    await runTo(20_000);
    expect(mail.sent.map((m) => m.title)).toEqual(['citra:lead']);
  });

  it('a backup due but unreachable: recorded, and the lead is paged at once instead of after leadAfterMin', async () => {
    const mail = inbox('email');
    const people = [...emailPeople(['ani', 'citra']), person('budi', { channels: [channel(7, 'telegram', 0)] })];
    const { d, records, runTo } = world(directory(people, { teams: [team], shifts: [shift(1, 'ani', 'primary'), shift(2, 'budi', 'backup')] }), [mail]);
    d.handle(event('raised', alert(), 0));
    await d.idle();
    await runTo(5_000);
    expect(mail.sent.map((m) => m.title)).toEqual(['ani:oncall', 'citra:lead']);
    expect(records.find((r) => r.personId === 'budi')).toMatchObject({ reason: 'backup', status: 'given_up' });
    await runTo(15_000);
    expect(mail.sent).toHaveLength(2);
  });
});

describe('dispatcher: replays do not reopen a finished chain', () => {
  const rota = [shift(1, 'ani', 'primary'), shift(2, 'budi', 'backup')];

  it('the same critical raised again after its chain finished pages nobody again; a reopened alert (newer event) does', async () => {
    const mail = inbox('email');
    const { d, runTo } = world(directory(emailPeople(['ani', 'budi', 'citra']), { teams: [team], shifts: rota }), [mail]);
    const raised = event('raised', alert(), 0);
    d.handle(raised);
    await runTo(11_000);
    expect(mail.sent.map((m) => m.title)).toEqual(['ani:oncall', 'budi:backup', 'citra:lead']);
    d.handle(raised);
    await runTo(30_000);
    expect(mail.sent.filter((m) => m.title !== 'ani:oncall')).toHaveLength(2);
    d.handle(event('acknowledged', { ...alert(), state: 'acknowledged' }, 31_000));
    d.handle(event('escalated', alert({ level: 1, worsenedAt: 40_000, updatedAt: 40_000 }), 40_000));
    await runTo(60_000);
    expect(mail.sent.filter((m) => m.title === 'budi:backup')).toHaveLength(2);
  });

  it('after a restart: a chain restored as finished is not reopened by the replayed event; a late restore merges into a reopened one', async () => {
    const mail = inbox('email');
    const dir = directory(emailPeople(['ani', 'budi', 'citra']), { teams: [team], shifts: rota });
    const first = world(dir, [mail]);
    first.d.restore(alert(), 'bpbd', 0, ['backup', 'lead']);
    first.d.handle(event('raised', alert(), 0));
    await first.runTo(30_000);
    expect(mail.sent.map((m) => m.title)).toEqual(['ani:oncall']);
    const late = world(dir, [mail]);
    await late.runTo(3_000);
    late.d.handle(event('raised', alert(), 0));
    late.d.restore(alert(), 'bpbd', 0, ['backup']);
    await late.runTo(10_000);
    expect(mail.sent.map((m) => m.title)).toEqual(['ani:oncall', 'ani:oncall', 'citra:lead']);
    await late.runTo(30_000);
    expect(mail.sent.map((m) => m.title)).toEqual(['ani:oncall', 'ani:oncall', 'citra:lead']);
  });
});

describe('dispatcher: backup and lead due in the same tick', () => {
  const rota = [shift(1, 'ani', 'primary'), shift(2, 'budi', 'backup')];
  const titles = (mail: { sent: OutgoingMessage[] }) => mail.sent.map((m) => m.title);

  it('a team whose lead comes no later than its backup pages both, in order', async () => {
    const mail = inbox('email');
    const { d, runTo } = world(directory(emailPeople(['ani', 'budi', 'citra']), { teams: [{ ...team, backupAfterMin: 10, leadAfterMin: 5 }], shifts: rota }), [mail]);
    d.handle(event('raised', alert(), 0));
    await runTo(30_000);
    expect(titles(mail)).toEqual(['ani:oncall', 'budi:backup', 'citra:lead']);
  });

  it('a late first tick (the notifier paused) past both steps pages the backup and the lead', async () => {
    const mail = inbox('email');
    const { d } = world(directory(emailPeople(['ani', 'budi', 'citra']), { teams: [team], shifts: rota }), [mail]);
    d.handle(event('raised', alert(), 0));
    d.tick(12_000);
    await d.idle();
    expect(titles(mail)).toEqual(['ani:oncall', 'budi:backup', 'citra:lead']);
  });

  it('after a restart with both steps overdue, the first tick pages the backup and the lead', async () => {
    const mail = inbox('email');
    const { d } = world(directory(emailPeople(['ani', 'budi', 'citra']), { teams: [team], shifts: rota }), [mail]);
    d.restore(alert(), 'bpbd', 0, []);
    d.tick(12_000);
    await d.idle();
    expect(titles(mail)).toEqual(['budi:backup', 'citra:lead']);
    d.tick(20_000);
    await d.idle();
    expect(mail.sent).toHaveLength(2);
  });
});

describe('dispatcher: acknowledgements and worsenings', () => {
  const rota = [shift(1, 'ani', 'primary'), shift(2, 'budi', 'backup')];
  const people = () => directory(emailPeople(['ani', 'budi', 'citra']), { teams: [{ ...team, leadAfterMin: 30 }], shifts: rota });

  it('an acknowledgement made on the copy from before a worsening (refused by the ingest) does not stop the chain', async () => {
    const mail = inbox('email');
    const { d, runTo } = world(people(), [mail]);
    const a = alert({ raisedAt: 0, updatedAt: 0 });
    d.handle(event('raised', a, 0));
    await runTo(2_000);
    const worse = { ...a, level: 3, worsenedAt: 2_000, updatedAt: 2_000 };
    d.handle(event('escalated', worse, 2_000));
    d.handle({ type: 'acknowledged', at: 2_100, by: 'ani', alert: { ...a, state: 'acknowledged', acknowledgedAt: 2_100, acknowledgedBy: 'ani', updatedAt: 2_100 } });
    await runTo(5_000);
    expect(mail.sent.map((m) => m.title)).toEqual(['ani:oncall', 'ani:oncall', 'budi:backup']);
    // Acknowledged on the worse copy: the chain stops, the lead is not paged.
    d.handle({ type: 'acknowledged', at: 6_000, by: 'ani', alert: { ...worse, state: 'acknowledged', acknowledgedAt: 6_000, acknowledgedBy: 'ani', updatedAt: 6_000 } });
    await runTo(40_000);
    expect(mail.sent.map((m) => m.title)).toEqual(['ani:oncall', 'ani:oncall', 'budi:backup']);
    expect(d.stats().escalation).toMatchObject({ open: 0, stopped: 1 });
  });

  it('a worsening of an open chain pages the backup already paged again (its old link is now refused as stale); the lead still comes on time', async () => {
    const mail = inbox('email');
    const { d, runTo } = world(people(), [mail]);
    const a = alert({ raisedAt: 0, updatedAt: 0 });
    d.handle(event('raised', a, 0));
    await runTo(7_000);
    const worse = { ...a, level: 3, worsenedAt: 7_000, updatedAt: 7_000 };
    d.handle(event('escalated', worse, 7_000));
    await d.idle();
    expect(mail.sent.map((m) => m.title)).toEqual(['ani:oncall', 'budi:backup', 'ani:oncall', 'budi:backup']);
    // The same event again (a broker redelivery) is not a new worsening.
    d.handle(event('escalated', worse, 7_000));
    await runTo(29_000);
    expect(mail.sent.filter((m) => m.title === 'budi:backup')).toHaveLength(2);
    await runTo(40_000);
    expect(mail.sent.filter((m) => m.title === 'citra:lead')).toHaveLength(1);
  });

  it('a worsening before the backup step pages only the primary again; a chain restored with its backup done pages the backup again', async () => {
    const mail = inbox('email');
    const first = world(people(), [mail]);
    const a = alert({ raisedAt: 0, updatedAt: 0 });
    first.d.handle(event('raised', a, 0));
    first.d.handle(event('escalated', { ...a, level: 3, worsenedAt: 2_000, updatedAt: 2_000 }, 2_000));
    await first.d.idle();
    expect(mail.sent.map((m) => m.title)).toEqual(['ani:oncall', 'ani:oncall']);
    const restarted = world(people(), [mail]);
    restarted.d.restore(a, 'bpbd', 0, ['backup']);
    restarted.d.handle(event('escalated', { ...a, level: 3, worsenedAt: 9_000, updatedAt: 9_000 }, 9_000));
    await restarted.d.idle();
    expect(mail.sent.map((m) => m.title).slice(2)).toEqual(['ani:oncall', 'budi:backup']);
  });

  it('a worsening after the chain ended unacknowledged pages the backup and lead it reached at once, not again after their delays', async () => {
    const mail = inbox('email');
    const { d, runTo } = world(people(), [mail]);
    const a = alert({ raisedAt: 0, updatedAt: 0 });
    d.handle(event('raised', a, 0));
    await runTo(31_000);
    expect(mail.sent.map((m) => m.title)).toEqual(['ani:oncall', 'budi:backup', 'citra:lead']);
    const worse = { ...a, level: 3, worsenedAt: 40_000, updatedAt: 40_000 };
    d.handle(event('escalated', worse, 40_000));
    await d.idle();
    expect(mail.sent.map((m) => m.title).slice(3)).toEqual(['ani:oncall', 'budi:backup', 'citra:lead']);
    // Their steps are done in the new round: nothing again when they come; a replay of the worsening is no news (news.ts):
    // it pages nobody.
    d.handle(event('escalated', worse, 40_000));
    await runTo(80_000);
    expect(mail.sent.map((m) => m.title).slice(6)).toEqual([]);
    // An acknowledgement of the copy from before this worsening is refused: the next worsening pages all three again.
    d.handle({ type: 'acknowledged', at: 81_000, by: 'ani', alert: { ...a, state: 'acknowledged', acknowledgedAt: 81_000, updatedAt: 81_000 } });
    d.handle(event('escalated', { ...worse, level: 4, worsenedAt: 90_000, updatedAt: 90_000 }, 90_000));
    await d.idle();
    expect(mail.sent.map((m) => m.title).slice(6)).toEqual(['ani:oncall', 'budi:backup', 'citra:lead']);
    // Acknowledged on the current copy: a worsening after that is a new round from its primary alone.
    d.handle({ type: 'acknowledged', at: 91_000, by: 'ani', alert: { ...worse, level: 4, worsenedAt: 90_000, state: 'acknowledged', acknowledgedAt: 91_000, updatedAt: 91_000 } });
    d.handle(event('escalated', { ...worse, level: 5, worsenedAt: 95_000, updatedAt: 95_000 }, 95_000));
    await d.idle();
    expect(mail.sent.map((m) => m.title).slice(9)).toEqual(['ani:oncall']);
  });

  it('after a restart, a chain restored as over (backup and lead paged) still has them paged at once on a worsening', async () => {
    const mail = inbox('email');
    const { d, runTo } = world(people(), [mail]);
    const a = alert({ raisedAt: 0, updatedAt: 0 });
    d.restore(a, 'bpbd', 0, ['backup', 'lead']);
    d.handle(event('escalated', { ...a, level: 3, worsenedAt: 9_000, updatedAt: 9_000 }, 9_000));
    await d.idle();
    expect(mail.sent.map((m) => m.title)).toEqual(['ani:oncall', 'budi:backup', 'citra:lead']);
    await runTo(60_000);
    expect(mail.sent).toHaveLength(3);
  });
});
