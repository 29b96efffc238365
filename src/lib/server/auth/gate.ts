import type { AuthConfig } from './auth-config';
import type { Role } from './roles';
import { loadUsers, type UserRecord } from './users';
import { verifyPassword } from './password';
import { addressKey, createLoginLimiter, loginKey, type LoginLimiter } from './rate-limit';
import { createHashQueue, type HashQueue } from './hash-queue';
import { createPairTurns } from './pair-turns';
import { createBucket, createKeyedBuckets } from '../rate-budget';
import { isSessionRevoked, revokeSession } from './revocations';
import { createSessionToken, isKioskToken, passwordHashDigest, SESSION_TTL_MS, verifySessionToken } from './session';

/** Who a request or socket acts as. `user` is what the audit log and alert events record. */
export interface Identity {
  user: string;
  role: Role;
}

export const ANONYMOUS: Identity = Object.freeze({ user: 'anonymous', role: 'anonymous' });
export const KIOSK: Identity = Object.freeze({ user: 'kiosk', role: 'kiosk' });

export type LoginResult =
  | { ok: true; identity: Identity; token: string; expiresAt: number }
  | { ok: false; reason: 'invalid' | 'rate_limited' | 'busy' | 'no_users' };

/**
 * Login attempts per client address (an IPv6 client's /64: a burst, then one per second); and the
 * shared budgets, spent only by a user+address pair that failed in the last 15 minutes: per name
 * (a burst, then one every 10 s) and in all (a burst, then 20 per second). A pair that has not failed
 * never waits for them, so no one else's traffic can keep a person with the right password out (from
 * an address where their name has not just failed), while a botnet's guesses at one account are
 * bounded by its addresses and that account's budget. Unknown names are treated alike: the answers
 * must not tell which names exist. A pair's tries take turns (pair-turns.ts): sent together, each
 * still sees the failure of the one before, so a burst cannot pass as a string of first tries.
 */
export const LOGIN_ADDRESS_BURST = 30;
export const LOGIN_ADDRESS_PER_S = 1;
export const LOGIN_ACCOUNT_BURST = 10;
export const LOGIN_ACCOUNT_PER_S = 0.1;
export const LOGIN_GLOBAL_BURST = 100;
export const LOGIN_GLOBAL_PER_S = 20;
/** What an unknown user name costs before the first real hash was timed: about one scrypt here. */
const INITIAL_HASH_MS = 50;

export interface Credentials {
  /** The session cookie's value. */
  session?: string;
  /** A kiosk token from the cookie, the URL or the Socket.IO handshake. */
  kiosk?: string | null;
}

export interface AuthGate {
  readonly config: AuthConfig;
  readonly users: ReadonlyMap<string, UserRecord>;
  /** The verified identity behind the credentials, or null when they prove nothing. */
  authenticate(credentials: Credentials, nowMs: number): Identity | null;
  /** Who may look: the verified identity, else anonymous when anonymous reading is on, else null (log in first). */
  viewer(credentials: Credentials, nowMs: number): Identity | null;
  isKioskToken(token: string | null | undefined): boolean;
  /**
   * Checks the password under the per-address and per user+address limits (and, for a pair that
   * failed lately, the per-name and global budgets), in the bounded hash queue; a success carries a
   * fresh session token.
   */
  login(user: string, password: string, address: string, nowMs: number): Promise<LoginResult>;
  /** Revokes the session of this token (logout): the session revoked, or null when the token proves none. */
  logout(token: string | undefined, nowMs: number): { sid: string; exp: number } | null;
}

export function createAuthGate(config: AuthConfig, users: ReadonlyMap<string, UserRecord> = loadUsers(config.usersFile), queue: HashQueue = createHashQueue()): AuthGate {
  const limiter: LoginLimiter = createLoginLimiter();
  const perAddress = createKeyedBuckets(LOGIN_ADDRESS_BURST, LOGIN_ADDRESS_PER_S);
  const perAccount = createKeyedBuckets(LOGIN_ACCOUNT_BURST, LOGIN_ACCOUNT_PER_S);
  const global = createBucket(LOGIN_GLOBAL_BURST, LOGIN_GLOBAL_PER_S);
  const turns = createPairTurns();
  let hashMs = INITIAL_HASH_MS;

  /** A real user's password costs a scrypt; an unknown name waits about as long without one (no CPU, no thread). */
  async function check(password: string, record: UserRecord | undefined): Promise<boolean> {
    if (!record) {
      await new Promise((r) => setTimeout(r, hashMs));
      return false;
    }
    const started = performance.now();
    const good = await verifyPassword(password, record.hash);
    hashMs = Math.min(1_000, 0.8 * hashMs + 0.2 * (performance.now() - started));
    return good;
  }

  function authenticate(credentials: Credentials, nowMs: number): Identity | null {
    if (credentials.session && config.sessionSecret) {
      const claims = verifySessionToken(config.sessionSecret, credentials.session, nowMs);
      const record = claims ? users.get(claims.user) : undefined;
      // The digest ties the session to the password it was opened with; a logged-out session is over.
      if (record && claims && passwordHashDigest(record.hash) === claims.h && !isSessionRevoked(claims.sid, nowMs)) {
        return { user: record.user, role: record.role };
      }
    }
    if (isKioskToken(config.kioskTokens, credentials.kiosk)) return KIOSK;
    return null;
  }

  /** One try in the pair's turn: the earlier tries' failures are recorded, so backoff and budgets see them. */
  async function attempt(user: string, password: string, key: string, nowMs: number): Promise<LoginResult> {
    if (!limiter.allowed(key, nowMs)) return { ok: false, reason: 'rate_limited' };
    if (limiter.failing(key, nowMs) && !(perAccount.take(user.slice(0, 64), nowMs) && global.take(nowMs))) return { ok: false, reason: 'rate_limited' };
    const record = users.get(user);
    const pending = queue.run(() => check(password.slice(0, 1024), record));
    if (!pending) return { ok: false, reason: 'busy' };
    const good = await pending;
    if (!good || !record) {
      limiter.failed(key, nowMs);
      return { ok: false, reason: 'invalid' };
    }
    limiter.succeeded(key);
    const expiresAt = nowMs + SESSION_TTL_MS;
    const token = createSessionToken(config.sessionSecret, { user: record.user, exp: expiresAt, h: passwordHashDigest(record.hash) });
    return { ok: true, identity: { user: record.user, role: record.role }, token, expiresAt };
  }

  return {
    config,
    users,
    authenticate,
    viewer: (credentials, nowMs) => authenticate(credentials, nowMs) ?? (config.anonymousRead ? ANONYMOUS : null),
    isKioskToken: (token) => isKioskToken(config.kioskTokens, token),
    async login(user, password, address, nowMs) {
      if (users.size === 0 || !config.sessionSecret) return { ok: false, reason: 'no_users' };
      const key = loginKey(user, address);
      if (!limiter.allowed(key, nowMs) || !perAddress.take(addressKey(address), nowMs)) return { ok: false, reason: 'rate_limited' };
      return (await turns.run(key, () => attempt(user, password, key, nowMs))) ?? { ok: false, reason: 'rate_limited' };
    },
    logout(token, nowMs) {
      const claims = config.sessionSecret ? verifySessionToken(config.sessionSecret, token, nowMs) : null;
      if (!claims) return null;
      revokeSession(claims.sid, claims.exp, nowMs);
      return { sid: claims.sid, exp: claims.exp };
    }
  };
}
