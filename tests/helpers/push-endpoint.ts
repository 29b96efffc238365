import { createECDH, createHmac, createDecipheriv, createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Agent, createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PushAddress } from '../../src/lib/core/people';
import { closeFake, listenLocal, readBody } from './fake-server';

/**
 * A local Web Push service, standing for FCM / Mozilla autopush in tests. It does what a real push
 * service and the browser do between them, independently of the `web-push` library that sends:
 *   - checks the VAPID header (RFC 8292): `Authorization: vapid t=<JWT>, k=<P-256 public key>`, the JWT
 *     ES256-signed by that key, `aud` = this endpoint's origin, `exp` in the future and within 24 h, `sub` a
 *     mailto: or https: contact; and TTL / Content-Encoding: aes128gcm headers;
 *   - decrypts the body (RFC 8188 aes128gcm record, keys per RFC 8291) with the subscription's private key and
 *     auth secret, made here by `subscribe()` as a browser would, and keeps the plaintext.
 * Answers 201 like a push service; `failWith()` makes it answer 404/410 (gone), 429, 500 or hang.
 * HTTPS like every real push service, with a self-signed certificate made by `openssl` at start: an
 * in-process sender trusts it through `agent`, a child process through NODE_EXTRA_CA_CERTS=`caFile`.
 */

export interface PushSubscriptionKeys {
  /** What the browser hands the app (PushSubscription.toJSON()): endpoint, p256dh, auth. */
  address: PushAddress;
  id: string;
}

export interface ReceivedPush {
  subscriptionId: string;
  /** Decrypted payload, UTF-8. */
  plaintext: string;
  ttl: number;
  urgency?: string;
  topic?: string;
  /** The VAPID `k` (base64url, uncompressed P-256 point) and the JWT claims. */
  vapidKey: string;
  claims: { aud: string; exp: number; sub: string };
}

export type PushFailure = { status: 404 | 410 | 500 | 413; body?: string } | { status: 429; retryAfterS?: number } | { status: 'hang' };

export interface PushEndpoint {
  /** `https://127.0.0.1:<port>`: the VAPID audience. */
  origin: string;
  /** PEM file of the self-signed certificate (for NODE_EXTRA_CA_CERTS of a child process). */
  caFile: string;
  /** An https.Agent that trusts the certificate (for an in-process sender). */
  agent: Agent;
  /** A new subscription on this endpoint: its own ECDH key pair and 16-byte auth secret. */
  subscribe(): PushSubscriptionKeys;
  received: ReceivedPush[];
  /** Every refused request with the reason (bad VAPID, bad encryption …), for tests that expect none or some. */
  refused: { status: number; reason: string }[];
  /** Answer every following request with this (null = back to normal). */
  failWith(failure: PushFailure | null): void;
  close(): Promise<void>;
}

const MAX_VAPID_LIFETIME_S = 24 * 3600;
const MAX_BODY_BYTES = 4096;

interface Subscription {
  ecdh: ReturnType<typeof createECDH>;
  publicKey: Buffer;
  auth: Buffer;
}

function b64u(buf: string): Buffer {
  return Buffer.from(buf, 'base64url');
}

function hmac(key: Buffer, data: Buffer): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** HKDF with a single output block (every length needed here is ≤ 32 bytes). */
function hkdf(salt: Buffer, ikm: Buffer, info: Buffer, length: number): Buffer {
  return hmac(hmac(salt, ikm), Buffer.concat([info, Buffer.from([1])])).subarray(0, length);
}

/** An uncompressed P-256 point (65 bytes) as a KeyObject, via JWK. */
function p256PublicKey(raw: Buffer): KeyObject {
  if (raw.length !== 65 || raw[0] !== 4) throw new Error('k is not an uncompressed P-256 point');
  return createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33).toString('base64url') }, format: 'jwk' });
}

