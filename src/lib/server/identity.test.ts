import { describe, expect, it } from 'vitest';
import { createIdentify, REFUSED_LOGIN, REFUSED_ORIGIN } from './identity';
import { createAuthGate } from './auth/gate';
import { parseAuthConfig } from './auth/auth-config';
import { parseUsers } from './auth/users';
import { createSessionToken, passwordHashDigest } from './auth/session';

const SECRET = 's'.repeat(32);
const HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const KIOSK = 'kiosk-token-0123456789';
const users = parseUsers(JSON.stringify([{ user: 'sari', role: 'responder', hash: HASH }]));

function gate(anonymousRead: boolean) {
  const env = { PANTAU_USERS: 'x', PANTAU_SESSION_SECRET: SECRET, PANTAU_KIOSK_TOKENS: KIOSK, PANTAU_ANONYMOUS_READ: String(anonymousRead) };
  return createIdentify(createAuthGate(parseAuthConfig(env), users), () => 1_000);
}

describe('Socket.IO identity', () => {
  const session = createSessionToken(SECRET, { user: 'sari', exp: 2_000, h: passwordHashDigest(HASH) });
  const host = '127.0.0.1:3000';

  it('takes the user from the session cookie, never from auth.user', () => {
    const identify = gate(true);
    expect(identify({ headers: { host, cookie: `pantau_session=${session}` }, auth: { user: 'admin' } })).toEqual({ user: 'sari', role: 'responder' });
    expect(identify({ headers: { host }, auth: { user: 'admin' } })).toEqual({ user: 'anonymous', role: 'anonymous' });
  });

  it('refuses a foreign Origin even with a valid cookie', () => {
    expect(gate(true)({ headers: { host, origin: 'http://evil.example', cookie: `pantau_session=${session}` } })).toEqual({ refused: REFUSED_ORIGIN });
    expect(gate(true)({ headers: { host, origin: `http://${host}`, cookie: `pantau_session=${session}` } })).toMatchObject({ user: 'sari' });
    // Same host, other scheme: not this site (a plain-http server is not its https twin).
    expect(gate(true)({ headers: { host, origin: `https://${host}`, cookie: `pantau_session=${session}` } })).toEqual({ refused: REFUSED_ORIGIN });
  });

  it('accepts kiosk tokens and refuses anonymous sockets when anonymous reading is off', () => {
    const identify = gate(false);
    expect(identify({ headers: { host } })).toEqual({ refused: REFUSED_LOGIN });
    expect(identify({ headers: { host, cookie: `pantau_kiosk=${KIOSK}` } })).toEqual({ user: 'kiosk', role: 'kiosk' });
    expect(identify({ headers: { host }, auth: { kiosk: KIOSK } })).toEqual({ user: 'kiosk', role: 'kiosk' });
    expect(identify({ headers: { host }, query: { kiosk: 'wrong-token-0123456789' } })).toEqual({ refused: REFUSED_LOGIN });
  });
});
