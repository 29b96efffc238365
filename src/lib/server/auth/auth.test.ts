import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password';
import { createSessionToken, isKioskToken, parseCookieHeader, passwordHashDigest, verifySessionToken } from './session';
import { addressKey, backoffMs, createLoginLimiter, FREE_FAILURES, MAX_BACKOFF_MS, WINDOW_MS } from './rate-limit';
import { createHashQueue } from './hash-queue';
import { createPairTurns, PAIR_MAX_QUEUED } from './pair-turns';
import { parseUsers } from './users';
import { parseAuthConfig } from './auth-config';
import { createAuthGate, LOGIN_ACCOUNT_BURST, LOGIN_ADDRESS_BURST, LOGIN_GLOBAL_BURST } from './gate';
import { may, ROLE_PERMISSIONS } from './roles';
import { expectedOrigin, isSameOrigin, isSameOriginWrite, isSameSiteFetch } from './origin';
import { formatAuditLine, parseAuditRow } from './audit';
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
  const claims = { user: 'sari', exp: 10_000, h: 'abc', sid: 'session-1' };
  it('round-trips until expiry', () => {
    const token = createSessionToken(SECRET, claims);
    expect(verifySessionToken(SECRET, token, 9_999)).toEqual(claims);
    expect(verifySessionToken(SECRET, token, 10_000)).toBeNull();
  });
  it('refuses another secret and any edited payload', () => {
    const token = createSessionToken(SECRET, claims);
    expect(verifySessionToken('y'.repeat(40), token, 0)).toBeNull();
    const [, sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ u: 'admin', exp: 10_000, h: 'abc', sid: 'session-1' })).toString('base64url');
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
  it('backs a pair off after a few failures, never for long, and only that pair', () => {
    const limiter = createLoginLimiter();
    for (let i = 0; i < FREE_FAILURES; i++) limiter.failed('sari|1.2.3.4', 1_000);
    expect(limiter.allowed('sari|1.2.3.4', 1_000)).toBe(false);
    expect(limiter.allowed('sari|5.6.7.8', 1_000)).toBe(true);
    expect(limiter.allowed('sari|1.2.3.4', 2_000)).toBe(true); // 1 s after the last free failure
    for (let i = 0; i < 50; i++) limiter.failed('sari|1.2.3.4', 2_000);
    expect(limiter.allowed('sari|1.2.3.4', 2_000 + MAX_BACKOFF_MS)).toBe(true); // never a 15-minute lockout
    expect(backoffMs(FREE_FAILURES + 1)).toBe(2_000);
    limiter.failed('sari|1.2.3.4', 3_000 + MAX_BACKOFF_MS);
    expect(limiter.allowed('sari|1.2.3.4', 3_000 + MAX_BACKOFF_MS + WINDOW_MS)).toBe(true);
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
    for (let i = 0; i < FREE_FAILURES; i++) await gate.login('sari', 'nope-nope', '10.0.0.1', 0);
    expect(await gate.login('sari', 'geheim-123', '10.0.0.1', 0)).toEqual({ ok: false, reason: 'rate_limited' });
    expect((await gate.login('sari', 'geheim-123', '10.0.0.2', 0)).ok).toBe(true);
  });
});

