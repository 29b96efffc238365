import { describe, expect, it } from 'vitest';
import type { PersonChannel } from '../../core/people';
import type { ChannelTestResult } from './channel-test-message';
import type { ChannelTests, TestAsk } from './channel-test';
import { channelLabel, problemOf, selfTestAudit, selfTestResults, startSelfTest } from './self-test';
import { formatAuditDetail } from '../../i18n/audit-detail';

/** The web half of channel tests in memory: answers by channel id, remembers what was asked. */
function tests(answers: Record<number, TestAsk>, results: Record<string, ChannelTestResult> = {}): ChannelTests & { asked: number[] } {
  const asked: number[] = [];
  return {
    asked,
    request: async (_by, _person, channelId) => (asked.push(channelId), answers[channelId]),
    result: (id) => results[id] ?? null,
    close: async () => undefined
  };
}

const ch = (id: number, kind: PersonChannel['kind'], rank: number, enabled = true, address: PersonChannel['address'] = `${kind}-${id}`): PersonChannel => ({ id, kind, address, rank, enabled });
const result = (requestId: string, personId: string, status: 'sent' | 'failed', error?: string): ChannelTestResult => ({ requestId, personId, channelId: 1, kind: 'email', status, ...(error ? { error } : {}), at: 0 });

describe('responder self test', () => {
  it('asks for each enabled channel in rank order; a turned-off one is listed, not asked; limits become plain problems', async () => {
    const t = tests({ 1: { ok: true, requestId: 'req-1' }, 2: { ok: false, status: 429, error: 'one test message per channel every 15 s' }, 4: { ok: false, status: 503, error: 'broker down' } });
    const got = await startSelfTest(t, 'sari', 'sari', [ch(2, 'telegram', 1), ch(1, 'email', 0), ch(3, 'whatsapp', 2, false), ch(4, 'webpush', 3, true, { endpoint: 'https://fcm.googleapis.com/x', keys: { p256dh: 'a', auth: 'b' } })]);
    expect(t.asked).toEqual([1, 2, 4]);
    expect(got.map((c) => [c.kind, c.status, c.problem ?? c.requestId])).toEqual([
      ['email', 'waiting', 'req-1'],
      ['telegram', 'failed', 'rate'],
      ['whatsapp', 'failed', 'off'],
      ['webpush', 'failed', 'unreachable']
    ]);
    expect(got[3].label).toBe('fcm.googleapis.com');
  });

  it('gives back only this person’s answers, in plain problems', () => {
    const t = tests({}, { a: result('a', 'sari', 'sent'), b: result('b', 'sari', 'failed', 'telegram is not set up in the notifier'), c: result('c', 'budi', 'sent'), d: result('d', 'sari', 'failed', '550 mailbox unavailable') });
    expect(selfTestResults(t, 'sari', ['a', 'b', 'c', 'd', 'x'])).toEqual({
      a: { status: 'sent' },
      b: { status: 'failed', problem: 'notSetUp', detail: 'telegram is not set up in the notifier' },
      d: { status: 'failed', problem: 'refused', detail: '550 mailbox unavailable' }
    });
    expect(problemOf('the request arrived too late')).toBe('late');
    expect(channelLabel(ch(1, 'email', 0, true, 'sari@bpbd.test'))).toBe('sari@bpbd.test');
  });
});

describe("a self test's audit detail", () => {
  const channels = [
    { channelId: 1, kind: 'email' as const, label: 'x', requestId: 'req-1', status: 'waiting' as const },
    { channelId: 3, kind: 'whatsapp' as const, label: 'x', status: 'failed' as const, problem: 'off' as const },
    { channelId: 4, kind: 'webpush' as const, label: 'x', status: 'failed' as const, problem: 'unreachable' as const, detail: 'broker down' }
  ];

  it('is stored as the English sentence it always was, and read in Indonesian or English on the audit page', () => {
    const said = selfTestAudit(channels);
    expect(said.detail).toBe('self test: email 1: asked (request req-1); whatsapp 3: not asked (off); webpush 4: not asked (unreachable: broker down)');
    expect(formatAuditDetail('id', said)).toBe('uji notifikasi: email 1: diminta (permintaan req-1); whatsapp 3: tidak diminta (saluran dimatikan); webpush 4: tidak diminta (notifier tidak terjangkau: broker down)');
    expect(formatAuditDetail('en', said)).toBe('self test: email 1: asked (request req-1); whatsapp 3: not asked (channel turned off); webpush 4: not asked (notifier unreachable: broker down)');
  });

  it('says a person without channels so in both languages', () => {
    const said = selfTestAudit([]);
    expect(said.detail).toBe('self test: no channels');
    expect(formatAuditDetail('id', said)).toBe('uji notifikasi: tidak ada saluran');
  });

  it("shows an entry whose channel values do not fit (another version's) by its English sentence", () => {
    const said = selfTestAudit(channels);
    const { kind1: _k, ...broken } = said.detailArgs;
    expect(formatAuditDetail('id', { ...said, detailArgs: broken })).toBe(said.detail);
    // a count no entry of ours writes (each channel stores two values at least) is not walked a billion times
    expect(formatAuditDetail('en', { ...said, detailArgs: { ...said.detailArgs, count: 1e9 } })).toBe(said.detail);
  });
});
