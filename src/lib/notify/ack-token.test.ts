import { describe, expect, it } from 'vitest';
import { signAckToken, verifyAckToken } from './ack-token';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const claims = { alertId: 'gunung-lingai:flood_level:1764337530000', personId: 'sari', exp: 2_000, jti: 'j1' };

describe('ack tokens', () => {
  it('round-trips the claims', () => {
    expect(verifyAckToken(SECRET, signAckToken(SECRET, claims), 1_000)).toEqual({ ok: true, claims });
  });
  it('carries the alert version the message was about; a link signed without one still verifies', () => {
    const versioned = { ...claims, version: 1_500 };
    expect(verifyAckToken(SECRET, signAckToken(SECRET, versioned), 1_000)).toEqual({ ok: true, claims: versioned });
    expect(verifyAckToken(SECRET, signAckToken(SECRET, { ...claims, version: 0 }), 1_000)).toEqual({ ok: true, claims: { ...claims, version: 0 } });
    // the old format, four fields, as links signed before the version was added
    const old = Buffer.from(JSON.stringify([claims.alertId, claims.personId, claims.exp, claims.jti])).toString('base64url');
    expect(signAckToken(SECRET, claims).split('.')[0]).toBe(old);
  });
  it('refuses another secret, a changed body, expiry and junk', () => {
    const token = signAckToken(SECRET, claims);
    expect(verifyAckToken(`${SECRET}x`, token, 1_000)).toEqual({ ok: false, error: 'bad_signature' });
    const forged = signAckToken(SECRET, { ...claims, personId: 'budi' }).split('.')[0] + '.' + token.split('.')[1];
    expect(verifyAckToken(SECRET, forged, 1_000)).toEqual({ ok: false, error: 'bad_signature' });
    expect(verifyAckToken(SECRET, token, 2_000)).toEqual({ ok: false, error: 'expired' });
    expect(verifyAckToken(SECRET, 'nodot', 1_000)).toEqual({ ok: false, error: 'malformed' });
    expect(verifyAckToken(SECRET, 'a.b.c', 1_000)).toEqual({ ok: false, error: 'malformed' });
  });
});
