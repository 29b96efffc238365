/**
 * Who a Socket.IO connection acts as. For now the display name the browser sends in
 * `auth.user` (unverified); authentication replaces `identifyFromHandshake` with a function
 * that checks a session or token and returns the verified name, or null to refuse.
 */
export const DEFAULT_USER = 'operator';
const NAME_PATTERN = /^[\p{L}\p{N} ._@-]{1,64}$/u;

export interface HandshakeLike {
  auth?: Record<string, unknown>;
}

export type Identify = (handshake: HandshakeLike) => string | null;

export const identifyFromHandshake: Identify = (handshake) => {
  const user = handshake.auth?.user;
  if (typeof user === 'string' && NAME_PATTERN.test(user.trim())) return user.trim();
  return DEFAULT_USER;
};
