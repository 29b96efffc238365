import { describe, expect, it } from 'vitest';
import type { Channel, OutgoingMessage } from '../channels/types';
import { createDispatcher } from './dispatcher';
import { recipientsFor, uncoveredEmergency } from './route';
import { alert, channel, directory, event, person } from './test-fixtures';

const FOREVER = Number.MAX_SAFE_INTEGER;
const team = { id: 'bpbd', name: { id: 'BPBD', en: 'BPBD' }, kinds: [], districts: [], leadPersonId: 'citra', backupAfterMin: 10, leadAfterMin: 20 };
const sub = { id: 1, districts: [], kinds: [], categories: [], minSeverity: 'warning' as const };

describe('routing order', () => {
  it('puts the on-call primary first, ahead of every subscriber, once (also when they subscribe)', () => {
    const people = [person('s1', { subscriptions: [sub] }), person('s2', { subscriptions: [sub] }), person('ani', { subscriptions: [sub] })];
    const d = directory(people, { teams: [team], shifts: [{ id: 1, teamId: 'bpbd', personId: 'ani', role: 'primary', start: 0, end: FOREVER }] });
    expect(recipientsFor(d, event('raised'), 1_000).map((r) => [r.person.id, r.reason])).toEqual([['ani', 'oncall'], ['s1', 'subscription'], ['s2', 'subscription']]);
  });

  it('demo4: 640 subscribers, 64 at a time: the primary\'s page is among the first 64 sent, not the 641st', async () => {
    const subscribers = Array.from({ length: 640 }, (_, i) => person(`s${i}`, { channels: [channel(100 + i, 'email', 0)], subscriptions: [sub] }));
    const dir = directory([...subscribers, person('ani', { channels: [channel(1, 'email', 0)] })], { teams: [team], shifts: [{ id: 1, teamId: 'bpbd', personId: 'ani', role: 'primary', start: 0, end: FOREVER }] });
    const started: string[] = [];
    const email: Channel = {
      kind: 'email',
      checkAddress: () => null,
      send: async (_a, m: OutgoingMessage) => (started.push(m.personId), await new Promise((r) => setImmediate(r)), { ok: true })
    };
    const d = createDispatcher({
      directory: () => dir, channels: new Map([['email', email]]), concurrency: 64,
      message: (p, _s, c) => ({ personId: p.id, language: p.language, severity: 'critical', alertIds: [], title: 'x', body: '', url: '', tag: c.kind }),
      record: () => undefined, disable: () => undefined, log: () => undefined, sleep: async () => undefined
    });
    d.handle(event('raised', alert({ raisedAt: 0, updatedAt: 0 }), 0));
    await d.idle();
    expect(started).toHaveLength(641);
    expect(started.indexOf('ani')).toBeGreaterThanOrEqual(0);
    expect(started.indexOf('ani')).toBeLessThan(64);
    await d.close();
  });

  it('tells a critical emergency no team covers from one a team covers', () => {
    const d = directory([], { teams: [{ ...team, districts: ['Samarinda Ulu'] }] });
    expect(uncoveredEmergency(d, event('raised', alert({ district: 'Sungai Pinang' })))).toBe(true);
    expect(uncoveredEmergency(d, event('raised', alert({ district: 'Samarinda Ulu' })))).toBe(false);
    expect(uncoveredEmergency(d, event('resolved', alert({ district: 'Sungai Pinang', state: 'resolved' })))).toBe(false);
  });
});
