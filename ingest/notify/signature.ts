import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AlertEvent } from '../../src/lib/core/alert';

/**
 * Webhook signatures (the same scheme as Stripe and Slack): the sender signs `<timestamp>.<body>`
 * with HMAC-SHA256 and the webhook's shared secret. Signing the timestamp with the body stops a
 * captured request from being replayed later with a fresh timestamp.
 *
 * Receiver, in order:
 *  1. read `X-Pantau-Timestamp` (Unix seconds) and refuse it when it is more than 5 minutes from your clock;
 *  2. compute `sha256=` + hex(HMAC-SHA256(secret, timestamp + "." + rawBody)) over the raw bytes received
 *     (before any JSON parsing), and compare with `X-Pantau-Signature` in constant time;
 *  3. drop duplicates by `X-Pantau-Event-Id`: a retry after a lost response delivers the same event again.
 * Each retry is signed afresh with its own timestamp, so a delivery that waited an hour still verifies.
 */
export const SIGNATURE_HEADER = 'x-pantau-signature';
export const TIMESTAMP_HEADER = 'x-pantau-timestamp';
export const EVENT_ID_HEADER = 'x-pantau-event-id';
export const SIGNATURE_TOLERANCE_S = 300;

export function formatSignature(secret: string, timestampS: number, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestampS}.${body}`).digest('hex');
}

/** The idempotency key: one per alert change, the same across retries and notifier instances. */
export function formatEventId(event: AlertEvent): string {
  return `${event.alert.id}:${event.type}:${event.alert.updatedAt}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'stale_timestamp' | 'bad_signature' };

/** What a receiver runs (also used by our tests): constant-time compare, timestamps within ±5 min. */
export function verifySignature(
  secret: string,
  headers: { signature?: string; timestamp?: string },
  body: string,
  nowMs: number,
  toleranceS = SIGNATURE_TOLERANCE_S
): SignatureCheck {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'missing' };
  const ts = Number(timestamp);
  if (Math.abs(nowMs / 1000 - ts) > toleranceS) return { ok: false, reason: 'stale_timestamp' };
  const expected = Buffer.from(formatSignature(secret, ts, body));
  const given = Buffer.from(signature);
  // timingSafeEqual throws on unequal lengths; the length of a hex digest is no secret.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  return { ok: true };
}
