import { describe, it, expect } from 'vitest';
import { createHmac } from 'node:crypto';
import { formatEventId, formatSignature, verifySignature } from './signature';
import { makeAlertEvent } from './test-support';

const SECRET = 'a-shared-secret-of-some-length';
const NOW_MS = 1_764_000_000_000;
const TS = NOW_MS / 1000;

describe('webhook signature', () => {
  it('is HMAC-SHA256 of "<timestamp>.<body>" in hex, prefixed sha256=', () => {
    const body = '{"a":1}';
    const expected = createHmac('sha256', SECRET).update(`${TS}.${body}`).digest('hex');
    expect(formatSignature(SECRET, TS, body)).toBe(`sha256=${expected}`);
  });

  it('verifies a fresh, correct signature', () => {
    const body = JSON.stringify(makeAlertEvent());
    expect(verifySignature(SECRET, { signature: formatSignature(SECRET, TS, body), timestamp: String(TS) }, body, NOW_MS)).toEqual({ ok: true });
  });

  it('refuses a changed body, another secret, a changed timestamp and a truncated signature', () => {
    const body = '{"x":1}';
    const sig = formatSignature(SECRET, TS, body);
    const check = (s: string, t: string, b: string) => verifySignature(SECRET, { signature: s, timestamp: t }, b, NOW_MS);
    expect(check(sig, String(TS), '{"x":2}')).toEqual({ ok: false, reason: 'bad_signature' });
    expect(check(formatSignature('another-secret-xxxxxx', TS, body), String(TS), body)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(check(sig, String(TS + 1), body)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(check(sig.slice(0, -2), String(TS), body)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses timestamps more than 5 minutes away, and missing headers', () => {
    const body = '{}';
    const old = TS - 301;
    expect(verifySignature(SECRET, { signature: formatSignature(SECRET, old, body), timestamp: String(old) }, body, NOW_MS)).toEqual({ ok: false, reason: 'stale_timestamp' });
    const edge = TS - 300;
    expect(verifySignature(SECRET, { signature: formatSignature(SECRET, edge, body), timestamp: String(edge) }, body, NOW_MS).ok).toBe(true);
    expect(verifySignature(SECRET, { timestamp: String(TS) }, body, NOW_MS)).toEqual({ ok: false, reason: 'missing' });
    expect(verifySignature(SECRET, { signature: 'sha256=00', timestamp: '12.5' }, body, NOW_MS)).toEqual({ ok: false, reason: 'missing' });
  });

  it('event id is alert id + type + updatedAt: equal for retries, different per change', () => {
    const a = makeAlertEvent({ type: 'raised', at: 1000 });
    const b = makeAlertEvent({ type: 'resolved', at: 1000, id: a.alert.id });
    expect(formatEventId(a)).toBe(`${a.alert.id}:raised:1000`);
    expect(formatEventId(a)).toBe(formatEventId(structuredClone(a)));
    expect(formatEventId(b)).not.toBe(formatEventId(a));
  });
});