describe('shared login budgets', () => {
  // A hash queue wide enough that made-up names (each waits about one hash's time) never answer busy here.
  const sariGate = async () => {
    const hash = await hashPassword('geheim-123');
    const users = parseUsers(JSON.stringify([{ user: 'sari', role: 'responder', hash }]));
    return createAuthGate(parseAuthConfig({ PANTAU_USERS: 'x', PANTAU_SESSION_SECRET: SECRET }), users, createHashQueue(64, 256));
  };

  it('keys a budget by the IPv4 address, an IPv6 client by its /64', () => {
    expect(addressKey('198.51.100.20')).toBe('198.51.100.20');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('2001:DB8:0:0:ffff:1:2:3')).toBe('2001:db8:0:0::/64');
    expect(addressKey('2001:db8:0:1::1')).toBe('2001:db8:0:1::/64');
    expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });

  it('never refuses the right password because others drained the global budget', async () => {
    const gate = await sariGate();
    // 40 addresses, each guessing a name that is no user once a second, for 30 s, and sari every second from her own.
    const t0 = 1_800_000_000_000;
    const refused: number[] = [];
    for (let s = 0; s < 30; s++) {
      const guesses = Array.from({ length: 40 }, (_, i) => gate.login(`guess${s}x${i}`, 'x', `2001:db8:${i.toString(16)}::1`, t0 + s * 1000 + i));
      const r = await gate.login('sari', 'geheim-123', '198.51.100.20', t0 + s * 1000 + 20);
      if (!r.ok) refused.push(s);
      await Promise.all(guesses);
    }
    expect(refused).toEqual([]);
  }, 20_000); // 30 rounds of real hashes: 1.7 s alone, over 5 s on a loaded machine

  it('spends the global budget on pairs that failed lately, made-up names and real ones alike', async () => {
    const gate = await sariGate();
    const addresses = Array.from({ length: LOGIN_GLOBAL_BURST + 20 }, (_, i) => `10.${i >> 8}.${i & 255}.9`);
    const round = () => Promise.all(addresses.map(async (a, i) => ((r) => (r.ok ? 'ok' : r.reason))(await gate.login(`nobody-${i}`, 'x', a, 0))));
    expect(new Set(await round())).toEqual(new Set(['invalid'])); // first failures: nothing shared spent
    const second = await round();
    expect(second.filter((r) => r === 'invalid')).toHaveLength(LOGIN_GLOBAL_BURST);
    expect(second.filter((r) => r === 'rate_limited')).toHaveLength(20);
    // Now empty: sari's failing pair is refused like a made-up name's (the answers tell no names apart),
    expect(await gate.login('sari', 'wrong-pass', '198.51.100.21', 0)).toEqual({ ok: false, reason: 'invalid' });
    expect(await gate.login('sari', 'wrong-pass', '198.51.100.21', 0)).toEqual({ ok: false, reason: 'rate_limited' });
    // while from an address where she has not failed, her right password gets in.
    expect((await gate.login('sari', 'geheim-123', '198.51.100.20', 0)).ok).toBe(true);
  });

  it('bounds guesses at one account from many addresses, and the right password still gets in from a fresh one', async () => {
    const gate = await sariGate();
    const reasons: string[] = [];
    for (let i = 0; i < 20; i++) {
      for (let k = 0; k < 2; k++) {
        const r = await gate.login('sari', `guess-${i}-${k}`, `203.0.113.${i}`, 1_000 + i);
        reasons.push(r.ok ? 'ok' : r.reason);
      }
    }
    // Each address's first guess is its own; its next ones spend sari's budget, which runs out.
    expect(reasons.filter((r) => r === 'invalid')).toHaveLength(20 + LOGIN_ACCOUNT_BURST);
    expect(reasons.filter((r) => r === 'rate_limited')).toHaveLength(20 - LOGIN_ACCOUNT_BURST);
    expect((await gate.login('sari', 'geheim-123', '198.51.100.20', 1_100)).ok).toBe(true);
  });

  it('counts guesses sent together like guesses sent one after another (budgets and backoff)', async () => {
    const gate = await sariGate();
    const tally = (rs: Array<{ ok: boolean; reason?: string }>) => rs.map((r) => (r.ok ? 'ok' : r.reason));
    // Spend sari's per-name budget from other addresses (each address's second guess spends it).
    for (let i = 0; i < LOGIN_ACCOUNT_BURST; i++) for (let k = 0; k < 2; k++) await gate.login('sari', `g${i}-${k}`, `203.0.113.${i}`, 0);
    // Eight at once from a fresh address: only the first is a first try; the rest need the empty budget.
    const burst = tally(await Promise.all(Array.from({ length: 8 }, (_, i) => gate.login('sari', `b${i}`, '198.51.100.30', 0))));
    expect(burst.filter((r) => r === 'invalid')).toHaveLength(1);
    expect(burst.filter((r) => r === 'rate_limited')).toHaveLength(7);
    // The right password, sent twice at once (a double click) from her own address, still gets in both times.
    const twice = await Promise.all([0, 1].map(() => gate.login('sari', 'geheim-123', '198.51.100.20', 0)));
    expect(twice.map((r) => r.ok)).toEqual([true, true]);
  });

  it('keeps the per-pair backoff for bursts: a pair gets its free failures and then waits', async () => {
    const hash = await hashPassword('geheim-123');
    const gate = createAuthGate(parseAuthConfig({ PANTAU_USERS: 'x', PANTAU_SESSION_SECRET: SECRET }), parseUsers(JSON.stringify([{ user: 'sari', role: 'responder', hash }])), createHashQueue(64, 256));
    const checked: string[] = [];
    for (let round = 0; round < 3; round++) {
      const rs = await Promise.all(Array.from({ length: 8 }, (_, i) => gate.login('sari', `r${round}-${i}`, '198.51.100.31', 0)));
      checked.push(...rs.filter((r) => !r.ok && r.reason === 'invalid').map(() => 'invalid'));
    }
    expect(checked).toHaveLength(FREE_FAILURES);
    expect(await gate.login('sari', 'geheim-123', '198.51.100.31', 500)).toEqual({ ok: false, reason: 'rate_limited' });
    expect((await gate.login('sari', 'geheim-123', '198.51.100.31', 1_000)).ok).toBe(true);
  });

  it('runs one try at a time per pair, pairs side by side, and bounds a pair\'s line', async () => {
    const turns = createPairTurns(3);
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, 5));
      log.push(`end ${name}`);
      return name;
    };
    const runs = [turns.run('a', task('a1')), turns.run('a', task('a2')), turns.run('b', task('b1')), turns.run('a', task('a3'))];
    expect(turns.run('a', task('a4'))).toBeNull();
    expect(await Promise.all(runs)).toEqual(['a1', 'a2', 'b1', 'a3']);
    expect(log.indexOf('start a2')).toBeGreaterThan(log.indexOf('end a1'));
    expect(log.indexOf('start a3')).toBeGreaterThan(log.indexOf('end a2'));
    expect(log.indexOf('start b1')).toBeLessThan(log.indexOf('end a1'));
    await new Promise((r) => setTimeout(r, 0));
    expect(turns.size()).toBe(0);
    expect(PAIR_MAX_QUEUED).toBeGreaterThan(1);
  });

  it('spends one budget for a whole IPv6 /64', async () => {
    const gate = await sariGate();
    const reasons: string[] = [];
    for (let i = 0; i < LOGIN_ADDRESS_BURST + 5; i++) {
      const r = await gate.login(`made-up-${i}`, 'guess-guess', `2001:db8:7:7::${(i + 1).toString(16)}`, 0);
      reasons.push(r.ok ? 'ok' : r.reason);
    }
    expect(reasons.filter((r) => r === 'rate_limited')).toHaveLength(5);
    expect(LOGIN_GLOBAL_BURST).toBeGreaterThan(LOGIN_ADDRESS_BURST + 5); // not the global budget refusing here
    expect((await gate.login('made-up-x', 'guess-guess', '2001:db8:7:8::1', 0)).ok).toBe(false);
    expect(await gate.login('sari', 'geheim-123', '2001:db8:7:8::1', 0)).toMatchObject({ ok: true });
  });
});