/** RFC 8292 §3: the header, the JWT's signature and claims. Throws the reason on failure. */
export function checkVapid(header: string | undefined, origin: string, nowS: number): Pick<ReceivedPush, 'vapidKey' | 'claims'> {
  const m = /^vapid t=([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+), k=([A-Za-z0-9_-]+)$/.exec(header ?? '');
  if (!m) throw new Error(`Authorization is not "vapid t=…, k=…": ${header ?? '(none)'}`);
  const [jwt, k] = [m[1], m[2]];
  const [h, c, s] = jwt.split('.');
  const head = JSON.parse(b64u(h).toString('utf8')) as { alg?: string; typ?: string };
  if (head.alg !== 'ES256') throw new Error(`JWT alg is ${head.alg}, not ES256`);
  const sig = b64u(s);
  if (sig.length !== 64) throw new Error('ES256 signature is not 64 bytes (r||s)');
  const ok = verify('sha256', Buffer.from(`${h}.${c}`), { key: p256PublicKey(b64u(k)), dsaEncoding: 'ieee-p1363' }, sig);
  if (!ok) throw new Error('JWT signature does not verify against k');
  const claims = JSON.parse(b64u(c).toString('utf8')) as { aud: string; exp: number; sub: string };
  if (claims.aud !== origin) throw new Error(`aud ${claims.aud} is not the endpoint origin ${origin}`);
  if (!(claims.exp > nowS && claims.exp <= nowS + MAX_VAPID_LIFETIME_S)) throw new Error(`exp ${claims.exp} is not within 24 h from now`);
  if (!/^(mailto:|https:)/.test(claims.sub ?? '')) throw new Error(`sub ${claims.sub} is not mailto: or https:`);
  return { vapidKey: k, claims };
}

/** RFC 8291 §3.4 + RFC 8188 §2: one aes128gcm record, decrypted with the subscription's keys. */
export function decryptAes128gcm(body: Buffer, sub: Subscription): string {
  if (body.length < 21) throw new Error('body shorter than the aes128gcm header');
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20];
  if (idlen !== 65) throw new Error(`keyid is ${idlen} bytes, not the 65-byte sender public key`);
  const asPublic = body.subarray(21, 21 + idlen);
  const record = body.subarray(21 + idlen);
  if (record.length > rs) throw new Error(`more than one record (${record.length} > rs ${rs}): push messages are one record`);
  const ecdhSecret = sub.ecdh.computeSecret(asPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), sub.publicKey, asPublic]);
  const ikm = hkdf(sub.auth, ecdhSecret, keyInfo, 32);
  const cek = hkdf(salt, ikm, Buffer.from('Content-Encoding: aes128gcm\0'), 16);
  const nonce = hkdf(salt, ikm, Buffer.from('Content-Encoding: nonce\0'), 12);
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error('last record does not end with the 0x02 delimiter');
  return padded.subarray(0, end).toString('utf8');
}

/** A throwaway key and certificate for 127.0.0.1 (valid one day). */
function selfSignedCert(dir: string): { key: string; cert: string; certFile: string } {
  const [keyFile, certFile] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' });
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
}

export async function startPushEndpoint(): Promise<PushEndpoint> {
  const subs = new Map<string, Subscription>();
  const received: ReceivedPush[] = [];
  const refused: { status: number; reason: string }[] = [];
  const hanging = new Set<ServerResponse>();
  let failure: PushFailure | null = null;
  let origin = '';

  function refuse(res: ServerResponse, status: number, reason: string): void {
    refused.push({ status, reason });
    res.writeHead(status, { 'content-type': 'text/plain' }).end(reason);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    if (failure?.status === 'hang') {
      hanging.add(res);
      return;
    }
    const id = /^\/push\/([a-f0-9]+)$/.exec(req.url ?? '')?.[1];
    if (req.method !== 'POST' || !id) return refuse(res, 404, 'not a push resource');
    if (failure) {
      const headers: Record<string, string> = failure.status === 429 && failure.retryAfterS ? { 'retry-after': String(failure.retryAfterS) } : {};
      res.writeHead(failure.status, headers).end('body' in failure ? (failure.body ?? '') : '');
      return;
    }
    const sub = subs.get(id);
    if (!sub) return refuse(res, 410, 'subscription expired or unsubscribed');
    let vapid: Pick<ReceivedPush, 'vapidKey' | 'claims'>;
    try {
      vapid = checkVapid(req.headers.authorization, origin, Math.floor(Date.now() / 1000));
    } catch (err) {
      return refuse(res, 403, (err as Error).message);
    }
    const ttl = Number(req.headers.ttl);
    if (!Number.isInteger(ttl) || ttl < 0) return refuse(res, 400, 'TTL header missing or not a non-negative integer');
    if (req.headers['content-encoding'] !== 'aes128gcm') return refuse(res, 415, 'Content-Encoding is not aes128gcm');
    if (body.length > MAX_BODY_BYTES) return refuse(res, 413, `payload ${body.length} bytes is over ${MAX_BODY_BYTES}`);
    let plaintext: string;
    try {
      plaintext = decryptAes128gcm(body, sub);
    } catch (err) {
      return refuse(res, 400, `cannot decrypt: ${(err as Error).message}`);
    }
    const header = (name: string): string | undefined => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : undefined);
    received.push({ subscriptionId: id, plaintext, ttl, urgency: header('urgency'), topic: header('topic'), ...vapid });
    res.writeHead(201, { location: `${origin}/message/${received.length}` }).end();
  }

  const dir = mkdtempSync(join(tmpdir(), 'pantau-push-'));
  const tls = selfSignedCert(dir);
  const server: Server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    handle(req, res).catch((err: Error) => refuse(res, 500, err.message));
  });
  origin = `https://127.0.0.1:${await listenLocal(server)}`;
  const agent = new Agent({ ca: tls.cert, keepAlive: false });

  return {
    origin,
    caFile: tls.certFile,
    agent,
    received,
    refused,
    subscribe() {
      const ecdh = createECDH('prime256v1');
      const publicKey = ecdh.generateKeys();
      const auth = randomBytes(16);
      const id = randomBytes(8).toString('hex');
      subs.set(id, { ecdh, publicKey, auth });
      return { id, address: { endpoint: `${origin}/push/${id}`, keys: { p256dh: publicKey.toString('base64url'), auth: auth.toString('base64url') } } };
    },
    failWith(f) {
      failure = f;
    },
    async close() {
      await closeFake(server, hanging);
      agent.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
