import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Signed session tokens: `<payload base64url>.<HMAC-SHA256 base64url>`, payload `{ u, exp, h, sid }`.
 * `h` is a short digest of the user's password hash, so changing a password ends that user's sessions;
 * `sid` names the session so that logging out can revoke it (revocations.ts). Otherwise nothing is
 * stored server side: a restart keeps everyone logged in, a new secret logs everyone out.
 */
export const SESSION_COOKIE = 'pantau_session';
export const KIOSK_COOKIE = 'pantau_kiosk';
export const SESSION_TTL_MS = 12 * 3_600_000;
/** Longer tokens are not ours: refuse before any work. */
const MAX_TOKEN_CHARS = 1_024;

export interface SessionClaims {
  user: string;
  /** Expiry, epoch ms. */
  exp: number;
  /** Digest of the password hash at login. */
  h: string;
  /** Session id (random), what logout revokes. */
  sid: string;
}

function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

export function passwordHashDigest(passwordHash: string): string {
  return createHash('sha256').update(passwordHash).digest('base64url').slice(0, 16);
}

export function createSessionId(): string {
  return randomBytes(12).toString('base64url');
}

/** Signs the claims; a missing `sid` gets a fresh one. */
export function createSessionToken(secret: string, claims: Omit<SessionClaims, 'sid'> & { sid?: string }): string {
  const sid = claims.sid ?? createSessionId();
  const payload = Buffer.from(JSON.stringify({ u: claims.user, exp: claims.exp, h: claims.h, sid })).toString('base64url');
  return `${payload}.${sign(secret, payload)}`;
}

/** The claims of a token with a valid signature that has not expired, or null. */
export function verifySessionToken(secret: string, token: string | undefined, nowMs: number): SessionClaims | null {
  if (!token || token.length > MAX_TOKEN_CHARS) return null;
  const dot = token.indexOf('.');
  if (dot <= 0) return null;
  const payload = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = Buffer.from(sign(secret, payload), 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { u?: unknown; exp?: unknown; h?: unknown; sid?: unknown };
    if (typeof raw.u !== 'string' || typeof raw.exp !== 'number' || typeof raw.h !== 'string') return null;
    // Tokens without a session id could not be revoked: they are not accepted.
    if (typeof raw.sid !== 'string' || raw.sid.length < 8 || raw.sid.length > 64) return null;
    if (raw.exp <= nowMs) return null;
    return { user: raw.u, exp: raw.exp, h: raw.h, sid: raw.sid };
  } catch {
    return null;
  }
}

/** Cookie header → name/value map (first occurrence wins, bounded). */
export function parseCookieHeader(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(';').slice(0, 64)) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (cookies.has(name)) continue;
    try {
      cookies.set(name, decodeURIComponent(part.slice(eq + 1).trim()));
    } catch {
      // A malformed escape is not one of our cookies.
    }
  }
  return cookies;
}

/** Constant-time check of a presented kiosk token against the configured ones. */
export function isKioskToken(tokens: readonly string[], presented: string | undefined | null): boolean {
  if (!presented || presented.length > 256) return false;
  const given = createHash('sha256').update(presented).digest();
  let found = false;
  for (const token of tokens) {
    if (timingSafeEqual(given, createHash('sha256').update(token).digest())) found = true;
  }
  return found;
}
