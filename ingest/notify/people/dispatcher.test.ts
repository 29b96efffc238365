import { describe, expect, it } from 'vitest';
import type { DeliveryRecord, Directory } from '../../../src/lib/core/people';
import type { Channel, OutgoingMessage, SendResult } from '../channels/types';
import { createDispatcher, type MessageSubject } from './dispatcher';
import { alert, channel, directory, event, person } from './test-fixtures';

const FOREVER = Number.MAX_SAFE_INTEGER;
const sub = { id: 1, districts: [], kinds: [], categories: ['emergency' as const], minSeverity: 'info' as const };

/** An in-memory channel plugin: records what it was asked to send. */
function inbox(kind: Channel['kind'], answer: (n: number) => SendResult = () => ({ ok: true })): Channel & { sent: OutgoingMessage[] } {
  const sent: OutgoingMessage[] = [];
  return { kind, sent, checkAddress: () => null, send: async (_a, m) => (sent.push(m), answer(sent.length)) };
}

function world(dir: Directory, plugins: Channel[]) {
  let clock = 0;
  const records: DeliveryRecord[] = [];
  const d = createDispatcher({
    directory: () => dir,
    channels: new Map(plugins.map((p) => [p.kind, p])),
    message: (p, s: MessageSubject, c) => ({
      personId: p.id, language: p.language, severity: s.type === 'alert' ? s.alert.severity : 'info',
      alertIds: s.type === 'alert' ? [s.alert.id] : s.alerts.map((a) => a.id),
      title: s.type === 'alert' ? `${s.event}:${s.reason}` : `digest:${s.alerts.length}`, body: '', url: '', tag: c.kind
    }),
    record: (r) => records.push(r),
    disable: () => undefined,
    log: () => undefined,
    now: () => clock,
    sleep: async () => undefined,
    minuteMs: 1_000
  });
  return { d, records, setClock: (t: number) => (clock = t) };
}

const team = { id: 'bpbd', name: { id: 'BPBD', en: 'BPBD' }, kinds: [], districts: [], leadPersonId: 'citra', backupAfterMin: 1, leadAfterMin: 2 };
const rota = (ids: [string, string]) => [
  { id: 1, teamId: 'bpbd', personId: ids[0], role: 'primary' as const, start: 0, end: FOREVER },
  { id: 2, teamId: 'bpbd', personId: ids[1], role: 'backup' as const, start: 0, end: FOREVER }
];

