import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Acknowledge links in messages: `<base>/ack/<token>`. The notifier signs, the command center verifies
 * (both hold PANTAU_ACK_SECRET). The token names the alert, the person, its own id and the alert's version the
 * message was about; single use is the command center's part (table ack_links_used). HMAC rather than a JWT
 * library: one algorithm, no header to negotiate, so no "alg: none" class of mistakes.
 */
export interface AckClaims {
  alertId: string;
  personId: string;
  /** Expiry, epoch ms. */
  exp: number;
  /** Unique per message: what ack_links_used records. */
  jti: string;
  /**
   * The version (`worsenedAt`, 0 for none) of the alert the message was about: the command center refuses the link
   * once its copy is newer. A version, not the signing time: the notifier's clock is not the ingest's, and one a few ms
   * behind made every link of a re-page after a worsening stale. Absent in links signed before it was added (a day at
   * most: their expiry), which keep the old rule (signed before `worsenedAt`: stale).
   */
  version?: number;
}

export type AckVerdict = { ok: true; claims: AckClaims } | { ok: false; error: 'malformed' | 'bad_signature' | 'expired' };

/** Secrets shorter than this are refused at config time. */
export const ACK_SECRET_MIN_CHARS = 32;
/** Links stay valid for a day: long enough for a night shift, short enough that old messages stop working. */
export const ACK_TOKEN_TTL_MS = 24 * 3_600_000;
const MAX_TOKEN_CHARS = 1_024;

function mac(secret: string, body: string): Buffer {
  return createHmac('sha256', secret).update(`pantau-ack.${body}`).digest();
}

export function signAckToken(secret: string, claims: AckClaims): string {
  const fields = [claims.alertId, claims.personId, claims.exp, claims.jti, ...(claims.version === undefined ? [] : [claims.version])];
  const body = Buffer.from(JSON.stringify(fields), 'utf8').toString('base64url');
  return `${body}.${mac(secret, body).toString('base64url')}`;
}

export function verifyAckToken(secret: string, token: string, now: number): AckVerdict {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_CHARS) return { ok: false, error: 'malformed' };
  const dot = token.indexOf('.');
  if (dot <= 0 || dot !== token.lastIndexOf('.')) return { ok: false, error: 'malformed' };
  const body = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = mac(secret, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, error: 'bad_signature' };
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, error: 'malformed' };
  }
  // Four fields: a link signed before the version was added (still good until its expiry).
  if (!Array.isArray(parts) || (parts.length !== 4 && parts.length !== 5)) return { ok: false, error: 'malformed' };
  const [alertId, personId, exp, jti, version] = parts as unknown[];
  if (typeof alertId !== 'string' || typeof personId !== 'string' || typeof exp !== 'number' || typeof jti !== 'string') return { ok: false, error: 'malformed' };
  if (parts.length === 5 && (typeof version !== 'number' || !Number.isFinite(version))) return { ok: false, error: 'malformed' };
  if (exp <= now) return { ok: false, error: 'expired' };
  return { ok: true, claims: { alertId, personId, exp, jti, ...(typeof version === 'number' ? { version } : {}) } };
}
