import { createHash } from 'node:crypto';
import { request, type Agent } from 'node:https';
import { isIP } from 'node:net';
import webpush from 'web-push';
import type { AlertSeverity } from '../../../src/lib/core/alert';
import { PantauError } from '../../../src/lib/core/errors';
import type { PushAddress, PushPayload } from '../../../src/lib/core/people';
import { readBooleanEnv } from '../../../src/lib/schemas/env';
import { parseRetryAfterMs } from '../backoff';
import { isPublicAddress, NOT_PUBLIC_CODE, publicOnlyLookup } from './public-address';
import { networkFailure, requestSignal, safeError, truncate } from './format';
import type { Channel, ChannelAddress, OutgoingMessage, SendResult } from './types';

/**
 * Web Push (RFC 8030) to the responder app's service worker: `web-push` builds the request (VAPID JWT per
 * RFC 8292, payload encrypted per RFC 8291 / aes128gcm); we send it with node:https so the caller's
 * AbortSignal ends it (web-push's own sender only has a socket idle timeout).
 */

export interface WebPushConfig {
  publicKey: string;
  privateKey: string;
  /** mailto: or https: contact the push service can reach the operator at. */
  subject: string;
  /**
   * WEBPUSH_ALLOW_PRIVATE (default false): endpoints may be loopback or private addresses. Endpoints come from
   * browsers (any signed-in person), so by default only public addresses are reached (public-address.ts);
   * the tests' local push service needs this on.
   */
  allowPrivate: boolean;
}

/** Push services take 4 KB of ciphertext; staying under 3 KB of JSON leaves room for the record overhead. */
export const MAX_PAYLOAD_BYTES = 3072;
/** How long a push service keeps a message for an offline phone: a critical alert matters longer. */
const TTL_S: Record<AlertSeverity, number> = { critical: 6 * 3600, warning: 3600, info: 600 };
const URGENCY: Record<AlertSeverity, webpush.Urgency> = { critical: 'high', warning: 'normal', info: 'low' };

function b64uLength(text: unknown): number {
  return typeof text === 'string' && /^[A-Za-z0-9_-]+={0,2}$/.test(text) ? Buffer.from(text, 'base64url').length : -1;
}

export function parseWebPushConfig(env: Record<string, string | undefined>): WebPushConfig | null {
  const names = ['VAPID_PUBLIC_KEY', 'VAPID_PRIVATE_KEY', 'VAPID_SUBJECT'] as const;
  const missing = names.filter((k) => !env[k]);
  if (missing.length === names.length) return null;
  const [first] = missing;
  if (first) throw new PantauError(`CONFIG_${first}`, `web push is half configured: missing ${missing.join(', ')} (npm run vapid-keys makes a key pair)`);
  const [publicKey, privateKey, subject] = names.map((k) => env[k] as string);
  if (b64uLength(publicKey) !== 65) throw new PantauError('CONFIG_VAPID_PUBLIC_KEY', 'VAPID_PUBLIC_KEY must be a base64url P-256 public key (65 bytes uncompressed)');
  // The private key is never quoted back, not even in part.
  if (b64uLength(privateKey) !== 32) throw new PantauError('CONFIG_VAPID_PRIVATE_KEY', 'VAPID_PRIVATE_KEY must be a base64url P-256 private key (32 bytes)');
  if (!/^(mailto:[^\s@]+@[^\s@]+|https:\/\/[^\s]+)$/.test(subject)) throw new PantauError('CONFIG_VAPID_SUBJECT', `VAPID_SUBJECT must be mailto:address or an https: URL, got "${subject.slice(0, 100)}"`);
  return { publicKey, privateKey, subject, allowPrivate: readBooleanEnv(env, 'WEBPUSH_ALLOW_PRIVATE', false) };
}

/** The JSON the service worker reads; the body is cut (never the links) to keep it under MAX_PAYLOAD_BYTES. */
export function pushPayload(message: OutgoingMessage): string {
  const payload: PushPayload = {
    title: truncate(message.title, 200),
    body: truncate(message.summary ?? message.body, 1000),
    url: message.url,
    ...(message.ackUrl ? { ackUrl: message.ackUrl } : {}),
    tag: truncate(message.tag, 100),
    severity: message.severity,
    alertIds: message.alertIds.slice(0, 20),
    lang: message.language
  };
  let json = JSON.stringify(payload);
  while (Buffer.byteLength(json) > MAX_PAYLOAD_BYTES && payload.body.length > 1) {
    payload.body = truncate(payload.body, Math.floor(payload.body.length * 0.75));
    payload.alertIds = payload.alertIds.slice(0, 5);
    json = JSON.stringify(payload);
  }
  return json;
}

