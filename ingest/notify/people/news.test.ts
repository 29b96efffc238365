import { describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '../../../src/lib/core/people';
import { createNewsFilter } from './news';
import { toldBefore } from './told-restore';
import { alert, event } from './test-fixtures';

const MIN = 60_000;

describe('news to people already told', () => {
  it('the ingest\'s time escalation of a critical alert (same severity, same version) is no news; a worsening after it is', () => {
    const f = createNewsFilter();
    const a = alert({ raisedAt: 0, updatedAt: 0 });
    expect(f.news(event('raised', a, 0))).toBe(true);
    expect(f.news(event('escalated', { ...a, escalated: true, updatedAt: 10 * MIN }, 10 * MIN))).toBe(false);
    expect(f.news(event('escalated', { ...a, escalated: true, level: 3, worsenedAt: 12 * MIN, updatedAt: 12 * MIN }, 12 * MIN))).toBe(true);
    // The same worsening again (a redelivery): nothing new.
    expect(f.news(event('escalated', { ...a, escalated: true, level: 3, worsenedAt: 12 * MIN, updatedAt: 12 * MIN }, 12 * MIN))).toBe(false);
  });

  it('a time escalation that raises the severity (a warning made critical) is news', () => {
    const f = createNewsFilter();
    const a = alert({ severity: 'warning', raisedAt: 0, updatedAt: 0 });
    expect(f.news(event('raised', a, 0))).toBe(true);
    expect(f.news(event('escalated', { ...a, severity: 'critical', escalated: true, updatedAt: 30 * MIN }, 30 * MIN))).toBe(true);
  });

  it('an escalation of an alert not heard of here (a restart since) is news; a resolution forgets the alert', () => {
    const f = createNewsFilter();
    const a = alert({ raisedAt: 0, updatedAt: 10 * MIN, escalated: true });
    expect(f.news(event('escalated', a, 10 * MIN))).toBe(true);
    expect(f.news(event('resolved', { ...a, state: 'resolved' }, 11 * MIN))).toBe(true);
    expect(f.news(event('escalated', a, 12 * MIN))).toBe(true);
  });

  it('forgets the least recently heard alert beyond its bound (then its escalation is news again)', () => {
    const f = createNewsFilter(2);
    const ids = ['a', 'b', 'c'].map((id) => alert({ id }));
    for (const a of ids) f.news(event('raised', a));
    expect(f.news(event('escalated', ids[2]))).toBe(false);
    expect(f.news(event('escalated', ids[0]))).toBe(true);
  });
});

describe('news per person', () => {
  const a = alert({ raisedAt: 0, updatedAt: 0 });
  const reminder = event('escalated', { ...a, escalated: true, updatedAt: 10 * MIN }, 10 * MIN);
  const worse = event('escalated', { ...a, level: 3, worsenedAt: 12 * MIN, updatedAt: 12 * MIN }, 12 * MIN);

  it('a reminder is news to someone told nothing of the alert, not to someone told it; a worsening is news to both', () => {
    const f = createNewsFilter();
    f.news(event('raised', a, 0));
    f.tell(a, 'ani');
    expect(f.news(reminder)).toBe(false);
    expect([f.newsTo(reminder, 'ani'), f.newsTo(reminder, 'dewi')]).toEqual([false, true]);
    expect([f.newsTo(worse, 'ani'), f.newsTo(worse, 'dewi')]).toEqual([true, true]);
    // Raised and resolved are news to everyone routed.
    expect(f.newsTo(event('raised', a, 0), 'ani')).toBe(true);
  });

  it('forgets the oldest alert once the people remembered pass their bound (then a reminder is news again: a duplicate, not a miss)', () => {
    const f = createNewsFilter(100, 2);
    const b = alert({ id: 'b' });
    f.tell(a, 'ani');
    f.tell(a, 'budi');
    f.tell(b, 'citra');
    expect(f.newsTo(reminder, 'ani')).toBe(true);
    expect(f.newsTo(event('escalated', b), 'citra')).toBe(false);
  });
});

describe('what was told before a restart (told-restore.ts)', () => {
  const a = alert({ raisedAt: 0, updatedAt: 0 });
  const worse = { ...a, level: 3, worsenedAt: 12 * MIN, updatedAt: 12 * MIN };
  const events = [event('raised', a, 0), event('updated', { ...a, updatedAt: 5 * MIN }, 5 * MIN), event('escalated', worse, 12 * MIN)];
  const rec = (personId: string, at: number, status: DeliveryRecord['status'] = 'sent'): DeliveryRecord => ({ at, alertIds: [a.id], personId, personName: personId, reason: 'subscription', channel: 'email', status, attempt: 1 });

  it('each person as the alert stood when their record was written; the alert as its paging events said', () => {
    const seeds = toldBefore(events, [rec('ani', 1 * MIN), rec('budi', 13 * MIN), rec('citra', -1), rec('', 2 * MIN, 'uncovered')]);
    const f = createNewsFilter();
    for (const s of seeds) f.restore(s.alertId, s.personId, s.level);
    const reminder = event('escalated', { ...worse, escalated: true, updatedAt: 22 * MIN }, 22 * MIN);
    expect(seeds.map((s) => s.personId)).toEqual([null, 'ani', 'budi']);
    expect(f.news(reminder)).toBe(false);
    // Ani was told before the worsening, Citra's record is older than every event read (nothing known): told again.
    expect(['ani', 'budi', 'citra'].map((p) => f.newsTo(reminder, p))).toEqual([true, false, true]);
  });
});
