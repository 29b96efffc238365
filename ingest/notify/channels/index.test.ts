import { describe, expect, it } from 'vitest';
import { PantauError } from '../../../src/lib/core/errors';
import { classifySmtpError } from './email';
import { safeError } from './format';
import { createChannels, describeChannels, parseChannelsConfig } from './index';
import { classifyTelegram, telegramHtml } from './telegram';
import { MAX_PAYLOAD_BYTES, pushPayload } from './webpush';
import { classifyWhatsApp, templateParam } from './whatsapp';
import type { OutgoingMessage } from './types';

// A syntactically valid VAPID pair (65-byte point, 32-byte scalar); never used to sign here.
const VAPID_PUBLIC = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString('base64url');
const VAPID_PRIVATE = Buffer.alloc(32, 9).toString('base64url');

const FULL = {
  SMTP_URL: 'smtp://pantau:s3cret%2Fpass@smtp.bpbd.example:2525',
  SMTP_FROM: 'Pantau <pantau@bpbd.example>',
  TELEGRAM_BOT_TOKEN: '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawXY',
  WHATSAPP_TOKEN: 'EAAGsecretsecretsecretsecret',
  WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
  WHATSAPP_TEMPLATE_LANGUAGES: 'id:id,en:en_US',
  VAPID_PUBLIC_KEY: VAPID_PUBLIC,
  VAPID_PRIVATE_KEY: VAPID_PRIVATE,
  VAPID_SUBJECT: 'mailto:ops@bpbd.example'
};
const SECRETS = ['s3cret', 'AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawXY', 'EAAGsecretsecretsecretsecret', VAPID_PRIVATE];

function refused(env: Record<string, string>): PantauError {
  try {
    parseChannelsConfig(env);
  } catch (err) {
    return err as PantauError;
  }
  throw new Error('accepted');
}

describe('parseChannelsConfig', () => {
  it('turns every channel off when none is configured', () => {
    const config = parseChannelsConfig({});
    expect(config).toMatchObject({ email: null, telegram: null, whatsapp: null, webpush: null, timeoutMs: 10_000 });
    expect(describeChannels(config)).toBe('channels: webpush off, whatsapp off, telegram off, email off');
    expect(createChannels(config).size).toBe(0);
  });

  it('reads a full configuration, frozen, with defaults filled in', () => {
    const config = parseChannelsConfig(FULL);
    expect(config.email).toEqual({ host: 'smtp.bpbd.example', port: 2525, secure: false, requireTls: true, user: 'pantau', pass: 's3cret/pass', from: FULL.SMTP_FROM });
    expect(config.telegram).toEqual({ token: FULL.TELEGRAM_BOT_TOKEN, apiUrl: 'https://api.telegram.org' });
    expect(config.whatsapp).toMatchObject({ apiUrl: 'https://graph.facebook.com/v21.0', template: 'pantau_alert', languages: { id: 'id', en: 'en_US' } });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.email)).toBe(true);
    expect([...createChannels(config).keys()]).toEqual(['webpush', 'whatsapp', 'telegram', 'email']);
    expect(parseChannelsConfig({ SMTP_URL: 'smtps://smtp.example', SMTP_FROM: 'a@b.example' }).email).toMatchObject({ port: 465, secure: true });
  });

  it('requires STARTTLS before a password goes to another machine over smtp://', () => {
    const email = (url: string) => parseChannelsConfig({ SMTP_URL: url, SMTP_FROM: 'a@b.example' }).email;
    expect(email('smtp://pantau:pw@smtp.bpbd.example:587')).toMatchObject({ secure: false, requireTls: true });
    expect(email('smtp://pantau:pw@127.0.0.1:2525')).toMatchObject({ requireTls: false });
    expect(email('smtp://pantau:pw@[::1]:2525')).toMatchObject({ requireTls: false });
    expect(email('smtp://relay.bpbd.example:25')).toMatchObject({ requireTls: false });
    expect(email('smtps://pantau:pw@smtp.bpbd.example')).toMatchObject({ secure: true, requireTls: false });
  });

  it('describes the channels by host, never with a secret', () => {
    const text = describeChannels(parseChannelsConfig(FULL));
    expect(text).toContain('email on (smtp.bpbd.example:2525)');
    expect(text).toContain('telegram on (api.telegram.org)');
    expect(text).toContain('whatsapp on (graph.facebook.com, template pantau_alert)');
    for (const s of SECRETS) expect(text).not.toContain(s);
  });

  it('refuses a half-configured channel with a code naming a missing variable and a message listing all', () => {
    expect(refused({ SMTP_URL: FULL.SMTP_URL }).code).toBe('CONFIG_SMTP_FROM');
    expect(refused({ SMTP_FROM: FULL.SMTP_FROM }).code).toBe('CONFIG_SMTP_URL');
    expect(refused({ TELEGRAM_API_URL: 'https://tg.example' }).code).toBe('CONFIG_TELEGRAM_BOT_TOKEN');
    const wa = refused({ WHATSAPP_TOKEN: FULL.WHATSAPP_TOKEN });
    expect(wa.code).toBe('CONFIG_WHATSAPP_PHONE_NUMBER_ID');
    expect(refused({ WHATSAPP_TEMPLATE: 'x' }).message).toContain('missing WHATSAPP_TOKEN, WHATSAPP_PHONE_NUMBER_ID');
    const push = refused({ VAPID_PUBLIC_KEY: VAPID_PUBLIC });
    expect(push.code).toBe('CONFIG_VAPID_PRIVATE_KEY');
    expect(push.message).toContain('VAPID_PRIVATE_KEY, VAPID_SUBJECT');
  });

  it('refuses malformed values without quoting a secret back', () => {
    const cases: [Record<string, string>, string][] = [
      [{ ...FULL, SMTP_URL: 'http://pantau:s3cret@smtp.example' }, 'CONFIG_SMTP_URL'],
      [{ ...FULL, SMTP_FROM: 'not an address' }, 'CONFIG_SMTP_FROM'],
      [{ ...FULL, TELEGRAM_BOT_TOKEN: 's3cret-not-a-token' }, 'CONFIG_TELEGRAM_BOT_TOKEN'],
      [{ ...FULL, WHATSAPP_TOKEN: 'EAAGsecretsecretsecretsecret with space' }, 'CONFIG_WHATSAPP_TOKEN'],
      [{ ...FULL, WHATSAPP_TEMPLATE_LANGUAGES: 'fr:fr' }, 'CONFIG_WHATSAPP_TEMPLATE_LANGUAGES'],
      [{ ...FULL, VAPID_PRIVATE_KEY: VAPID_PRIVATE + 'AAAA' }, 'CONFIG_VAPID_PRIVATE_KEY'],
      [{ ...FULL, VAPID_SUBJECT: 'http://bpbd.example' }, 'CONFIG_VAPID_SUBJECT'],
      [{ ...FULL, CHANNEL_TIMEOUT_MS: '5' }, 'CONFIG_CHANNEL_TIMEOUT_MS']
    ];
    for (const [env, code] of cases) {
      const err = refused(env);
      expect(err.code, code).toBe(code);
      for (const s of SECRETS) expect(err.message).not.toContain(s);
    }
  });
});

