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

/** Adds the headers a response does not set itself (headers objects may be immutable: copy when needed). */
export function withSecurityHeaders(response: Response): Response {
  let target = response;
  try {
    applySecurityHeaders(response.headers);
  } catch {
    // Headers of a fetched Response are immutable; wrap it in a new one.
    target = new Response(response.body, response);
    applySecurityHeaders(target.headers);
  }
  return target;
}

function applySecurityHeaders(headers: Headers): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (!headers.has(name)) headers.set(name, value);
  if (!headers.has('content-security-policy')) headers.set('content-security-policy', NON_PAGE_CSP);
}

/**
 * For the node http.Server in scripts/web.ts: static files are served by adapter-node's handler
 * before SvelteKit hooks run, so they get the same headers here.
 */
export function setNodeSecurityHeaders(res: { setHeader(name: string, value: string): unknown; hasHeader(name: string): boolean }): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (!res.hasHeader(name)) res.setHeader(name, value);
}
