import type { Cookies } from '@sveltejs/kit';
import { loadWebConfig } from '../config';
import { createAuthGate, type AuthGate, type Identity } from './gate';
import { createAuditLog, type AuditLog } from './audit';
import { KIOSK_COOKIE, SESSION_COOKIE, SESSION_TTL_MS } from './session';

/**
 * Authentication for SvelteKit code (hooks, login, logout, audit page), built once per module
 * graph from the process config. The Socket.IO side builds its own in realtime.ts from the same
 * config; the two share no state except the secret, so either can verify the other's cookies.
 * The login rate limit lives here only, because only here are passwords checked.
 */
export interface ServerAuth {
  gate: AuthGate;
  audit: AuditLog;
}

let cached: ServerAuth | undefined;

export function getServerAuth(): ServerAuth {
  if (!cached) {
    const config = loadWebConfig();
    cached = { gate: createAuthGate(config.auth), audit: createAuditLog(config.influx) };
  }
  return cached;
}

/** True when the browser talks https to us (see AuthConfig.protocolKnown). */
export function isHttps(url: URL): boolean {
  return url.protocol === 'https:' && getServerAuth().gate.config.protocolKnown;
}

/** Secure only over https: a plain-http loopback setup must still be able to log in. */
export function setSessionCookie(cookies: Cookies, token: string, secure: boolean): void {
  cookies.set(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure, maxAge: SESSION_TTL_MS / 1000 });
}

export function clearSessionCookie(cookies: Cookies, secure: boolean): void {
  cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure });
}

/** The wall display keeps its token as a cookie: the URL may be typed once on a kiosk PC. */
export function setKioskCookie(cookies: Cookies, token: string, secure: boolean): void {
  // Lax, not Strict: a wall display opened from a bookmark or another tab is still a kiosk.
  cookies.set(KIOSK_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: 365 * 86_400 });
}

export function readCredentials(cookies: Cookies): { session?: string; kiosk?: string } {
  return { session: cookies.get(SESSION_COOKIE), kiosk: cookies.get(KIOSK_COOKIE) };
}

export type { Identity };
