/**
 * Same-origin checks for requests a browser could be tricked into sending (CSRF) and for
 * Socket.IO handshakes (cross-site WebSocket hijacking). Clients that send no Origin are not
 * browsers acting for someone else, so they pass; a foreign Origin never does.
 */
export function isSameOrigin(origin: string | undefined | null, host: string | undefined | null): boolean {
  if (!origin) return true;
  if (!host) return false;
  try {
    return new URL(origin).host.toLowerCase() === host.toLowerCase();
  } catch {
    return false; // "null" (sandboxed frames, file://) and garbage
  }
}

/** Fetch metadata: a browser says where a request came from; only same-origin or direct navigation may change state. */
export function isSameSiteFetch(secFetchSite: string | undefined | null): boolean {
  return !secFetchSite || secFetchSite === 'same-origin' || secFetchSite === 'none';
}

/**
 * Whether a state-changing request comes from our own pages. With `Referrer-Policy: no-referrer`
 * browsers send `Origin: null` on form posts, so then only fetch metadata can vouch for it.
 */
export function isSameOriginWrite(origin: string | null, secFetchSite: string | null, host: string): boolean {
  if (origin === 'null') return secFetchSite === 'same-origin';
  return isSameOrigin(origin, host) && isSameSiteFetch(secFetchSite);
}

export function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
