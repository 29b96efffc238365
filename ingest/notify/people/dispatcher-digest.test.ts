import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../src/lib/core/alert';
import type { Channel, OutgoingMessage } from '../channels/types';
import { createDispatcher, type MessageSubject } from './dispatcher';
import { alert, channel, directory, event, person } from './test-fixtures';

/** Storm digests in the dispatcher: each alert once, as it is now; none about an alert already messaged or resolved unheard. */

const sub = { id: 1, districts: [], kinds: [], categories: ['emergency' as const], minSeverity: 'info' as const };
const warn = (n: number, extra: Partial<Alert> = {}) => alert({ id: `a${n}`, severity: 'warning', ...extra });

function world() {
  let clock = 0;
  const sent: OutgoingMessage[] = [];
  const digests: Alert[][] = [];
  const mail: Channel = { kind: 'email', checkAddress: () => null, send: async (_a, m) => (sent.push(m), { ok: true }) };
  const d = createDispatcher({
    directory: () => directory([person('dewi', { channels: [channel(1, 'email', 0)], subscriptions: [sub] })]),
    channels: new Map([['email', mail]]),
    message: (p, s: MessageSubject) => {
      if (s.type === 'digest') digests.push(s.alerts);
      return { personId: p.id, language: p.language, severity: 'info', alertIds: [], title: s.type === 'alert' ? `${s.alert.id}:${s.event}` : 'digest', body: '', url: '', tag: '' };
    },
    record: () => undefined,
    disable: () => undefined,
    log: () => undefined,
    now: () => clock,
    sleep: async () => undefined
  });
  const flush = async () => {
    clock = 61_000;
    d.tick(clock);
    await d.idle();
  };
  return { d, sent, digests, flush };
}

describe('dispatcher: storm digests', () => {
  it('an alert held and then updated is listed once, as it is now; every event finishes', async () => {
    const { d, digests, flush } = world();
    let finished = 0;
    for (let n = 1; n <= 4; n++) d.handle(event('raised', warn(n)), () => finished++);
    d.handle(event('escalated', warn(4, { level: 2, updatedAt: 5_000 }), 5_000), () => finished++);
    await flush();
    expect(digests.map((list) => list.map((a) => `${a.id}:${a.level}`))).toEqual([['a4:2']]);
    expect(finished).toBe(5);
  });

  it('an alert held and then resolved is dropped: no digest about it, and its events finish', async () => {
    const { d, sent, digests, flush } = world();
    let finished = 0;
    for (let n = 1; n <= 4; n++) d.handle(event('raised', warn(n)), () => finished++);
    d.handle(event('resolved', warn(4, { state: 'resolved', resolvedAt: 20_000 }), 20_000), () => finished++);
    await flush();
    expect(digests).toEqual([]);
    expect(sent.map((m) => m.title)).toEqual(['a1:raised', 'a2:raised', 'a3:raised']);
    expect(finished).toBe(5);
  });

  it('a held alert messaged directly (it turned critical) leaves the digest', async () => {
    const { d, sent, digests, flush } = world();
    for (let n = 1; n <= 5; n++) d.handle(event('raised', warn(n)));
    d.handle(event('escalated', warn(4, { severity: 'critical', updatedAt: 5_000 }), 5_000));
    await flush();
    expect(sent.map((m) => m.title)).toEqual(['a1:raised', 'a2:raised', 'a3:raised', 'a4:escalated', 'digest']);
    expect(digests.map((list) => list.map((a) => a.id))).toEqual([['a5']]);
  });
});
