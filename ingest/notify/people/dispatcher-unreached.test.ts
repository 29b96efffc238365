import { describe, expect, it } from 'vitest';
import type { DeliveryRecord, Directory } from '../../../src/lib/core/people';
import type { Channel } from '../channels/types';
import { createDispatcher, type MessageSubject } from './dispatcher';
import { openChains } from './restore';
import { alert, channel, directory, event, person } from './test-fixtures';

/**
 * A page that fails on every channel (review finding 4: a provider down, an expired WhatsApp token) reaches nobody, as
 * one with no usable channel does: the team's next step is paged at once, not after its delay, and not again at it.
 */

const FOREVER = Number.MAX_SAFE_INTEGER;
const MIN = 1_000;
const teamOf = (id: string, leadPersonId: string) => ({ id, name: { id, en: id }, kinds: [], districts: [], leadPersonId, backupAfterMin: 10, leadAfterMin: 20 });
const shift = (id: number, teamId: string, personId: string, role: 'primary' | 'backup') => ({ id, teamId, personId, role, start: 0, end: FOREVER });

function world(dir: Directory) {
  let clock = 0;
  const mail: string[] = [];
  const records: DeliveryRecord[] = [];
  const logs: string[] = [];
  const email: Channel = { kind: 'email', checkAddress: () => null, send: async (_a, m) => (mail.push(`${m.title}@${clock / MIN}`), { ok: true }) };
  // WhatsApp refusing every page (an expired token): a permanent failure.
  const whatsapp: Channel = { kind: 'whatsapp', checkAddress: () => null, send: async () => ({ ok: false, retryable: false, error: '401 token expired' }) };
  const d = createDispatcher({
    directory: () => dir,
    channels: new Map<string, Channel>([['email', email], ['whatsapp', whatsapp]]),
    message: (p, s: MessageSubject, c) => ({ personId: p.id, language: p.language, severity: 'critical', alertIds: [], title: s.type === 'alert' ? `${p.id}:${s.reason}` : 'digest', body: '', url: '', tag: c.kind }),
    record: (r) => records.push(r),
    disable: () => undefined,
    log: (m) => logs.push(m),
    now: () => clock,
    sleep: async () => undefined,
    minuteMs: MIN
  });
  const runTo = async (until: number) => {
    for (; clock <= until; clock += MIN / 4) {
      d.tick(clock);
      await d.idle();
    }
    clock = until;
  };
  return { d, mail, records, logs, runTo };
}

const byWhatsApp = (id: string) => person(id, { channels: [channel(1, 'whatsapp', 0)] });
const byEmail = (id: string, n: number) => person(id, { channels: [channel(n, 'email', 0)] });

describe('dispatcher: a page that fails on every channel', () => {
  it("the primary's: the backup is paged at once (not at backupAfterMin, not twice), the lead on time; logged, counted, on the alert", async () => {
    const dir = directory([byWhatsApp('ani'), byEmail('budi', 2), byEmail('citra', 3)], { teams: [teamOf('bpbd', 'citra')], shifts: [shift(1, 'bpbd', 'ani', 'primary'), shift(2, 'bpbd', 'budi', 'backup')] });
    const w = world(dir);
    w.d.handle(event('raised', alert({ raisedAt: 0, updatedAt: 0 }), 0));
    await w.d.idle();
    expect(w.mail).toEqual(['budi:backup@0']);
    await w.runTo(40 * MIN);
    expect(w.mail).toEqual(['budi:backup@0', 'citra:lead@20']);
    const why = w.records.find((r) => r.personId === 'ani' && r.attempt === 0);
    expect(why).toMatchObject({ reason: 'oncall', status: 'given_up', teamId: 'bpbd' });
    expect(why?.error).toMatch(/no channel reached them; paging the backup at once/);
    expect(w.logs.join('\n')).toMatch(/oncall page to ani reached nobody/);
    expect(w.d.stats()).toMatchObject({ nobodyOnCall: 1, escalation: { steps: { backup: 1, lead: 1 } } });
    // A restart reads the backup's page as its step done: not paged again.
    const chains = openChains([event('raised', alert({ raisedAt: 0, updatedAt: 0 }), 0)], w.records.filter((r) => r.at < 5 * MIN), dir, { minuteMs: MIN });
    expect(chains.map((c) => c.done)).toEqual([['backup']]);
  });

  it("the backup's at its step: the lead is paged at once", async () => {
    const dir = directory([byEmail('ani', 1), byWhatsApp('budi'), byEmail('citra', 3)], { teams: [teamOf('bpbd', 'citra')], shifts: [shift(1, 'bpbd', 'ani', 'primary'), shift(2, 'bpbd', 'budi', 'backup')] });
    const w = world(dir);
    w.d.handle(event('raised', alert({ raisedAt: 0, updatedAt: 0 }), 0));
    await w.runTo(40 * MIN);
    expect(w.mail).toEqual(['ani:oncall@0', 'citra:lead@10']);
  });

  it('a primary of two teams: both backups are paged at once; an acknowledgement first pages nobody early', async () => {
    const dir = directory([byWhatsApp('ani'), byEmail('budi', 2), byEmail('citra', 3), byEmail('dewi', 4), byEmail('eka', 5)], {
      teams: [teamOf('bpbd', 'citra'), teamOf('pupr', 'eka')],
      shifts: [shift(1, 'bpbd', 'ani', 'primary'), shift(2, 'bpbd', 'budi', 'backup'), shift(3, 'pupr', 'ani', 'primary'), shift(4, 'pupr', 'dewi', 'backup')]
    });
    const w = world(dir);
    w.d.handle(event('raised', alert({ raisedAt: 0, updatedAt: 0 }), 0));
    await w.d.idle();
    expect(w.mail.sort()).toEqual(['budi:backup@0', 'dewi:backup@0']);

    const acked = world(dir);
    const a = alert({ raisedAt: 0, updatedAt: 0 });
    acked.d.handle(event('raised', a, 0));
    acked.d.handle(event('acknowledged', { ...a, state: 'acknowledged', acknowledgedAt: 0, updatedAt: 0 }, 0));
    await acked.runTo(40 * MIN);
    expect(acked.mail).toEqual([]);
  });
});
