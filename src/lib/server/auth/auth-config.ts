import { PantauError } from '../../core/errors';
import { readBooleanEnv } from '../../schemas/env';

/** Authentication settings, read from the environment by config.ts (the web's one env reader). */
export interface AuthConfig {
  /** PANTAU_USERS: path of the users JSON file; empty = no one can log in. */
  usersFile: string;
  /** PANTAU_SESSION_SECRET: HMAC key of session cookies (required with users, ≥ 32 chars). */
  sessionSecret: string;
  /** PANTAU_KIOSK_TOKENS: comma-separated; `?kiosk=<token>` gives the wall display read access. */
  kioskTokens: readonly string[];
  /** PANTAU_ANONYMOUS_READ (default true): anonymous browsers and sockets may view, never act. */
  anonymousRead: boolean;
  /**
   * Whether the request URL's protocol can be believed: adapter-node assumes https unless ORIGIN or
   * PROTOCOL_HEADER is set, so without them a plain-http server must not mark cookies Secure.
   */
  protocolKnown: boolean;
  /** ORIGIN (adapter-node): the public origin; empty when unset. */
  origin: string;
  /** PROTOCOL_HEADER (adapter-node), lower-case: where a TLS-terminating proxy says the scheme; empty when unset. */
  protocolHeader: string;
}

export const MIN_SECRET_CHARS = 32;
const MIN_KIOSK_TOKEN_CHARS = 16;
const TOKEN_PATTERN = /^[A-Za-z0-9_~.-]+$/;

export function parseAuthConfig(env: Record<string, string | undefined>): AuthConfig {
  const usersFile = env.PANTAU_USERS ?? '';
  const sessionSecret = env.PANTAU_SESSION_SECRET ?? '';
  if (usersFile && sessionSecret.length < MIN_SECRET_CHARS) {
    throw new PantauError('CONFIG_PANTAU_SESSION_SECRET', `PANTAU_SESSION_SECRET must be at least ${MIN_SECRET_CHARS} characters when PANTAU_USERS is set`);
  }
  const kioskTokens = (env.PANTAU_KIOSK_TOKENS ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  for (const token of kioskTokens) {
    if (token.length < MIN_KIOSK_TOKEN_CHARS || token.length > 256 || !TOKEN_PATTERN.test(token)) {
      throw new PantauError('CONFIG_PANTAU_KIOSK_TOKENS', `each kiosk token must be ${MIN_KIOSK_TOKEN_CHARS}–256 URL-safe characters (A-Z a-z 0-9 _ ~ . -)`);
    }
  }
  return Object.freeze({
    usersFile,
    sessionSecret,
    kioskTokens: Object.freeze(kioskTokens),
    anonymousRead: readBooleanEnv(env, 'PANTAU_ANONYMOUS_READ', true),
    protocolKnown: Boolean(env.ORIGIN || env.PROTOCOL_HEADER),
    origin: parseOrigin(env.ORIGIN ?? ''),
    protocolHeader: (env.PROTOCOL_HEADER ?? '').trim().toLowerCase()
  });
}

function parseOrigin(raw: string): string {
  if (!raw) return '';
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
  } catch {
    // fall through
  }
  throw new PantauError('CONFIG_ORIGIN', `ORIGIN must be http(s)://host[:port], got "${raw.slice(0, 100)}"`);
}