describe('dispatcher', () => {
  it('pages on-call now, the backup after backupAfterMin and the lead after leadAfterMin', async () => {
    const mail = inbox('email');
    const people = ['ani', 'budi', 'citra'].map((id, i) => person(id, { channels: [channel(i, 'email', 0)] }));
    const { d, records, setClock } = world(directory(people, { teams: [team], shifts: rota(['ani', 'budi']) }), [mail]);
    let done = false;
    d.handle(event('raised'), () => (done = true));
    await d.idle();
    expect(done).toBe(true);
    setClock(1_000);
    d.tick(1_000);
    await d.idle();
    setClock(2_000);
    d.tick(2_000);
    await d.idle();
    expect(records.map((r) => `${r.personId}:${r.reason}:${r.status}`)).toEqual(['ani:oncall:sent', 'budi:backup:sent', 'citra:lead:sent']);
    expect(d.stats().escalation.steps).toEqual({ backup: 1, lead: 1 });
  });

  it('an acknowledgement stops the chain: no backup, no lead', async () => {
    const mail = inbox('email');
    const people = ['ani', 'budi', 'citra'].map((id, i) => person(id, { channels: [channel(i, 'email', 0)] }));
    const { d, records } = world(directory(people, { teams: [team], shifts: rota(['ani', 'budi']) }), [mail]);
    d.handle(event('raised'));
    d.handle(event('acknowledged', alert({ state: 'acknowledged' })));
    d.tick(10_000);
    await d.idle();
    expect(records.map((r) => r.reason)).toEqual(['oncall']);
    expect(d.stats().escalation.stopped).toBe(1);
  });

  it('a storm to one subscriber: three messages, the rest in one digest; a critical passes straight through', async () => {
    const mail = inbox('email');
    const { d, records, setClock } = world(directory([person('ani', { subscriptions: [sub], channels: [channel(1, 'email', 0)] })]), [mail]);
    let finished = 0;
    for (let i = 0; i < 6; i++) d.handle(event('raised', alert({ id: `w${i}`, severity: 'warning' })), () => finished++);
    d.handle(event('raised', alert({ id: 'crit' })), () => finished++);
    await d.idle();
    expect(mail.sent.map((m) => m.alertIds.join())).toEqual(['w0', 'w1', 'w2', 'crit']);
    expect(records.filter((r) => r.status === 'held')).toHaveLength(3);
    expect(finished).toBe(4);
    setClock(60_000);
    d.tick(60_000);
    await d.idle();
    expect(mail.sent.at(-1)).toMatchObject({ title: 'digest:3', alertIds: ['w3', 'w4', 'w5'] });
    expect(records.at(-1)).toMatchObject({ reason: 'digest', status: 'sent', alertIds: ['w3', 'w4', 'w5'] });
    expect(finished).toBe(7);
  });

  it('a storm beyond what one digest keeps: every event still finishes (none left pending in the journal)', async () => {
    const { d, setClock } = world(directory([person('ani', { subscriptions: [sub], channels: [channel(1, 'email', 0)] })]), [inbox('email')]);
    let finished = 0;
    for (let i = 0; i < 80; i++) d.handle(event('raised', alert({ id: `w${i}`, severity: 'warning' })), () => finished++);
    setClock(60_000);
    d.tick(60_000);
    await d.idle();
    expect(finished).toBe(80);
  });

  it('messages cut short by close() leave their event unfinished, so the journal sends them again at the next start', async () => {
    const stuck: Channel = {
      kind: 'email',
      checkAddress: () => null,
      send: (_a, _m, signal) => new Promise((resolve) => signal?.addEventListener('abort', () => resolve({ ok: false, retryable: true, error: 'aborted' }), { once: true }))
    };
    const { d } = world(directory([person('ani', { subscriptions: [sub], channels: [channel(1, 'email', 0)] })]), [stuck]);
    let done = false;
    d.handle(event('raised'), () => (done = true));
    await d.close();
    expect(done).toBe(false);
  });

  it('WhatsApp failing falls back to email, and the records say so', async () => {
    const wa = inbox('whatsapp', () => ({ ok: false, retryable: false, error: '131026 undeliverable' }));
    const mail = inbox('email');
    const ani = person('ani', { subscriptions: [sub], channels: [channel(1, 'whatsapp', 0), channel(2, 'email', 1)] });
    const { d, records } = world(directory([ani]), [wa, mail]);
    d.handle(event('raised', alert({ severity: 'warning' })));
    await d.idle();
    expect(records.map((r) => `${r.channel}:${r.status}`)).toEqual(['whatsapp:fallback', 'email:sent']);
    expect(d.stats().deliveries).toEqual({ 'whatsapp.fallback': 1, 'email.sent': 1 });
  });

  it('counts a recipient with no usable channel and still finishes the event', async () => {
    const { d } = world(directory([person('ani', { subscriptions: [sub], channels: [channel(1, 'telegram', 0)] })]), [inbox('email')]);
    let done = false;
    d.handle(event('raised'), () => (done = true));
    await d.idle();
    expect([done, d.stats().unreachable]).toEqual([true, 1]);
  });

  it('a team with nobody on call as primary pages its backup at once, then the lead; the backup is not paged twice', async () => {
    const people = ['budi', 'citra'].map((id, i) => person(id, { channels: [channel(i, 'email', 0)] }));
    const backupOnly = [{ id: 2, teamId: 'bpbd', personId: 'budi', role: 'backup' as const, start: 0, end: FOREVER }];
    const { d, records } = world(directory(people, { teams: [team], shifts: backupOnly }), [inbox('email')]);
    d.handle(event('raised'));
    await d.idle();
    expect(records.map((r) => `${r.personId}:${r.reason}`)).toEqual(['budi:backup']);
    d.tick(1_000);
    d.tick(2_000);
    await d.idle();
    expect(records.map((r) => `${r.personId}:${r.reason}`)).toEqual(['budi:backup', 'citra:lead']);
    expect(d.stats().nobodyOnCall).toBe(1);
  });
});
