import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password';
import { createSessionToken, isKioskToken, parseCookieHeader, passwordHashDigest, verifySessionToken } from './session';
import { createLoginLimiter, MAX_FAILURES, WINDOW_MS } from './rate-limit';
import { parseUsers } from './users';
import { parseAuthConfig } from './auth-config';
import { createAuthGate } from './gate';
import { may, ROLE_PERMISSIONS } from './roles';
import { isSameOrigin, isSameOriginWrite, isSameSiteFetch } from './origin';
import { formatAuditLine } from './audit';
import { safeNextPath } from './login-flow';

const SECRET = 'x'.repeat(40);

describe('passwords', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const a = await hashPassword('geheim-123');
    const b = await hashPassword('geheim-123');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('geheim-123', a)).toBe(true);
    expect(await verifyPassword('geheim-124', a)).toBe(false);
    expect(await verifyPassword('geheim-123', undefined)).toBe(false);
    expect(await verifyPassword('', 'scrypt$garbage')).toBe(false);
  });
});

describe('session tokens', () => {
  const claims = { user: 'sari', exp: 10_000, h: 'abc' };
  it('round-trips until expiry', () => {
    const token = createSessionToken(SECRET, claims);
    expect(verifySessionToken(SECRET, token, 9_999)).toEqual(claims);
    expect(verifySessionToken(SECRET, token, 10_000)).toBeNull();
  });
  it('refuses another secret and any edited payload', () => {
    const token = createSessionToken(SECRET, claims);
    expect(verifySessionToken('y'.repeat(40), token, 0)).toBeNull();
    const [, sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ u: 'admin', exp: 10_000, h: 'abc' })).toString('base64url');
    expect(verifySessionToken(SECRET, `${forged}.${sig}`, 0)).toBeNull();
    expect(verifySessionToken(SECRET, 'nodot', 0)).toBeNull();
  });
  it('parses cookie headers and kiosk tokens', () => {
    expect(parseCookieHeader('a=1; pantau_session=x%3Dy; a=2').get('pantau_session')).toBe('x=y');
    expect(parseCookieHeader('a=1; a=2').get('a')).toBe('1');
    expect(isKioskToken(['k'.repeat(20)], 'k'.repeat(20))).toBe(true);
    expect(isKioskToken(['k'.repeat(20)], 'k'.repeat(19))).toBe(false);
    expect(isKioskToken([], '')).toBe(false);
  });
});

describe('login rate limit', () => {
  it('blocks a pair after too many failures, until the window passes', () => {
    const limiter = createLoginLimiter();
    for (let i = 0; i < MAX_FAILURES; i++) limiter.failed('sari|1.2.3.4', 1_000);
    expect(limiter.allowed('sari|1.2.3.4', 1_000)).toBe(false);
    expect(limiter.allowed('sari|5.6.7.8', 1_000)).toBe(true);
    expect(limiter.allowed('sari|1.2.3.4', 1_000 + WINDOW_MS)).toBe(true);
  });
  it('stays bounded', () => {
    const limiter = createLoginLimiter(3);
    for (let i = 0; i < 10; i++) limiter.failed(`u${i}|ip`, 0);
    expect(limiter.size()).toBe(3);
  });
});

