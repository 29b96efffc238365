import { afterEach, describe, expect, it } from 'vitest';
import { auditDetail, formatAuditDetail, refusalArgs } from '../../i18n/audit-detail';
import { say } from '../../schemas/reason';
import { startTestBroker } from '../mqtt-test-broker';
import { createChannelTests, type TestAsk } from './channel-test';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The audit entry of a refused test message, as /audit says it in `lang`. */
const said = (lang: 'id' | 'en', ask: TestAsk) => {
  if (ask.ok) throw new Error('expected a refusal');
  return formatAuditDetail(lang, auditDetail('channelTest.refused', { kind: 'email', ...refusalArgs([ask.error]) }));
};

describe("a channel's test message, refused, in the reader's language", () => {
  it('says the rate limit in Indonesian, the English as answered before', async () => {
    const { url } = await startTestBroker(cleanups);
    const tests = createChannelTests({ url, username: '', password: '' });
    cleanups.push(() => tests.close());
    expect((await tests.request('wati', 'rina', 7)).ok).toBe(true);
    const again = await tests.request('wati', 'rina', 7);
    expect(again).toEqual({ ok: false, status: 429, error: 'one test message per channel every 15 s' });
    expect(said('en', again)).toBe('email test message refused: one test message per channel every 15 s');
    expect(said('id', again)).toBe('pesan uji email ditolak: satu pesan uji per saluran setiap 15 detik');
  });

  it('says the other refusals of the channel test route in Indonesian', () => {
    expect(formatAuditDetail('id', auditDetail('channelTest.noChannel'))).toBe('ditolak: saluran itu tidak ada');
    const asked = auditDetail('channelTest.asked', { kind: 'email', requestId: 'r-1' });
    expect(asked.detail).toBe('email test message asked for (request r-1)');
    expect(formatAuditDetail('id', asked)).toBe('pesan uji email diminta (permintaan r-1)');
    // the broker down: the request went nowhere (not 'notifier tidak ditanya', 'the notifier was not questioned')
    const down = auditDetail('channelTest.refused', { kind: 'email', ...refusalArgs([say('testBrokerDown')]) });
    expect(down.detail).toBe('email test message refused: the message broker cannot be reached: the notifier was not asked');
    expect(formatAuditDetail('id', down)).toBe('pesan uji email ditolak: broker pesan tidak dapat dihubungi: permintaan tidak diteruskan ke notifier');
  });
});
