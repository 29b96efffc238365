import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { DeliveryRecord, Directory } from '../../../src/lib/core/people';
import type { Channel, OutgoingMessage, SendResult } from '../channels/types';
import { abortableSleep, createDispatcher, type DispatcherDeps } from './dispatcher';
import { createSendLedger, type SendLedger } from './send-ledger';
import { alert, channel, directory, event, person } from './test-fixtures';

/**
 * The dispatcher with its send ledger: the same event arriving twice (the broker redelivers what it
 * had no PUBACK for while the journal replays it), resends after a crash, a ledger that cannot write.
 */

const sub = { id: 1, districts: [], kinds: [], categories: ['emergency' as const], minSeverity: 'info' as const };

/** A channel whose sends wait until released (or the dispatcher is closed). */
function gate(kind: Channel['kind']): Channel & { sent: OutgoingMessage[]; release: () => void } {
  const sent: OutgoingMessage[] = [];
  let open = false;
  const waiting: (() => void)[] = [];
  return {
    kind, sent, checkAddress: () => null,
    release: () => ((open = true), waiting.splice(0).forEach((r) => r())),
    send: async (_a, m, signal): Promise<SendResult> => {
      sent.push(m);
      if (!open) await new Promise<void>((r) => (waiting.push(r), signal?.addEventListener('abort', () => r(), { once: true })));
      return { ok: true };
    }
  };
}

function world(dir: Directory, plugins: Channel[], extra: Partial<DispatcherDeps> = {}) {
  const records: DeliveryRecord[] = [];
  const logs: string[] = [];
  const d = createDispatcher({
    directory: () => dir,
    channels: new Map(plugins.map((p) => [p.kind, p])),
    message: (p, s, c) => ({ personId: p.id, language: p.language, severity: 'critical', alertIds: s.type === 'alert' ? [s.alert.id] : [], title: 't', body: '', url: '', tag: c.kind }),
    record: (r) => records.push(r),
    disable: () => undefined,
    log: (m) => logs.push(m),
    now: () => 1_000,
    sleep: async () => undefined,
    ...extra
  });
  return { d, records, logs };
}

const flush = () => new Promise((r) => setTimeout(r, 10));

describe('dispatcher and send ledger', () => {
  it('the same event again while its message is still on its way: sent once, not "unknown"', async () => {
    const mail = gate('email');
    const ani = person('ani', { subscriptions: [sub], channels: [channel(1, 'email', 0)] });
    const { d, records } = world(directory([ani]), [mail], { sends: createSendLedger() });
    let done = 0;
    d.handle(event('raised'), () => done++);
    await flush(); // the first is at the mail server
    d.handle(event('raised'), () => done++); // the broker's redelivery of the same event
    await flush();
    mail.release();
    await d.idle();
    expect(mail.sent).toHaveLength(1);
    expect(records.map((r) => r.status)).toEqual(['sent']);
    expect(done).toBe(2);
  });

  it('a resend after an unknown outcome waits outside the pool: a fresh critical page is not held up behind it', async () => {
    const sends = createSendLedger();
    const ani = person('ani', { subscriptions: [sub], channels: [channel(1, 'email', 0)] });
    const cut = gate('email');
    const before = world(directory([ani]), [cut], { sends });
    before.d.handle(event('raised'));
    await flush(); // "crash": the try is in the ledger, the answer never came
    const mail = gate('email');
    mail.release();
    let wake = () => undefined as void;
    const sleep = (ms: number, signal?: AbortSignal) => (ms > 1_000 ? new Promise<void>((r) => ((wake = r), signal?.addEventListener('abort', () => r()))) : Promise.resolve());
    const { d, records } = world(directory([ani]), [mail], { sends, sleep, concurrency: 1, channelTimeoutMs: 10_000 });
    d.handle(event('raised')); // replayed: unknown, critical, resent after the channel timeout
    d.handle(event('raised', alert({ id: 'fresh' })));
    await flush();
    expect(mail.sent.map((m) => m.alertIds[0])).toEqual(['fresh']);
    wake();
    await d.idle();
    expect(mail.sent.map((m) => m.alertIds[0])).toEqual(['fresh', 'gl-01:flood_level:1000']);
    expect(records.filter((r) => r.status === 'unknown')).toHaveLength(1);
    await before.d.close();
  });

  it('a ledger that throws never stops a message', async () => {
    const broken: SendLedger = {
      lookup: () => ({ kind: 'new' }), size: () => 0, close: () => undefined,
      tried: () => { throw new Error('ENOSPC'); },
      result: () => { throw new Error('ENOSPC'); },
      done: () => { throw new Error('ENOSPC'); }
    };
    const mail = gate('email');
    mail.release();
    const ani = person('ani', { subscriptions: [sub], channels: [channel(1, 'email', 0)] });
    const { d, logs } = world(directory([ani]), [mail], { sends: broken });
    let done = false;
    d.handle(event('raised'), () => (done = true));
    await d.idle();
    expect([mail.sent.length, done]).toEqual([1, true]);
    expect(logs.filter((l) => l.includes('ENOSPC'))).toHaveLength(1);
  });

  it('a sleep that ends by itself leaves no listener on the long-lived signal', async () => {
    const abort = new AbortController();
    for (let i = 0; i < 20; i++) await abortableSleep(0, abort.signal);
    expect(getEventListeners(abort.signal, 'abort')).toHaveLength(0);
    const cut = abortableSleep(60_000, abort.signal);
    abort.abort();
    await cut;
  });
});
