import { describe, expect, it } from 'vitest';
import type { Channel, OutgoingMessage } from '../channels/types';
import type { DeliveryRecord, Directory } from '../../../src/lib/core/people';
import { createDispatcher, type MessageSubject } from './dispatcher';
import { toldBefore } from './told-restore';
import { alert, channel, directory, event, person } from './test-fixtures';

const FOREVER = Number.MAX_SAFE_INTEGER;
const MIN = 60_000;
const team = { id: 'bpbd', name: { id: 'BPBD', en: 'BPBD' }, kinds: [], districts: [], leadPersonId: 'citra', backupAfterMin: 10, leadAfterMin: 20 };
const sub = { id: 1, districts: [], kinds: [], categories: [], minSeverity: 'warning' as const };
const shifts = [
  { id: 1, teamId: 'bpbd', personId: 'ani', role: 'primary' as const, start: 0, end: FOREVER },
  { id: 2, teamId: 'bpbd', personId: 'budi', role: 'backup' as const, start: 0, end: FOREVER }
];

const staff = () => [...['ani', 'budi', 'citra', 'dewi'].map((id, i) => person(id, { channels: [channel(i, 'email', 0)] })), person('sari', { channels: [channel(9, 'email', 0)], subscriptions: [sub] })];

function world(extra: ReturnType<typeof person>[] = [], start = 0) {
  let clock = start;
  const sent: string[] = [];
  const records: DeliveryRecord[] = [];
  const people = [...staff(), ...extra];
  let dir: Directory = directory(people, { teams: [team], shifts });
  const email: Channel = { kind: 'email', checkAddress: () => null, send: async (_a, m: OutgoingMessage) => (sent.push(`${clock / MIN}:${m.title}`), { ok: true }) };
  const d = createDispatcher({
    directory: () => dir, channels: new Map([['email', email]]), now: () => clock, sleep: async () => undefined, minuteMs: MIN, concurrency: 4,
    message: (p, s: MessageSubject, c) => ({ personId: p.id, language: p.language, severity: 'critical', alertIds: [], title: s.type === 'alert' ? `${p.id}:${s.reason}` : 'digest', body: '', url: '', tag: c.kind }),
    record: (r) => records.push(r), disable: () => undefined, log: () => undefined
  });
  const runTo = async (until: number) => {
    for (; clock <= until; clock += 1000) {
      d.tick(clock);
      await d.idle();
    }
    clock = until;
  };
  return { d, sent, records, runTo, setDirectory: (next: Directory) => (dir = next) };
}

describe('the ingest\'s time escalation (demo6, review finding 10)', () => {
  it('of a critical alert: only the backup\'s step at 10 minutes, the primary and subscribers not told again', async () => {
    const w = world();
    const a = alert({ raisedAt: 0, updatedAt: 0 });
    w.d.handle(event('raised', a, 0));
    await w.runTo(10 * MIN);
    w.d.handle(event('escalated', { ...a, escalated: true, updatedAt: 10 * MIN }, 10 * MIN));
    await w.runTo(21 * MIN);
    expect(w.sent).toEqual(['0:ani:oncall', '0:sari:subscription', '10:budi:backup', '20:citra:lead']);
  });

  it('of a warning made critical: news, the primary paged and the subscriber told', async () => {
    const w = world();
    const a = alert({ severity: 'warning', raisedAt: 0, updatedAt: 0 });
    w.d.handle(event('raised', a, 0));
    await w.runTo(30 * MIN);
    w.d.handle(event('escalated', { ...a, severity: 'critical', escalated: true, updatedAt: 30 * MIN }, 30 * MIN));
    await w.d.idle();
    expect(w.sent).toEqual(['0:sari:subscription', '30:ani:oncall', '30:sari:subscription']);
  });
});

describe('news per person, not per alert', () => {
  const a = alert({ raisedAt: 0, updatedAt: 0 });
  const reminder = event('escalated', { ...a, escalated: true, updatedAt: 10 * MIN }, 10 * MIN);

  it('the ingest\'s reminder reaches a primary whose shift began after the alert was raised, not the one paged before', async () => {
    const w = world();
    w.d.handle(event('raised', a, 0));
    await w.runTo(5 * MIN);
    // Ani's shift ends at 5 minutes; Dewi holds the primary's role from then on and was told nothing.
    w.setDirectory(directory(staff(), { teams: [team], shifts: [{ ...shifts[0], end: 5 * MIN }, { id: 3, teamId: 'bpbd', personId: 'dewi', role: 'primary', start: 5 * MIN, end: FOREVER }, shifts[1]] }));
    await w.runTo(10 * MIN);
    w.d.handle(reminder);
    await w.runTo(11 * MIN);
    expect(w.sent).toEqual(['0:ani:oncall', '0:sari:subscription', '10:budi:backup', '10:dewi:oncall']);
  });

  it('the reminder reaches a subscriber added since the alert was raised, not one told then', async () => {
    const w = world();
    w.d.handle(event('raised', a, 0));
    await w.runTo(5 * MIN);
    w.setDirectory(directory([...staff(), person('eko', { channels: [channel(20, 'email', 0)], subscriptions: [sub] })], { teams: [team], shifts }));
    w.d.handle(reminder);
    await w.runTo(6 * MIN);
    expect(w.sent).toEqual(['0:ani:oncall', '0:sari:subscription', '5:eko:subscription']);
  });

  it('after a restart, the reminder tells nobody told before the stop (read back from the records), and opens no new round of a chain over', async () => {
    // A chain over before the reminder: backup at 5, lead at 8 minutes.
    const quick = { ...team, backupAfterMin: 5, leadAfterMin: 8 };
    const before = world();
    before.setDirectory(directory(staff(), { teams: [quick], shifts }));
    before.d.handle(event('raised', a, 0));
    await before.runTo(9 * MIN);
    expect(before.sent).toEqual(['0:ani:oncall', '0:sari:subscription', '5:budi:backup', '8:citra:lead']);
    const after = world([], 9 * MIN);
    after.setDirectory(directory(staff(), { teams: [quick], shifts }));
    after.d.restore(a, 'bpbd', 0, ['backup', 'lead']);
    after.d.restoreTold(toldBefore([event('raised', a, 0)], before.records));
    after.d.handle(reminder);
    await after.runTo(30 * MIN);
    expect(after.sent).toEqual([]);
  });
});

describe('pages ahead of subscribers (review finding 5)', () => {
  it('a backup\'s step due while 400 subscribers\' copies of another critical alert wait goes first', async () => {
    const subscribers = Array.from({ length: 400 }, (_, i) => person(`s${i}`, { channels: [channel(100 + i, 'email', 0)], subscriptions: [sub] }));
    const w = world(subscribers);
    w.d.handle(event('raised', alert({ raisedAt: 0, updatedAt: 0 }), 0));
    await w.runTo(10 * MIN - 1_000);
    w.sent.length = 0;
    w.d.handle(event('raised', alert({ id: 'other', raisedAt: 0, updatedAt: 10 * MIN - 500 }), 10 * MIN - 500));
    w.d.tick(10 * MIN);
    await w.d.idle();
    expect(w.sent.findIndex((s) => s.endsWith('budi:backup'))).toBeLessThan(4 + 1);
  });
});
