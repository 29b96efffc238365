/**
 * The provider stand-ins refuse what their real counterparts refuse: a stand-in that accepted anything
 * would let a broken channel pass the contract. Each is fed wrong requests directly.
 */
import { request } from 'node:https';
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTelegramHtml, startFakeTelegram, type FakeTelegram } from '../helpers/fake-telegram';
import { startFakeWhatsApp, WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_TOKEN, type FakeWhatsApp } from '../helpers/fake-whatsapp';
import { checkVapid, startPushEndpoint, type PushEndpoint } from '../helpers/push-endpoint';
import { decodeEncodedWords, decodeQuotedPrintable } from '../helpers/smtp-server';

const VAPID = webpush.generateVAPIDKeys();
const VAPID_OPTIONS = { vapidDetails: { subject: 'mailto:ops@bpbd.example', ...VAPID } };

describe('push endpoint', () => {
  let push: PushEndpoint;
  beforeAll(async () => (push = await startPushEndpoint()));
  afterAll(() => push.close());

  it('accepts what web-push sends and refuses a JWT for another audience, a forged signature, an expired token', () => {
    const now = Math.floor(Date.now() / 1000);
    const good = webpush.getVapidHeaders(push.origin, 'mailto:ops@bpbd.example', VAPID.publicKey, VAPID.privateKey, 'aes128gcm').Authorization;
    expect(checkVapid(good, push.origin, now).claims.aud).toBe(push.origin);
    const other = webpush.getVapidHeaders('https://fcm.googleapis.com', 'mailto:ops@bpbd.example', VAPID.publicKey, VAPID.privateKey, 'aes128gcm').Authorization;
    expect(() => checkVapid(other, push.origin, now)).toThrow(/aud/);
    const otherKey = webpush.generateVAPIDKeys().publicKey;
    expect(() => checkVapid(good.replace(/k=.*$/, `k=${otherKey}`), push.origin, now)).toThrow(/signature/);
    expect(() => checkVapid(good, push.origin, now + 2 * 86_400)).toThrow(/exp/);
    expect(() => checkVapid('WebPush abc', push.origin, now)).toThrow(/vapid t=/);
  });

  it('cannot decrypt a payload encrypted for another subscription', async () => {
    const [mine, theirs] = [push.subscribe(), push.subscribe()];
    const details = webpush.generateRequestDetails(theirs.address, 'for someone else', { ...VAPID_OPTIONS, contentEncoding: 'aes128gcm' });
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(mine.address.endpoint, { method: 'POST', headers: details.headers, agent: push.agent }, (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(details.body);
    });
    expect(status).toBe(400);
    expect(push.refused.at(-1)?.reason).toMatch(/cannot decrypt/);
  });
});

describe('fake Telegram', () => {
  let tg: FakeTelegram;
  beforeAll(async () => (tg = await startFakeTelegram()));
  afterAll(() => tg.close());

  it('parses HTML by Telegram’s rules', () => {
    expect(parseTelegramHtml('<b>A &lt; B &amp; C</b> &#8805; 215')).toEqual({ text: 'A < B & C ≥ 215' });
    expect(parseTelegramHtml('<script>x</script>')).toHaveProperty('error');
    expect(parseTelegramHtml('Tom & Jerry')).toHaveProperty('error');
    expect(parseTelegramHtml('5 > 3')).toHaveProperty('error');
    expect(parseTelegramHtml('<b>open')).toHaveProperty('error');
    expect(parseTelegramHtml('&nbsp;')).toHaveProperty('error');
  });

  it('answers a wrong token 401 and unescaped HTML 400, like the Bot API', async () => {
    const post = (token: string, body: object) =>
      fetch(`${tg.url}/bot${token}/sendMessage`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const wrong = await post('987654321:AAEwrongwrongwrongwrongwrongwrong_x', { chat_id: 1, text: 'x', parse_mode: 'HTML' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });
    const unescaped = await post(tg.token, { chat_id: 1, text: 'a <b & c', parse_mode: 'HTML' });
    expect(unescaped.status).toBe(400);
    expect(((await unescaped.json()) as { description: string }).description).toMatch(/can't parse entities/);
    expect(tg.messages).toHaveLength(0);
  });
});

describe('fake WhatsApp', () => {
  let wa: FakeWhatsApp;
  beforeAll(async () => (wa = await startFakeWhatsApp()));
  afterAll(() => wa.close());

  const send = (body: object, token = WHATSAPP_TOKEN, phoneId = WHATSAPP_PHONE_NUMBER_ID) =>
    fetch(`${wa.url}/${phoneId}/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  const template = (params: string[], name = 'pantau_alert') => ({
    messaging_product: 'whatsapp',
    to: '6281234567890',
    type: 'template',
    template: { name, language: { code: 'id' }, components: [{ type: 'body', parameters: params.map((text) => ({ type: 'text', text })) }] }
  });
  const code = async (res: Response) => ((await res.json()) as { error: { code: number } }).error.code;

  it('refuses a bad token, an unknown phone number id, a missing product, wrong parameter counts and newlines', async () => {
    expect(await code(await send(template(['a', 'b', 'c']), 'EAAGwrong'))).toBe(190);
    expect(await code(await send(template(['a', 'b', 'c']), WHATSAPP_TOKEN, '999'))).toBe(100);
    expect(await code(await send({ ...template(['a', 'b', 'c']), messaging_product: undefined }))).toBe(100);
    expect(await code(await send(template(['a', 'b'])))).toBe(132000);
    expect(await code(await send(template(['a', 'b\nc', 'd'])))).toBe(132018);
    expect(await code(await send(template(['a', 'b', 'c'], 'unknown')))).toBe(132001);
    expect(wa.messages).toHaveLength(0);
    const ok = await send(template(['a', 'b', 'c']));
    expect(ok.status).toBe(200);
    expect(wa.messages).toHaveLength(1);
  });
});

describe('SMTP server decoding', () => {
  it('decodes quoted-printable and RFC 2047 words', () => {
    expect(decodeQuotedPrintable('Siaga 2 =E2=89=A5 215=\r\n cm').toString('utf8')).toBe('Siaga 2 ≥ 215 cm');
    expect(decodeEncodedWords('=?UTF-8?B?4omlIDIxNQ==?= =?UTF-8?Q?_cm?=')).toBe('≥ 215 cm');
  });
});
