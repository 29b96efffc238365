import { describe, expect, it } from 'vitest';
import { createNewsFilter } from './news';
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
