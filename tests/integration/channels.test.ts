/**
 * The four delivery channels, built from their env through the registry (parseChannelsConfig →
 * createChannels), run through the channel contract against local stand-ins of their providers:
 * a real SMTP server, an HTTPS Web Push endpoint that checks VAPID and decrypts RFC 8291 payloads, and
 * fake Telegram / WhatsApp APIs that check each request's documented shape (the real APIs cannot be
 * reached from here). Then what is particular to each channel.
 */
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannels, parseChannelsConfig } from '../../ingest/notify/channels';
import { renderAlertMessage } from '../../ingest/notify/render';
import type { AlertEvent } from '../../src/lib/core/alert';
import type { Channel } from '../../ingest/notify/channels/types';
import { signAckToken, verifyAckToken } from '../../src/lib/notify/ack-token';
import { contractMessage, describeChannelContract, type ChannelHarness, type FailureMode } from '../contracts/channel';
import { startFakeTelegram, type FakeTelegram } from '../helpers/fake-telegram';
import { startFakeWhatsApp, WHATSAPP_ERRORS, type FakeWhatsApp } from '../helpers/fake-whatsapp';
import { startPushEndpoint, type PushEndpoint } from '../helpers/push-endpoint';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp-server';

const VAPID = webpush.generateVAPIDKeys();
const BASE_ENV = { CHANNEL_TIMEOUT_MS: '5000' };

function only(env: Record<string, string>, kind: 'email' | 'telegram' | 'whatsapp' | 'webpush', pushAgent?: PushEndpoint['agent']): Channel {
  const channel = createChannels(parseChannelsConfig({ ...BASE_ENV, ...env }), { pushAgent }).get(kind);
  if (!channel) throw new Error(`${kind} is not on with ${Object.keys(env).join(', ')}`);
  return channel;
}

