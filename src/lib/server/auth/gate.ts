import type { AuthConfig } from './auth-config';
import type { Role } from './roles';
import { loadUsers, type UserRecord } from './users';
import { verifyPassword } from './password';
import { createLoginLimiter, loginKey, type LoginLimiter } from './rate-limit';
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
  | { ok: false; reason: 'invalid' | 'rate_limited' | 'no_users' };

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
  /** Checks the password under the per user+address rate limit; a success carries a fresh session token. */
  login(user: string, password: string, address: string, nowMs: number): Promise<LoginResult>;
}

export function createAuthGate(config: AuthConfig, users: ReadonlyMap<string, UserRecord> = loadUsers(config.usersFile)): AuthGate {
  const limiter: LoginLimiter = createLoginLimiter();

  function authenticate(credentials: Credentials, nowMs: number): Identity | null {
    if (credentials.session && config.sessionSecret) {
      const claims = verifySessionToken(config.sessionSecret, credentials.session, nowMs);
      const record = claims ? users.get(claims.user) : undefined;
      // The digest ties the session to the password it was opened with.
      if (record && claims && passwordHashDigest(record.hash) === claims.h) return { user: record.user, role: record.role };
    }
    if (isKioskToken(config.kioskTokens, credentials.kiosk)) return KIOSK;
    return null;
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
      if (!limiter.allowed(key, nowMs)) return { ok: false, reason: 'rate_limited' };
      const record = users.get(user);
      // Unknown users are checked against a dummy hash: the answer takes as long either way.
      const good = await verifyPassword(password.slice(0, 1024), record?.hash);
      if (!good || !record) {
        limiter.failed(key, nowMs);
        return { ok: false, reason: 'invalid' };
      }
      limiter.succeeded(key);
      const expiresAt = nowMs + SESSION_TTL_MS;
      const token = createSessionToken(config.sessionSecret, { user: record.user, exp: expiresAt, h: passwordHashDigest(record.hash) });
      return { ok: true, identity: { user: record.user, role: record.role }, token, expiresAt };
    }
  };
}