/** A stored subscription: an https endpoint and the browser's keys (65-byte P-256 point, 16-byte auth secret). */
export function checkPushAddress(address: unknown): string | null {
  const a = address as Partial<PushAddress> | null;
  if (typeof a !== 'object' || a === null || typeof a.endpoint !== 'string') return 'a push subscription is {endpoint, keys: {p256dh, auth}}';
  let url: URL;
  try {
    url = new URL(a.endpoint);
  } catch {
    return 'the push endpoint is not a URL';
  }
  if (url.protocol !== 'https:') return 'the push endpoint must be https';
  if (b64uLength(a.keys?.p256dh) !== 65) return 'keys.p256dh is not a 65-byte P-256 public key';
  if (b64uLength(a.keys?.auth) !== 16) return 'keys.auth is not a 16-byte secret';
  return null;
}

/** 404/410: the subscription is gone (unsubscribed, app removed): disable it. 429/5xx: later. Anything else: our request is wrong. */
export function classifyPushStatus(status: number, body: string, retryAfter: string | undefined): SendResult {
  const error = safeError(`webpush ${status}${body ? `: ${body}` : ''}`, []);
  if (status === 404 || status === 410) return { ok: false, retryable: false, gone: true, error };
  if (status === 429 || status >= 500) return { ok: false, retryable: true, error, retryAfterMs: parseRetryAfterMs(retryAfter, Date.now(), 86_400_000) };
  return { ok: false, retryable: false, error };
}

/** Refused before any connection: not retryable, and it says nothing of what is at that address. */
const NOT_PUBLIC: SendResult = { ok: false, retryable: false, error: 'webpush: the endpoint is not a public address (WEBPUSH_ALLOW_PRIVATE=true allows private ones)' };

/** An endpoint whose host is an IP literal that is not public (node does no lookup for those, so publicOnlyLookup cannot see it). */
function isPrivateLiteral(endpoint: string): boolean {
  const host = new URL(endpoint).hostname.replace(/^\[|\]$/g, '');
  return isIP(host) !== 0 && !isPublicAddress(host);
}

function post(details: webpush.RequestDetails, signal: AbortSignal, agent: Agent | undefined, publicOnly: boolean): Promise<{ status: number; body: string; retryAfter?: string }> {
  return new Promise((resolve, reject) => {
    const options = { method: 'POST', headers: details.headers, signal, ...(agent ? { agent } : {}), ...(publicOnly ? { lookup: publicOnlyLookup } : {}) };
    const req = request(details.endpoint, options, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (body.length < 1000) body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, retryAfter: res.headers['retry-after'] }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(details.body ?? undefined);
  });
}

/** `agent`: only for tests whose push endpoint has a self-signed certificate (a child process uses NODE_EXTRA_CA_CERTS). */
export function createWebPushChannel(config: WebPushConfig | null, deps: { timeoutMs: number; agent?: Agent }): Channel | null {
  if (!config) return null;
  const secrets = [config.privateKey];
  return {
    kind: 'webpush',
    checkAddress: checkPushAddress,
    async send(address: ChannelAddress, message: OutgoingMessage, signal?: AbortSignal): Promise<SendResult> {
      const problem = checkPushAddress(address);
      if (problem) return { ok: false, retryable: false, error: `webpush: ${problem}` };
      if (!config.allowPrivate && isPrivateLiteral((address as PushAddress).endpoint)) return NOT_PUBLIC;
      let details: webpush.RequestDetails;
      try {
        details = webpush.generateRequestDetails(address as PushAddress, pushPayload(message), {
          vapidDetails: config,
          TTL: TTL_S[message.severity],
          urgency: URGENCY[message.severity],
          // Same tag = the push service replaces a message still waiting for the phone (≤ 32 base64url chars).
          topic: createHash('sha256').update(message.tag).digest('base64url').slice(0, 32),
          contentEncoding: 'aes128gcm'
        });
      } catch (err) {
        return { ok: false, retryable: false, error: safeError(`webpush: ${(err as Error).message}`, secrets) };
      }
      try {
        const res = await post(details, requestSignal(deps.timeoutMs, signal), deps.agent, !config.allowPrivate);
        if (res.status >= 200 && res.status < 300) return { ok: true };
        return classifyPushStatus(res.status, res.body, res.retryAfter);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === NOT_PUBLIC_CODE) return NOT_PUBLIC;
        return networkFailure(err, secrets);
      }
    }
  };
}
