/**
 * Who may read the command center's /metrics. Metrics reveal internals (client counts, failures), and
 * the web port faces the public:
 *   - METRICS_TOKEN set: only a request with `Authorization: Bearer <token>`, from anywhere;
 *   - no token: only a direct connection from loopback (Prometheus on the same host). A request that
 *     came through a proxy is refused even when the proxy itself is on loopback: a forwarding header
 *     says someone else is behind it.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

export type MetricsAccess = 'ok' | 'unauthorized' | 'forbidden';

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.startsWith('::ffff:') ? address.slice(7) : address;
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

/** Compared as hashes: equal length for timingSafeEqual, and no early exit on the first differing byte. */
function sameToken(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * `addressHeader` is the proxy header the deployment trusts (ADDRESS_HEADER): it counts as forwarding
 * too. 'unauthorized' = a token is required and missing or wrong (401); 'forbidden' = not loopback (403).
 */
export function checkMetricsAccess(headers: IncomingHttpHeaders, remoteAddress: string | undefined, token: string, addressHeader = ''): MetricsAccess {
  if (token) {
    const auth = headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return m && sameToken(m[1], token) ? 'ok' : 'unauthorized';
  }
  const forwarded = [...FORWARDING_HEADERS, addressHeader].some((h) => h && headers[h] !== undefined);
  return !forwarded && isLoopback(remoteAddress) ? 'ok' : 'forbidden';
}
