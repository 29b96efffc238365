import { describe, expect, it } from 'vitest';
import { MAX_ENDPOINT_CHARS, parsePushSubscription } from './push-subscriptions';

// A real-shaped subscription: a P-256 point (0x04 then 64 bytes) and a 16-byte secret, base64url.
const p256dh = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString('base64url');
const auth = Buffer.alloc(16, 9).toString('base64url');
const endpoint = 'https://fcm.googleapis.com/fcm/send/dGVzdA:APA91bH';
const good = { endpoint, expirationTime: null, keys: { p256dh, auth } };

describe('parsePushSubscription', () => {
  it('accepts a browser’s PushSubscription.toJSON() and keeps only endpoint and keys', () => {
    const parsed = parsePushSubscription({ ...good, extra: 'x'.repeat(50) });
    expect(parsed).toEqual({ ok: true, value: { endpoint, keys: { p256dh, auth } } });
  });

  it('accepts https endpoints only (the local push endpoint of the tests is https too)', () => {
    expect(parsePushSubscription({ ...good, endpoint: 'https://127.0.0.1:4567/push/abc' }).ok).toBe(true);
    expect(parsePushSubscription({ ...good, endpoint: 'http://127.0.0.1:4567/push/abc' }).ok).toBe(false);
    expect(parsePushSubscription({ ...good, endpoint: 'http://push.example.com/abc' })).toEqual({ ok: false, errors: ['endpoint must be an https URL'] });
    expect(parsePushSubscription({ ...good, endpoint: 'javascript:alert(1)' }).ok).toBe(false);
    expect(parsePushSubscription({ ...good, endpoint: 'https://user:pw@push.example.com/abc' }).ok).toBe(false);
  });

  it('refuses keys of the wrong length or form, naming each problem', () => {
    const short = Buffer.concat([Buffer.from([4]), Buffer.alloc(30)]).toString('base64url');
    const compressed = Buffer.concat([Buffer.from([2]), Buffer.alloc(64)]).toString('base64url');
    expect(parsePushSubscription({ endpoint, keys: { p256dh: short, auth: 'abc' } })).toEqual({
      ok: false,
      errors: ['keys.p256dh must be a base64url P-256 public key (65 bytes)', 'keys.auth must be a base64url secret of 16 bytes']
    });
    expect(parsePushSubscription({ endpoint, keys: { p256dh: compressed, auth } }).ok).toBe(false);
    expect(parsePushSubscription({ endpoint, keys: { p256dh: `${p256dh}<script>`, auth } }).ok).toBe(false);
    expect(parsePushSubscription({ endpoint }).ok).toBe(false);
  });

  it('bounds the endpoint and refuses what is not an object', () => {
    expect(parsePushSubscription({ ...good, endpoint: `https://push.example.com/${'a'.repeat(MAX_ENDPOINT_CHARS)}` }).ok).toBe(false);
    for (const body of [null, [], 'x', 42]) expect(parsePushSubscription(body)).toEqual({ ok: false, errors: ['body must be a JSON object'] });
  });
});