describe('failure classification', () => {
  it('SMTP: 4xx and connection trouble retry, 5xx and a refused login do not', () => {
    expect(classifySmtpError({ responseCode: 451, response: '451 later' }, [])).toMatchObject({ retryable: true });
    expect(classifySmtpError({ responseCode: 550, response: '550 no such user' }, [])).toMatchObject({ retryable: false });
    expect(classifySmtpError({ code: 'ECONNECTION', message: 'connect ECONNREFUSED' }, [])).toMatchObject({ retryable: true });
    expect(classifySmtpError({ code: 'EAUTH', responseCode: 535, response: '535 bad pw' }, [])).toMatchObject({ retryable: false });
  });

  it('Telegram: chat not found is gone; 401 (our token) is neither retryable nor gone', () => {
    expect(classifyTelegram(400, { error_code: 400, description: 'Bad Request: chat not found' }, null, [])).toMatchObject({ retryable: false, gone: true });
    const unauthorized = classifyTelegram(401, { description: 'Unauthorized' }, null, []);
    expect(unauthorized).toMatchObject({ retryable: false });
    expect(unauthorized).not.toHaveProperty('gone');
    expect(classifyTelegram(429, {}, '12', [])).toMatchObject({ retryable: true, retryAfterMs: 12_000 });
  });

  it('WhatsApp: by HTTP status and Graph error code', () => {
    const graph = (code: number) => ({ error: { code, message: `(#${code}) x` } });
    expect(classifyWhatsApp(400, graph(131047), null, [])).toMatchObject({ retryable: false });
    expect(classifyWhatsApp(400, graph(131026), null, [])).toMatchObject({ retryable: false });
    expect(classifyWhatsApp(400, graph(130429), null, [])).toMatchObject({ retryable: true });
    expect(classifyWhatsApp(400, graph(4), null, [])).toMatchObject({ retryable: true });
    expect(classifyWhatsApp(401, graph(190), null, [])).toMatchObject({ retryable: false });
    expect(classifyWhatsApp(503, {}, '30', [])).toMatchObject({ retryable: true, retryAfterMs: 30_000 });
  });

  it('replaces secrets in error text and keeps it short', () => {
    const text = safeError(`GET https://api.telegram.org/bot123:TOKEN/sendMessage failed ${'x'.repeat(1000)}`, ['123:TOKEN']);
    expect(text).not.toContain('TOKEN');
    expect(text).toContain('bot***');
    expect(text.length).toBeLessThanOrEqual(300);
  });
});

describe('message shaping', () => {
  const message: OutgoingMessage = {
    personId: 'sari',
    language: 'en',
    severity: 'warning',
    alertIds: ['a'],
    title: 'A < B & C',
    body: 'x',
    url: 'https://pantau.example/alerts/a',
    tag: 'a'
  };

  it('Telegram HTML escapes the title and the body', () => {
    expect(telegramHtml({ ...message, body: '<script>' })).toBe('<b>[WARNING] A &lt; B &amp; C</b>\n\n&lt;script&gt;');
  });

  it('WhatsApp parameters are one line without runs of spaces, never empty', () => {
    expect(templateParam('a\n\tb     c', 100)).toBe('a b c');
    expect(templateParam('   ', 100)).toBe('-');
    expect(templateParam('x'.repeat(50), 10)).toHaveLength(10);
  });

  it('the push payload stays under 3 KB whatever the body, keeping the links', () => {
    const json = pushPayload({ ...message, body: '€'.repeat(5_000), alertIds: Array.from({ length: 100 }, (_, i) => `alert-${i}`), ackUrl: 'https://pantau.example/ack/t' });
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    expect(JSON.parse(json)).toMatchObject({ url: message.url, ackUrl: 'https://pantau.example/ack/t', severity: 'warning', lang: message.language });
  });

  it('the push payload carries the person\'s language for the notification\'s buttons', () => {
    expect(JSON.parse(pushPayload({ ...message, language: 'en' })).lang).toBe('en');
    expect(JSON.parse(pushPayload({ ...message, language: 'id' })).lang).toBe('id');
  });
});