const links = (text: string): string[] => [...text.matchAll(/https?:\/\/[^\s"'<>]+/g)].map((m) => m[0]);

async function emailHarness(): Promise<ChannelHarness & { smtp: TestSmtpServer }> {
  const smtp = await startSmtpServer();
  const env = (url: string) => ({ SMTP_URL: url, SMTP_FROM: 'Pantau <pantau@bpbd.example>' });
  const modes: Record<Exclude<FailureMode, null>, Parameters<TestSmtpServer['failWith']>[0]> = {
    retryable: { at: 'rcpt', code: 451, message: '4.3.0 mailbox temporarily unavailable' },
    permanent: { at: 'rcpt', code: 550, message: '5.1.1 no such user' },
    hang: { at: 'data', hang: true }
  };
  return {
    smtp,
    channel: only(env(smtp.url), 'email'),
    address: () => 'sari@bpbd.example',
    badAddresses: ['sari', 'sari@', 'sari@bpbd.example\r\nBcc: x@evil.example', 'a b@c.d', 42],
    delivered: () => smtp.messages.map((m) => ({ text: `${m.subject}\n${m.text}`, links: [...links(m.text), ...links(m.html)], html: m.html })),
    refusedShapes: () => [],
    fail: (mode) => smtp.failWith(mode ? modes[mode] : null),
    unreachable: only(env(`smtp://${smtp.user}:${smtp.pass}@127.0.0.1:1`), 'email'),
    secrets: [smtp.pass],
    close: () => smtp.close()
  };
}

async function telegramHarness(): Promise<ChannelHarness & { tg: FakeTelegram }> {
  const tg = await startFakeTelegram();
  const modes = { retryable: { status: 429, retryAfterS: 3 }, permanent: { status: 403 }, hang: { status: 'hang' } } as const;
  return {
    tg,
    channel: only({ TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_URL: tg.url }, 'telegram'),
    address: () => '123456789',
    badAddresses: ['', 'sari', '12 34', '@ab', { chat: 1 }],
    delivered: () => tg.messages.map((m) => ({ text: m.text, links: m.buttons.map((b) => b.url), html: m.html })),
    refusedShapes: () => tg.refused,
    fail: (mode) => tg.failWith(mode ? modes[mode] : null),
    unreachable: only({ TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_URL: 'http://127.0.0.1:1' }, 'telegram'),
    secrets: [tg.token, tg.token.split(':')[1]],
    close: () => tg.close()
  };
}

async function whatsappHarness(): Promise<ChannelHarness & { wa: FakeWhatsApp }> {
  const wa = await startFakeWhatsApp();
  const env = (url: string) => ({ WHATSAPP_TOKEN: wa.token, WHATSAPP_PHONE_NUMBER_ID: wa.phoneNumberId, WHATSAPP_API_URL: url });
  const modes = { retryable: WHATSAPP_ERRORS.rateLimit, permanent: WHATSAPP_ERRORS.reengagement, hang: { status: 'hang' } } as const;
  return {
    wa,
    channel: only(env(wa.url), 'whatsapp'),
    address: () => '6281234567890',
    badAddresses: ['+6281234567890', '081234567890', '62812', 'sari', 6281234567890],
    delivered: () => wa.messages.map((m) => ({ text: m.params.join('\n'), links: links(m.params.join(' ')) })),
    refusedShapes: () => wa.refused,
    fail: (mode) => wa.failWith(mode ? modes[mode] : null),
    unreachable: only(env('http://127.0.0.1:1/v21.0'), 'whatsapp'),
    secrets: [wa.token],
    close: () => wa.close()
  };
}

async function webpushHarness(): Promise<ChannelHarness & { push: PushEndpoint }> {
  const push = await startPushEndpoint();
  // The local push service is on loopback: allowed here, refused by default (channels/public-address.ts).
  const env = { VAPID_PUBLIC_KEY: VAPID.publicKey, VAPID_PRIVATE_KEY: VAPID.privateKey, VAPID_SUBJECT: 'mailto:ops@bpbd.example', WEBPUSH_ALLOW_PRIVATE: 'true' };
  const modes = { retryable: { status: 429, retryAfterS: 7 }, permanent: { status: 410 }, hang: { status: 'hang' } } as const;
  const sub = push.subscribe();
  return {
    push,
    channel: only(env, 'webpush', push.agent),
    address: () => sub.address,
    badAddresses: [
      'https://push.example/abc',
      { endpoint: 'http://push.example/abc', keys: sub.address.keys },
      { endpoint: sub.address.endpoint, keys: { p256dh: 'short', auth: sub.address.keys.auth } },
      { endpoint: sub.address.endpoint, keys: { p256dh: sub.address.keys.p256dh } }
    ],
    delivered: () =>
      push.received.map((r) => {
        const p = JSON.parse(r.plaintext) as { title: string; body: string; url: string; ackUrl?: string };
        return { text: `${p.title}\n${p.body}`, links: [p.url, p.ackUrl ?? ''].filter(Boolean) };
      }),
    refusedShapes: () => push.refused,
    fail: (mode) => push.failWith(mode ? modes[mode] : null),
    unreachable: (() => {
      const channel = only(env, 'webpush', push.agent);
      const dead = { ...sub.address, endpoint: 'https://127.0.0.1:1/push/dead' };
      return { ...channel, send: (_a, m, s) => channel.send(dead, m, s) } satisfies Channel;
    })(),
    secrets: [VAPID.privateKey],
    close: () => push.close()
  };
}

describeChannelContract('email', emailHarness);
describeChannelContract('telegram', telegramHarness);
describeChannelContract('whatsapp', whatsappHarness);
describeChannelContract('webpush', webpushHarness);

describe('registry', () => {
  it('builds every channel whose env is set, and none when none is', () => {
    expect(createChannels(parseChannelsConfig({})).size).toBe(0);
  });
});

describe('email particulars', () => {
  let h: Awaited<ReturnType<typeof emailHarness>>;
  beforeAll(async () => (h = await emailHarness()));
  afterAll(() => h.close());

  it('carries a signed acknowledge link a test can read out of the text and the HTML button and verify', async () => {
    const secret = 'an-acknowledge-secret-of-32-chars!!';
    const now = Date.now();
    const token = signAckToken(secret, { alertId: 'gunung-lingai:flood_level:1', personId: 'sari', exp: now + 3_600_000, jti: 'j1' });
    const ackUrl = `https://pantau.example/ack/${token}`;
    expect(await h.channel.send('sari@bpbd.example', contractMessage({ ackUrl, body: `Konfirmasi: ${ackUrl}` }))).toMatchObject({ ok: true });
    const mail = h.smtp.messages.at(-1)!;
    expect(mail.subject).toBe('[KRITIS] Sungai Karang Mumus — Siaga 2 ≥ 215 cm');
    expect(mail.headers.get('x-priority')).toMatch(/^1/);
    const fromText = /\/ack\/([A-Za-z0-9_.-]+)/.exec(mail.text)?.[1];
    const fromButton = /href="https:\/\/pantau\.example\/ack\/([^"]+)"/.exec(mail.html)?.[1];
    expect(fromText).toBe(token);
    expect(fromButton).toBe(token);
    expect(verifyAckToken(secret, fromText!, now)).toMatchObject({ ok: true, claims: { personId: 'sari', jti: 'j1' } });
  });

  it('refuses a wrong password as a permanent failure without the password in the text', async () => {
    const wrong = only({ SMTP_URL: `smtp://${h.smtp.user}:not-the-password@127.0.0.1:${h.smtp.port}`, SMTP_FROM: 'pantau@bpbd.example' }, 'email');
    const result = await wrong.send('sari@bpbd.example', contractMessage());
    expect(result).toMatchObject({ ok: false, retryable: false });
    expect(JSON.stringify(result)).not.toContain('not-the-password');
  });
});

describe('telegram particulars', () => {
  let h: Awaited<ReturnType<typeof telegramHarness>>;
  beforeAll(async () => (h = await telegramHarness()));
  afterAll(() => h.close());

  it('sends HTML with a bold title and buttons to acknowledge and to open the alert', async () => {
    expect(await h.channel.send('-100123', contractMessage())).toMatchObject({ ok: true, providerId: expect.any(String) });
    const m = h.tg.messages.at(-1)!;
    expect(m.chatId).toBe('-100123');
    expect(m.html.startsWith('<b>[KRITIS] Sungai Karang Mumus — Siaga 2 ≥ 215 cm</b>')).toBe(true);
    expect(m.buttons.map((b) => b.url)).toEqual(['https://pantau.example/ack/abc.def', 'https://pantau.example/alerts/gunung-lingai']);
  });

  it('maps 429 retry_after to retryAfterMs and a blocked bot (403) to gone', async () => {
    h.tg.failWith({ status: 429, retryAfterS: 5 });
    expect(await h.channel.send('1', contractMessage())).toMatchObject({ ok: false, retryable: true, retryAfterMs: 5_000 });
    h.tg.failWith({ status: 403 });
    expect(await h.channel.send('1', contractMessage())).toMatchObject({ ok: false, retryable: false, gone: true });
    h.tg.failWith({ status: 500 });
    expect(await h.channel.send('1', contractMessage())).toMatchObject({ ok: false, retryable: true });
    h.tg.failWith(null);
  });

  it('keeps a very long body under Telegram’s 4096-character limit', async () => {
    expect(await h.channel.send('1', contractMessage({ body: '& '.repeat(5_000) }))).toMatchObject({ ok: true });
    expect(h.tg.messages.at(-1)!.text.length).toBeLessThanOrEqual(4096);
  });
});

describe('whatsapp particulars', () => {
  let h: Awaited<ReturnType<typeof whatsappHarness>>;
  beforeAll(async () => (h = await whatsappHarness()));
  afterAll(() => h.close());

  it('sends the template in the person’s language with three one-line body parameters', async () => {
    const body = 'Baris satu\n\nbaris\tdua      tiga';
    expect(await h.channel.send('6281234567890', contractMessage({ language: 'en', summary: undefined, body }))).toMatchObject({
      ok: true,
      providerId: expect.stringMatching(/^wamid\./)
    });
    const m = h.wa.messages.at(-1)!;
    expect(m).toMatchObject({ to: '6281234567890', template: 'pantau_alert', language: 'en' });
    expect(m.params).toEqual(['[CRITICAL] Sungai Karang Mumus — Siaga 2 ≥ 215 cm', 'Baris satu baris dua tiga', 'https://pantau.example/ack/abc.def']);
  });

  it('classifies Graph errors: server trouble retryable, undeliverable not, a template the account lacks not', async () => {
    h.wa.failWith(WHATSAPP_ERRORS.serverError);
    expect(await h.channel.send('6281234567890', contractMessage())).toMatchObject({ ok: false, retryable: true });
    h.wa.failWith(WHATSAPP_ERRORS.undeliverable);
    expect(await h.channel.send('6281234567890', contractMessage())).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining('#131026') });
    h.wa.failWith(null);
    const other = only({ WHATSAPP_TOKEN: h.wa.token, WHATSAPP_PHONE_NUMBER_ID: h.wa.phoneNumberId, WHATSAPP_API_URL: h.wa.url, WHATSAPP_TEMPLATE: 'not_approved' }, 'whatsapp');
    expect(await other.send('6281234567890', contractMessage())).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining('#132001') });
  });
});

