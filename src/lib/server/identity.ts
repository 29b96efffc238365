import type { AuthGate, Identity } from './auth/gate';
import { KIOSK_COOKIE, parseCookieHeader, SESSION_COOKIE } from './auth/session';
import { expectedOrigin, firstHeader, isSameOrigin } from './auth/origin';

/**
 * Who a Socket.IO connection acts as, decided once in the handshake (`io.use`): the verified
 * session cookie or kiosk token, else anonymous when anonymous reading is allowed. What the
 * browser sends in `auth.user` is ignored: a name it chose proves nothing.
 */
export type { Identity };

export interface HandshakeLike {
  auth?: Record<string, unknown>;
  headers?: Record<string, string | string[] | undefined>;
  query?: Record<string, unknown>;
}

/** A refusal says why, for the client's `connect_error`. */
export type Identify = (handshake: HandshakeLike) => Identity | { refused: string };

export const REFUSED_ORIGIN = 'forbidden origin';
export const REFUSED_LOGIN = 'login required';

function kioskFrom(handshake: HandshakeLike, cookies: Map<string, string>): string | undefined {
  const fromAuth = handshake.auth?.kiosk;
  if (typeof fromAuth === 'string') return fromAuth;
  const fromQuery = handshake.query?.kiosk;
  if (typeof fromQuery === 'string') return fromQuery;
  return cookies.get(KIOSK_COOKIE);
}

export function createIdentify(gate: AuthGate, now: () => number = Date.now): Identify {
  return (handshake) => {
    const headers = handshake.headers ?? {};
    // A page on another site must not open a socket that rides this site's cookies.
    if (!isSameOrigin(firstHeader(headers.origin), expectedOrigin(headers, gate.config))) return { refused: REFUSED_ORIGIN };
    const cookies = parseCookieHeader(firstHeader(headers.cookie));
    const identity = gate.viewer({ session: cookies.get(SESSION_COOKIE), kiosk: kioskFrom(handshake, cookies) }, now());
    return identity ?? { refused: REFUSED_LOGIN };
  };
}