describe('users file and config', () => {
  it('accepts valid users and refuses bad entries', async () => {
    const hash = await hashPassword('geheim-123');
    expect(parseUsers(JSON.stringify([{ user: 'sari', role: 'responder', hash }])).get('sari')?.role).toBe('responder');
    expect(() => parseUsers(JSON.stringify([{ user: 'sari', role: 'king', hash }]))).toThrow(/role/);
    expect(() => parseUsers(JSON.stringify([{ user: 'a b', role: 'admin', hash }]))).toThrow(/user/);
    expect(() => parseUsers(JSON.stringify([{ user: 'sari', role: 'admin', hash: 'plain' }]))).toThrow(/hash/);
    expect(() => parseUsers('{}')).toThrow(/array/);
  });
  it('needs a long session secret with users, and checks kiosk tokens', () => {
    expect(() => parseAuthConfig({ PANTAU_USERS: 'u.json', PANTAU_SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET/);
    expect(() => parseAuthConfig({ PANTAU_KIOSK_TOKENS: 'abc' })).toThrow(/kiosk/);
    expect(() => parseAuthConfig({ PANTAU_ANONYMOUS_READ: 'maybe' })).toThrow(/ANONYMOUS_READ/);
    const c = parseAuthConfig({ PANTAU_KIOSK_TOKENS: ' a1234567890123456 , b1234567890123456', PANTAU_ANONYMOUS_READ: 'false' });
    expect(c.kioskTokens).toEqual(['a1234567890123456', 'b1234567890123456']);
    expect(c.anonymousRead).toBe(false);
    expect(parseAuthConfig({}).anonymousRead).toBe(true);
  });
});

describe('gate', () => {
  it('logs in, verifies the cookie, and ends sessions when the password changes', async () => {
    const hash = await hashPassword('geheim-123');
    const config = parseAuthConfig({ PANTAU_USERS: 'x', PANTAU_SESSION_SECRET: SECRET, PANTAU_ANONYMOUS_READ: 'false' });
    const gate = createAuthGate(config, parseUsers(JSON.stringify([{ user: 'sari', role: 'responder', hash }])));
    expect(await gate.login('sari', 'wrong-pass', '::1', 0)).toEqual({ ok: false, reason: 'invalid' });
    expect(await gate.login('nobody', 'geheim-123', '::1', 0)).toEqual({ ok: false, reason: 'invalid' });
    const ok = await gate.login('sari', 'geheim-123', '::1', 0);
    if (!ok.ok) throw new Error('login failed');
    expect(gate.authenticate({ session: ok.token }, 1_000)).toEqual({ user: 'sari', role: 'responder' });
    expect(gate.viewer({}, 0)).toBeNull();
    const changed = createAuthGate(config, parseUsers(JSON.stringify([{ user: 'sari', role: 'responder', hash: await hashPassword('neu-geheim-1') }])));
    expect(changed.authenticate({ session: ok.token }, 1_000)).toBeNull();
    expect(passwordHashDigest(hash)).toHaveLength(16);
  });
  it('rate-limits a user+address pair even with the right password', async () => {
    const hash = await hashPassword('geheim-123');
    const gate = createAuthGate(parseAuthConfig({ PANTAU_USERS: 'x', PANTAU_SESSION_SECRET: SECRET }), parseUsers(JSON.stringify([{ user: 'sari', role: 'operator', hash }])));
    for (let i = 0; i < MAX_FAILURES; i++) await gate.login('sari', 'nope-nope', '10.0.0.1', 0);
    expect(await gate.login('sari', 'geheim-123', '10.0.0.1', 0)).toEqual({ ok: false, reason: 'rate_limited' });
    expect((await gate.login('sari', 'geheim-123', '10.0.0.2', 0)).ok).toBe(true);
  });
});

describe('roles, origins, audit lines, redirects', () => {
  it('gives each role only its actions', () => {
    expect(may('operator', 'comment')).toBe(true);
    expect(may('operator', 'resolve')).toBe(false);
    expect(may('responder', 'resolve')).toBe(true);
    expect(may('engineer', 'engineering')).toBe(true);
    expect(may('engineer', 'acknowledge')).toBe(false);
    expect(may('kiosk', 'comment')).toBe(false);
    expect(may('anonymous', 'view')).toBe(true);
    expect(ROLE_PERMISSIONS.admin).toContain('audit');
    expect(may('responder', 'audit')).toBe(false);
  });
  it('compares origins with the host', () => {
    expect(isSameOrigin('http://127.0.0.1:3000', '127.0.0.1:3000')).toBe(true);
    expect(isSameOrigin('http://evil.example', '127.0.0.1:3000')).toBe(false);
    expect(isSameOrigin('null', '127.0.0.1:3000')).toBe(false);
    expect(isSameOrigin(undefined, '127.0.0.1:3000')).toBe(true);
    expect(isSameSiteFetch('cross-site')).toBe(false);
    expect(isSameSiteFetch('same-origin')).toBe(true);
    // no-referrer makes browsers send Origin: null on form posts; fetch metadata decides then.
    expect(isSameOriginWrite('null', 'same-origin', '127.0.0.1:3000')).toBe(true);
    expect(isSameOriginWrite('null', 'cross-site', '127.0.0.1:3000')).toBe(false);
    expect(isSameOriginWrite('null', null, '127.0.0.1:3000')).toBe(false);
    expect(isSameOriginWrite('http://127.0.0.1:3000', 'cross-site', '127.0.0.1:3000')).toBe(false);
    expect(isSameOriginWrite(null, null, '127.0.0.1:3000')).toBe(true);
  });
  it('escapes untrusted text in audit lines', () => {
    const line = formatAuditLine({ at: 5, user: 'a b,c=d', role: 'anonymous', action: 'login', target: 'x"y\nz', ok: false, detail: 'd\\' });
    expect(line).toBe('audit,action=login,user=a\\ b\\,c\\=d target="x\\"y z",ok=false,detail="d\\\\",role="anonymous" 5');
  });
  it('only redirects to local paths after login', () => {
    expect(safeNextPath('/alerts?x=1')).toBe('/alerts?x=1');
    expect(safeNextPath('//evil.example')).toBe('/');
    expect(safeNextPath('https://evil.example')).toBe('/');
    expect(safeNextPath('/\\evil.example')).toBe('/');
    expect(safeNextPath(null)).toBe('/');
  });
});