describe('webpush particulars', () => {
  let h: Awaited<ReturnType<typeof webpushHarness>>;
  beforeAll(async () => (h = await webpushHarness()));
  afterAll(() => h.close());

  it('signs with our VAPID key, high urgency and a TTL for critical, the payload JSON under 3 KB', async () => {
    const sub = h.push.subscribe();
    expect(await h.channel.send(sub.address, contractMessage({ summary: 'x'.repeat(10_000), alertIds: Array.from({ length: 50 }, (_, i) => `a${i}`) }))).toMatchObject({ ok: true });
    const r = h.push.received.at(-1)!;
    expect(r.subscriptionId).toBe(sub.id);
    expect(r.vapidKey).toBe(VAPID.publicKey);
    expect(r.claims).toMatchObject({ aud: h.push.origin, sub: 'mailto:ops@bpbd.example' });
    expect(r).toMatchObject({ urgency: 'high', ttl: 6 * 3600 });
    expect(Buffer.byteLength(r.plaintext)).toBeLessThanOrEqual(3072);
    expect(JSON.parse(r.plaintext)).toMatchObject({ severity: 'critical', tag: contractMessage().tag, ackUrl: 'https://pantau.example/ack/abc.def' });
  });

  it('info goes with low urgency; 404 and 410 mark the subscription gone', async () => {
    const sub = h.push.subscribe();
    expect(await h.channel.send(sub.address, contractMessage({ severity: 'info' }))).toMatchObject({ ok: true });
    expect(h.push.received.at(-1)).toMatchObject({ urgency: 'low', ttl: 600 });
    for (const status of [404, 410] as const) {
      h.push.failWith({ status });
      expect(await h.channel.send(sub.address, contractMessage())).toMatchObject({ ok: false, retryable: false, gone: true });
    }
    h.push.failWith({ status: 429, retryAfterS: 7 });
    expect(await h.channel.send(sub.address, contractMessage())).toMatchObject({ ok: false, retryable: true, retryAfterMs: 7_000 });
    h.push.failWith(null);
  });

  it('a subscription the push service no longer knows answers 410: gone', async () => {
    const forgotten = { ...h.push.subscribe().address, endpoint: `${h.push.origin}/push/0123456789abcdef` };
    expect(await h.channel.send(forgotten, contractMessage())).toMatchObject({ ok: false, gone: true });
  });
});

