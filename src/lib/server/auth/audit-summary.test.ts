import { describe, expect, it } from 'vitest';
import { createAuditSummaries, isUnaccountable, MAX_SUMMARY_KINDS, type HintedEntry } from './audit-summary';
import { createAuthGate } from './gate';
import { createHashQueue } from './hash-queue';
import { loginAndAudit } from './login-flow';
import { hashPassword } from './password';
import type { ServerAuth } from './server-auth';

const T = Date.UTC(2026, 11, 6, 3);
const refused = (over: Partial<HintedEntry>): HintedEntry => ({ at: T, user: 'admin', role: 'anonymous', action: 'login', target: 'admin', ok: false, detail: 'rate_limited from 203.0.113.7', ...over });

describe('audit summaries', () => {
  it('stores the first refusal by a budget of a real name, counts the rest, and names the account in the summary', () => {
    const s = createAuditSummaries();
    const stored = Array.from({ length: 1000 }, (_, i) => s.admit(refused({ at: T + i, throttled: true, detail: `rate_limited from 203.0.113.${i % 200}` }))).filter(Boolean);
    expect(stored).toEqual([refused({ detail: 'rate_limited from 203.0.113.0' })]);
    // Busy is its own kind; another account too.
    expect(s.admit(refused({ throttled: true, detail: 'busy from 203.0.113.7' }))).not.toBeNull();
    expect(s.admit(refused({ user: 'sari', target: 'sari', throttled: true }))).not.toBeNull();
    const summary = s.closeWindow(T + 60_000, 60_000);
    expect(summary).toEqual([{ at: T + 60_000, user: 'admin', role: 'anonymous', action: 'login', target: 'admin', ok: false, detail: `rate_limited: 999 more in 60 s after ${new Date(T).toISOString()}`, detailCode: 'summary.reason', detailArgs: { reason: 'rate_limited', more: 999, windowS: 60, sinceAt: T } }]);
    // A new window starts afresh.
    expect(s.admit(refused({ at: T + 61_000, throttled: true }))).not.toBeNull();
  });

  it('keeps storing what people do and refusals of a checked password one by one', () => {
    const s = createAuditSummaries();
    const wrong = refused({ detail: 'invalid from 203.0.113.7' });
    expect([s.admit(wrong), s.admit(wrong)]).toEqual([wrong, wrong]);
    const edit: HintedEntry = { at: T, user: 'admin', role: 'admin', action: 'people:edit', target: 'sari', ok: true, detail: 'quiet hours' };
    expect(s.admit(edit)).toEqual(edit);
    expect(s.closeWindow(T + 60_000, 60_000)).toEqual([]);
  });

  it('stores unknown names without their text, within a bound of kinds', () => {
    const s = createAuditSummaries();
    expect(s.admit(refused({ user: 'x'.repeat(60), target: 'x'.repeat(60), unknownUser: true, throttled: true }))).toEqual({
      ...refused({ user: 'anonymous', target: '', unknownUser: undefined, throttled: undefined }),
      detailCode: 'summary.text',
      detailArgs: { text: 'rate_limited from 203.0.113.7' }
    });
    const bounded = createAuditSummaries();
    for (let i = 0; i < MAX_SUMMARY_KINDS + 10; i++) bounded.admit(refused({ user: `n${i}`, unknownUser: true, detail: `invalid from 10.0.0.${i}` }));
    expect(bounded.dropped()).toBe(10);
  });
});

describe('a login flood in the audit log', () => {
  it('is summarised: a known name refused thousands of times by its budgets stores a handful of entries', async () => {
    const hash = await hashPassword('correct horse battery staple');
    const users = new Map([['admin', { user: 'admin', role: 'admin' as const, hash }]]);
    const gate = createAuthGate({ usersFile: '', sessionSecret: 'x'.repeat(40), kioskTokens: [], anonymousRead: true, protocolKnown: false, origin: '', protocolHeader: '' }, users, createHashQueue(2, 8));
    const summaries = createAuditSummaries();
    const seen: HintedEntry[] = [];
    const auth = { gate, audit: { record: (e: HintedEntry) => seen.push(e) } } as unknown as ServerAuth;
    // From 50 addresses: one address's tries take turns (pair-turns.ts), so alone they would never fill the hash queue.
    const results = await Promise.all(Array.from({ length: 500 }, (_, i) => loginAndAudit(auth, 'admin', 'wrong', `203.0.113.${i % 50}`)));
    const reasons = new Set(results.map((r) => (r.ok ? 'ok' : r.reason)));
    expect(reasons).toEqual(new Set(['invalid', 'rate_limited', 'busy']));
    expect(seen.filter((e) => e.detail.startsWith('invalid')).every((e) => !isUnaccountable(e))).toBe(true);
    const stored = seen.map((e) => summaries.admit(e)).filter(Boolean);
    const checked = seen.filter((e) => e.detail.startsWith('invalid')).length;
    // Every checked password one by one, then one entry per budget that refused, and one summary each.
    expect(stored).toHaveLength(checked + 2);
    expect(stored.every((e) => e!.user === 'admin')).toBe(true);
    expect(summaries.closeWindow(Date.now(), 60_000).map((e) => e.detail.split(':')[0]).sort()).toEqual(['busy', 'rate_limited']);
  });
});
