import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { ifNoneMatchHits } from '../conditional';

/**
 * One JSON answer shared by every request for `ttlMs`: built at most once per interval however many
 * residents ask, serialised once, with an ETag so a phone that already has it gets a 304 without a
 * body. The builder reads in-memory state only; this bounds its cost, not a database's.
 */
export interface CachedJson {
  body: string;
  etag: string;
  builtAt: number;
  /** The body gzipped, made on the first request that accepts it (a phone on mobile data gets a tenth of the bytes). */
  gzipped?: Uint8Array<ArrayBuffer>;
}

export interface JsonCache {
  get(nowMs: number): CachedJson;
}

export function etagOf(body: string): string {
  return `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
}

export function createJsonCache(build: (nowMs: number) => unknown, ttlMs: number): JsonCache {
  let cached: CachedJson | undefined;
  return {
    get(nowMs) {
      // A clock set back must not keep an old answer for ever: any age outside [0, ttl) rebuilds.
      const age = cached ? nowMs - cached.builtAt : -1;
      if (!cached || age < 0 || age >= ttlMs) {
        const body = JSON.stringify(build(nowMs));
        cached = { body, etag: etagOf(body), builtAt: nowMs };
      }
      return cached;
    }
  };
}

export interface PlainResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array<ArrayBuffer> | null;
}

/** True when an Accept-Encoding header allows gzip (and does not refuse it with q=0). */
export function acceptsGzip(acceptEncoding: string | null | undefined): boolean {
  return (acceptEncoding ?? '')
    .slice(0, 500)
    .split(',')
    .some((token) => {
      const [name, ...params] = token.split(';').map((p) => p.trim().toLowerCase());
      const q = params.find((p) => p.startsWith('q='));
      return name === 'gzip' && !(q && Number(q.slice(2)) === 0);
    });
}

/**
 * The cached answer as a response: 304 when the client holds it. `max-age` is what is left of the
 * cache interval, so a browser or proxy never keeps it longer than the server would.
 */
export function cachedResponse(cached: CachedJson, ifNoneMatch: string | null, ttlMs: number, nowMs: number, gzip = false): PlainResponse {
  const maxAge = Math.max(0, Math.floor((ttlMs - (nowMs - cached.builtAt)) / 1000));
  const headers = {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': `public, max-age=${maxAge}`,
    etag: cached.etag,
    vary: 'accept-encoding',
    'access-control-allow-origin': '*'
  };
  if (ifNoneMatchHits(ifNoneMatch, cached.etag)) return { status: 304, headers, body: null };
  if (!gzip) return { status: 200, headers, body: cached.body };
  // Copied into a plain Uint8Array: what fetch's Response and node's res.end both take.
  cached.gzipped ??= new Uint8Array(gzipSync(cached.body));
  return { status: 200, headers: { ...headers, 'content-encoding': 'gzip' }, body: cached.gzipped };
}

/** A refused request: said in JSON, with when to come back (the bucket refills within a second). */
export function tooManyRequests(retryAfterS: number): PlainResponse {
  return {
    status: 429,
    headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': String(retryAfterS), 'cache-control': 'no-store' },
    body: JSON.stringify({ error: 'too many requests from this address, try again shortly', code: 'RATE_LIMITED' })
  };
}
