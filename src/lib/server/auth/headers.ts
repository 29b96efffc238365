/**
 * Security headers for every response. The Content-Security-Policy itself comes from
 * SvelteKit (`kit.csp` in svelte.config.js, with nonces for its inline scripts); responses that
 * are not pages get this strict one, which allows nothing to load.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
  'cross-origin-opener-policy': 'same-origin'
});

export const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'";
/** One year; sent only when the browser talks https to us (a plain-http demo must stay reachable). */
export const HSTS = 'max-age=31536000';

/** How the browser reaches us: decides HSTS and which WebSocket origin the page may connect to. */
export interface SecurityContext {
  https: boolean;
  /** Host (and port) of this site, e.g. `pantau.example` or `127.0.0.1:3000`. */
  host: string;
  /** Other origins pages may fetch from: the city's basemap style server (PANTAU_BASEMAP=style:…). */
  connectOrigins?: readonly string[];
}

/**
 * SvelteKit's page CSP allows `ws:`/`wss:` to any host in connect-src (svelte.config.js cannot know the
 * host): narrowed here to this site's own Socket.IO endpoint, so injected script could not send data away.
 */
export function narrowConnectSrc(csp: string, ctx: SecurityContext): string {
  const ws = `${ctx.https ? 'wss' : 'ws'}://${ctx.host}`;
  const more = (ctx.connectOrigins ?? []).map((o) => ` ${o}`).join('');
  return csp.replace(/connect-src[^;]*/, `connect-src 'self' ${ws}${more}`);
}

/** Adds the headers a response does not set itself (headers objects may be immutable: copy when needed). */
export function withSecurityHeaders(response: Response, ctx?: SecurityContext): Response {
  let target = response;
  try {
    applySecurityHeaders(response.headers, ctx);
  } catch {
    // Headers of a fetched Response are immutable; wrap it in a new one.
    target = new Response(response.body, response);
    applySecurityHeaders(target.headers, ctx);
  }
  return target;
}

function applySecurityHeaders(headers: Headers, ctx: SecurityContext | undefined): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (!headers.has(name)) headers.set(name, value);
  const csp = headers.get('content-security-policy');
  if (!csp) headers.set('content-security-policy', NON_PAGE_CSP);
  else if (ctx && csp.includes('connect-src')) headers.set('content-security-policy', narrowConnectSrc(csp, ctx));
  if (ctx?.https && !headers.has('strict-transport-security')) headers.set('strict-transport-security', HSTS);
}

/**
 * For the node http.Server in scripts/web.ts: static files are served by adapter-node's handler
 * before SvelteKit hooks run, so they get the same headers here.
 */
export function setNodeSecurityHeaders(res: { setHeader(name: string, value: string): unknown; hasHeader(name: string): boolean }): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (!res.hasHeader(name)) res.setHeader(name, value);
}
