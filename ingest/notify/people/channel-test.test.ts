import { describe, expect, it } from 'vitest';
import { formatAuditDetail, type AuditDetailFields } from '../../../src/lib/i18n/audit-detail';
import { parseChannelTestRequest, parseChannelTestResult } from '../../../src/lib/server/people/channel-test-message';
import type { Channel, ChannelAddress, OutgoingMessage } from '../channels/types';
import { createChannelTester, MIN_INTERVAL_MS } from './channel-test';
import { channel, directory, person } from './test-fixtures';

/** A channel plugin that records what it was asked to send and answers as told. */
function recordingChannel(answer: Awaited<ReturnType<Channel['send']>>) {
  const sent: { address: ChannelAddress; message: OutgoingMessage }[] = [];
  const plugin: Channel = { kind: 'email', checkAddress: () => null, send: async (address, message) => (sent.push({ address, message }), answer) };
  return { plugin, sent };
}

function setup(answer: Awaited<ReturnType<Channel['send']>> = { ok: true }) {
  let t = 1_000_000;
  const email = recordingChannel(answer);
  const audits: ({ action: string; target: string; ok: boolean } & AuditDetailFields)[] = [];
  const dir = directory([person('rina', { name: 'Rina', language: 'en', channels: [{ ...channel(7, 'email', 0, 'rina@bpbd.test'), enabled: false }, channel(8, 'telegram', 1)] })]);
  const tester = createChannelTester({ directory: () => dir, channels: new Map([['email', email.plugin]]), publicUrl: 'https://pantau.test', audit: (e) => audits.push(e), now: () => t });
  const req = (channelId: number, over: Partial<{ personId: string; at: number }> = {}) => ({ requestId: `req-${channelId}-${t}`, personId: 'rina', channelId, by: 'wati', at: t, ...over });
  return { tester, email, audits, req, advance: (ms: number) => (t += ms) };
}

describe('channel test messages (notifier side)', () => {
  it('sends one message in the person’s language through the named channel, even a disabled one, and audits it', async () => {
    const s = setup();
    const r = await s.tester.test(s.req(7));
    expect(r).toMatchObject({ personId: 'rina', channelId: 7, kind: 'email', status: 'sent' });
    expect(s.email.sent).toHaveLength(1);
    expect(s.email.sent[0].address).toBe('rina@bpbd.test');
    expect(s.email.sent[0].message.title).toBe('Pantau: test message');
    expect(s.email.sent[0].message.body).toContain('wati');
    expect(s.audits).toMatchObject([{ action: 'people:channel-test', target: 'rina/7', ok: true, detail: 'email test message asked for by wati: sent' }]);
    expect(formatAuditDetail('id', s.audits[0])).toBe('pesan uji email yang diminta wati: terkirim');
  });

  it('answers failed, with why, for a failing send, an unknown channel, an unconfigured kind, a repeat and a stale request', async () => {
    const s = setup({ ok: false, retryable: true, error: 'smtp 451: try later' });
    expect(await s.tester.test(s.req(7))).toMatchObject({ status: 'failed', error: 'smtp 451: try later' });
    s.advance(MIN_INTERVAL_MS - 1);
    expect((await s.tester.test(s.req(7))).error).toContain('one test per channel');
    expect((await s.tester.test(s.req(99))).error).toContain('no such active person or channel');
    expect((await s.tester.test(s.req(7, { personId: 'nobody' }))).kind).toBeNull();
    expect((await s.tester.test(s.req(8))).error).toContain('telegram is not set up');
    s.advance(1);
    expect((await s.tester.test(s.req(7, { at: 0 }))).error).toContain('too late');
    expect(s.email.sent).toHaveLength(1);
    expect(s.audits.every((a) => !a.ok)).toBe(true);
    // the audit log: the English as it always read, and each said in Indonesian (it was English only in /audit)
    expect(s.audits.map((a) => a.detail)).toEqual([
      'email test message asked for by wati: failed (smtp 451: try later)',
      'email test message asked for by wati: failed (one test per channel every 10 s)',
      'channel test message asked for by wati: failed (no such active person or channel in the directory)',
      'channel test message asked for by wati: failed (no such active person or channel in the directory)',
      'telegram test message asked for by wati: failed (telegram is not set up in the notifier)',
      'email test message asked for by wati: failed (the request arrived too late)'
    ]);
    expect(s.audits.map((a) => formatAuditDetail('id', a))).toEqual([
      'pesan uji email yang diminta wati: gagal (smtp 451: try later)',
      'pesan uji email yang diminta wati: gagal (satu uji per saluran setiap 10 detik)',
      'pesan uji saluran yang diminta wati: gagal (orang atau saluran aktif itu tidak ada di direktori)',
      'pesan uji saluran yang diminta wati: gagal (orang atau saluran aktif itu tidak ada di direktori)',
      'pesan uji telegram yang diminta wati: gagal (telegram belum disiapkan di notifier)',
      'pesan uji email yang diminta wati: gagal (permintaan tiba terlambat)'
    ]);
    await s.tester.test(s.req(7, { personId: 'nobody', at: 0 }));
    expect(s.audits.at(-1)?.detail).toBe('channel test message asked for by wati: failed (the request arrived too late)');
    expect(formatAuditDetail('id', s.audits.at(-1)!)).toBe('pesan uji saluran yang diminta wati: gagal (permintaan tiba terlambat)');
  });
});

describe('channel test messages on the wire', () => {
  it('parses well-formed requests and results and refuses anything else', () => {
    const req = { requestId: 'abcdefgh12', personId: 'rina', channelId: 3, by: 'wati', at: 5 };
    expect(parseChannelTestRequest(JSON.stringify(req))).toEqual(req);
    for (const bad of [{ ...req, requestId: 'x' }, { ...req, personId: 'Rina Ok' }, { ...req, channelId: 0 }, { ...req, by: '' }, [req]]) expect(parseChannelTestRequest(JSON.stringify(bad))).toBeNull();
    expect(parseChannelTestRequest('not json')).toBeNull();
    expect(parseChannelTestRequest(JSON.stringify({ ...req, by: 'x'.repeat(3000) }))).toBeNull();
    const result = { requestId: 'abcdefgh12', personId: 'rina', channelId: 3, kind: 'email', status: 'failed', error: 'e'.repeat(400), at: 6 };
    expect(parseChannelTestResult(JSON.stringify(result))?.error).toHaveLength(300);
    expect(parseChannelTestResult(JSON.stringify({ ...result, status: 'maybe' }))).toBeNull();
  });
});