describe('a rendered alert through every channel', () => {
  const harnesses: ChannelHarness[] = [];
  beforeAll(async () => {
    harnesses.push(await emailHarness(), await telegramHarness(), await whatsappHarness(), await webpushHarness());
  });
  afterAll(async () => {
    for (const h of harnesses) await h.close();
  });

  it('arrives with its title, why it fired, and the acknowledge link, in Indonesian', async () => {
    const at = Date.UTC(2026, 11, 6, 6, 2);
    const event: AlertEvent = {
      type: 'raised',
      at,
      by: 'ingest',
      alert: {
        id: 'gunung-lingai:flood_level:1',
        sensorId: 'gunung-lingai',
        sensorName: 'Pos TMA Gunung Lingai',
        kind: 'flood',
        district: 'Sungai Pinang',
        rule: 'flood_level',
        category: 'emergency',
        severity: 'critical',
        level: 2,
        value: 221,
        state: 'raised',
        raisedAt: at,
        updatedAt: at,
        comments: [],
        title: { id: 'Siaga 2 · Gunung Lingai 221 cm', en: 'Alert level 2 · Gunung Lingai 221 cm' },
        explanation: { id: 'Muka air 221 cm ≥ batas Siaga 2 (215 cm) & naik.', en: 'Water 221 cm ≥ level 2 (215 cm) & rising.' },
        action: { id: 'Siapkan evakuasi <bantaran>.', en: 'Prepare to evacuate <riverbank>.' }
      }
    };
    const ackUrl = 'https://pantau.example/ack/tok.sig';
    const team = { id: 'BPBD', en: 'BPBD' };
    const message = renderAlertMessage(event, { personId: 'sari', language: 'id', reason: 'oncall', team, url: 'https://pantau.example/alerts/x', ackUrl });
    for (const h of harnesses) {
      expect(await h.channel.send(h.address(), message), h.channel.kind).toMatchObject({ ok: true });
      const got = h.delivered().at(-1)!;
      expect(got.text, h.channel.kind).toContain('Siaga 2 · Gunung Lingai 221 cm');
      expect(got.text, h.channel.kind).toContain('Muka air 221 cm ≥ batas Siaga 2 (215 cm) & naik. Siapkan evakuasi <bantaran>.');
      expect(got.links, h.channel.kind).toContain(ackUrl);
      if (h.channel.kind === 'email' || h.channel.kind === 'telegram') expect(got.text).toContain('Anda menerima ini sebagai petugas piket BPBD.');
      expect(h.refusedShapes(), h.channel.kind).toEqual([]);
    }
  });
});