describe('login under load and logout', () => {
  it('bounds concurrent password hashing and refuses beyond the queue', async () => {
    const queue = createHashQueue(1, 2);
    let running = 0;
    let most = 0;
    const task = async () => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return true;
    };
    const accepted = [queue.run(task), queue.run(task), queue.run(task)];
    expect(queue.run(task)).toBeNull();
    expect(await Promise.all(accepted)).toEqual([true, true, true]);
    expect(most).toBe(1);
    expect(queue.size()).toBe(0);
  });

  it('answers busy when the hash queue is full, and hashes nothing for unknown users', async () => {
    const hash = await hashPassword('geheim-123');
    const gate = createAuthGate(parseAuthConfig({ PANTAU_USERS: 'x', PANTAU_SESSION_SECRET: SECRET }), parseUsers(JSON.stringify([{ user: 'sari', role: 'operator', hash }])), createHashQueue(1, 1));
    const made = ['a', 'b', 'c'].map((u, i) => gate.login(`nobody-${u}`, 'guess-guess', `10.1.0.${i}`, 0));
    expect((await made[2]).ok ? 'ok' : (await made[2] as { reason: string }).reason).toBe('busy');
    expect((await made[0]).ok).toBe(false);
  });

  it('limits attempts per address and revokes a session at logout', async () => {
    const hash = await hashPassword('geheim-123');
    const gate = createAuthGate(parseAuthConfig({ PANTAU_USERS: 'x', PANTAU_SESSION_SECRET: SECRET }), parseUsers(JSON.stringify([{ user: 'sari', role: 'operator', hash }])));
    const reasons: string[] = [];
    for (let i = 0; i < 40; i++) {
      const r = await gate.login(`made-up-${i}`, 'guess-guess', '10.9.9.9', 0);
      reasons.push(r.ok ? 'ok' : r.reason);
    }
    expect(reasons.filter((r) => r === 'rate_limited').length).toBeGreaterThan(0);
    const ok = await gate.login('sari', 'geheim-123', '10.0.0.3', 0);
    if (!ok.ok) throw new Error('login failed');
    expect(gate.authenticate({ session: ok.token }, 1)).not.toBeNull();
    expect(gate.logout(ok.token, 1)).toEqual({ sid: expect.any(String), exp: ok.expiresAt });
    expect(gate.logout('not-a-token', 1)).toBeNull();
    expect(gate.authenticate({ session: ok.token }, 2)).toBeNull();
    // Another gate of the same process (the Socket.IO side) sees the revocation too.
    const other = createAuthGate(parseAuthConfig({ PANTAU_USERS: 'x', PANTAU_SESSION_SECRET: SECRET }), parseUsers(JSON.stringify([{ user: 'sari', role: 'operator', hash }])));
    expect(other.authenticate({ session: ok.token }, 2)).toBeNull();
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
    expect(may('admin', 'people')).toBe(true);
    expect(['operator', 'responder', 'engineer', 'kiosk', 'anonymous'].some((r) => may(r as never, 'people'))).toBe(false);
  });
  it('compares origins by scheme, host and port', () => {
    expect(isSameOrigin('http://127.0.0.1:3000', 'http://127.0.0.1:3000')).toBe(true);
    expect(isSameOrigin('http://evil.example', 'http://127.0.0.1:3000')).toBe(false);
    expect(isSameOrigin('null', 'http://127.0.0.1:3000')).toBe(false);
    expect(isSameOrigin(undefined, 'http://127.0.0.1:3000')).toBe(true);
    expect(isSameOrigin('https://127.0.0.1:3000', 'http://127.0.0.1:3000')).toBe(false);
    expect(isSameOrigin('http://127.0.0.1:3001', 'http://127.0.0.1:3000')).toBe(false);
    expect(isSameOrigin('ws://127.0.0.1:3000', 'http://127.0.0.1:3000')).toBe(false);
    expect(expectedOrigin({ host: 'pantau.example' }, { origin: '', protocolHeader: '' })).toBe('http://pantau.example');
    expect(expectedOrigin({ host: 'p.example', 'x-forwarded-proto': 'https' }, { origin: '', protocolHeader: 'x-forwarded-proto' })).toBe('https://p.example');
    expect(expectedOrigin({ host: 'evil' }, { origin: 'https://pantau.example', protocolHeader: '' })).toBe('https://pantau.example');
    expect(isSameSiteFetch('cross-site')).toBe(false);
    expect(isSameSiteFetch('same-origin')).toBe(true);
    // no-referrer makes browsers send Origin: null on form posts; fetch metadata decides then.
    expect(isSameOriginWrite('null', 'same-origin', 'http://127.0.0.1:3000')).toBe(true);
    expect(isSameOriginWrite('null', 'cross-site', 'http://127.0.0.1:3000')).toBe(false);
    expect(isSameOriginWrite('null', null, 'http://127.0.0.1:3000')).toBe(false);
    expect(isSameOriginWrite('http://127.0.0.1:3000', 'cross-site', 'http://127.0.0.1:3000')).toBe(false);
    expect(isSameOriginWrite(null, null, 'http://127.0.0.1:3000')).toBe(true);
  });
  it('escapes untrusted text in audit lines', () => {
    const line = formatAuditLine({ at: 5, user: 'a b,c=d', role: 'anonymous', action: 'login', target: 'x"y\nz', ok: false, detail: 'd\\' });
    expect(line).toBe('audit,action=login,user=a\\ b\\,c\\=d target="x\\"y z",ok=false,detail="d\\\\",role="anonymous" 5');
  });
  it('stores a coded detail as two fields and reads it back only when whole', () => {
    const entry = { at: 5, user: 'sari', role: 'admin' as const, action: 'login', target: 'sari', ok: true, detail: 'from 10.0.0.1', detailCode: 'login.ok' as const, detailArgs: { address: '10.0.0.1' } };
    expect(formatAuditLine(entry)).toContain(',detail_code="login.ok",detail_args="{\\"address\\":\\"10.0.0.1\\"}"');
    const row = { time: 5, user: 'sari', role: 'admin', action: 'login', target: 'sari', ok: true, detail: 'from 10.0.0.1' };
    expect(parseAuditRow({ ...row, detail_code: 'login.ok', detail_args: '{"address":"10.0.0.1"}' })).toEqual(entry);
    // An older entry, broken JSON, values that are not text or numbers, an unknown code: the sentence alone.
    for (const extra of [{}, { detail_code: 'login.ok', detail_args: '{"address":' }, { detail_code: 'login.ok', detail_args: '{"address":{}}' }, { detail_code: 'nope', detail_args: '{}' }]) {
      expect(parseAuditRow({ ...row, ...extra })).toEqual({ ...entry, detailCode: undefined, detailArgs: undefined });
    }
  });
  it('only redirects to local paths after login', () => {
    expect(safeNextPath('/alerts?x=1')).toBe('/alerts?x=1');
    expect(safeNextPath('//evil.example')).toBe('/');
    expect(safeNextPath('https://evil.example')).toBe('/');
    expect(safeNextPath('/\\evil.example')).toBe('/');
    expect(safeNextPath(null)).toBe('/');
    expect(safeNextPath('/\t/evil.example')).toBe('/');
    expect(safeNextPath('/a\r\nSet-Cookie: x=1')).toBe('/');
    expect(safeNextPath('/%0d%0a')).toBe('/%0d%0a'); // escaped: harmless in a Location header
    expect(safeNextPath('/sensors/flood-benanga#chart')).toBe('/sensors/flood-benanga#chart');
  });
});
