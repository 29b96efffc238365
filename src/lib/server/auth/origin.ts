/**
 * Same-origin checks for requests a browser could be tricked into sending (CSRF) and for
 * Socket.IO handshakes (cross-site WebSocket hijacking). Clients that send no Origin are not
 * browsers acting for someone else, so they pass; a foreign Origin never does. Scheme, host and
 * port all count: `http://` pages of this host are not the `https://` site.
 */
export function isSameOrigin(origin: string | undefined | null, expectedOrigin: string | undefined | null): boolean {
  if (!origin) return true;
  if (!expectedOrigin) return false;
  try {
    const given = new URL(origin);
    if (given.protocol !== 'http:' && given.protocol !== 'https:') return false;
    return given.origin === new URL(expectedOrigin).origin;
  } catch {
    return false; // "null" (sandboxed frames, file://) and garbage
  }
}

/**
 * This server's origin as browsers see it: ORIGIN when set; else the scheme from PROTOCOL_HEADER
 * (a proxy that terminates TLS; https when the header is missing, like adapter-node), else http
 * (scripts/web.ts serves plain http), and the Host header.
 */
export function expectedOrigin(
  headers: Record<string, string | string[] | undefined>,
  config: { origin: string; protocolHeader: string }
): string | null {
  if (config.origin) return config.origin;
  const host = firstHeader(headers.host);
  if (!host) return null;
  if (!config.protocolHeader) return `http://${host}`;
  // As adapter-node does: a configured header that is missing means https.
  const proto = firstHeader(headers[config.protocolHeader])?.split(',')[0].trim() || 'https';
  return `${proto === 'http' ? 'http' : 'https'}://${host}`;
}

/** Fetch metadata: a browser says where a request came from; only same-origin or direct navigation may change state. */
export function isSameSiteFetch(secFetchSite: string | undefined | null): boolean {
  return !secFetchSite || secFetchSite === 'same-origin' || secFetchSite === 'none';
}

/**
 * Whether a state-changing request comes from our own pages. With `Referrer-Policy: no-referrer`
 * browsers send `Origin: null` on form posts, so then only fetch metadata can vouch for it.
 */
export function isSameOriginWrite(origin: string | null, secFetchSite: string | null, expected: string): boolean {
  if (origin === 'null') return secFetchSite === 'same-origin';
  return isSameOrigin(origin, expected) && isSameSiteFetch(secFetchSite);
}

export function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
