import { json, type Handle, type HandleServerError, type RequestEvent } from '@sveltejs/kit';
import { getServerAuth, readCredentials, setKioskCookie, isHttps } from '$lib/server/auth/server-auth';
import { isSameOriginWrite } from '$lib/server/auth/origin';
import { withSecurityHeaders as withHeaders, type SecurityContext } from '$lib/server/auth/headers';
import { loadWebConfig } from '$lib/server/config';
import { loggablePath } from '$lib/server/ack/log-path';
import { capUndeclaredBody, refuseDeclaredBody } from '$lib/server/body-limit';

/**
 * Reachable without a session even when PANTAU_ANONYMOUS_READ=false. `/publik`, `/api/public` and
 * `/api/open` are for residents and partners: they carry only whitelisted fields (server/public,
 * server/open-data) and have their own per-address rate limits. `/api/cap` is the CAP 1.2 feed for
 * other systems (BPBD, sirens, broadcasters), which hold no Pantau login: emergency alerts only, with
 * the whitelisted fields of server/cap. `/ack/<token>` is an acknowledge link
 * from a message: the signed single-use token is the credential (server/ack), nothing else opens.
 */
const PUBLIC_PATHS = ['/login', '/api/auth/login', '/api/health', '/publik', '/api/public', '/api/open', '/api/cap', '/ack'];
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function isPublic(pathname: string): boolean {
  return PUBLIC_PATHS.some((p) => pathname === p || pathname.startsWith(p + '/'));
}

/**
 * CSRF for every state-changing request (forms, JSON, anything): a browser's Origin must name this
 * site, scheme, host and port (or be `null` with Sec-Fetch-Site same-origin), and fetch metadata must
 * not say cross-site. This replaces SvelteKit's own form check (off in svelte.config.js) because that
 * one compares against adapter-node's guessed https origin, which refuses every form on a plain-http
 * server started without ORIGIN; the scheme here is https only when it is known (isHttps).
 */
function isCrossSiteWrite(event: RequestEvent, ctx: SecurityContext): boolean {
  if (SAFE_METHODS.has(event.request.method)) return false;
  const h = event.request.headers;
  return !isSameOriginWrite(h.get('origin'), h.get('sec-fetch-site'), `${ctx.https ? 'https' : 'http'}://${ctx.host}`);
}

/** Who is asking: session cookie, kiosk token (URL once, then cookie), or anonymous when allowed. */
function identify(event: RequestEvent) {
  const { gate } = getServerAuth();
  const now = Date.now();
  const credentials = readCredentials(event.cookies);
  const urlToken = event.url.searchParams.get('kiosk');
  if (urlToken && gate.isKioskToken(urlToken)) {
    const person = gate.authenticate({ session: credentials.session }, now);
    if (person) return person; // a logged-in person stays themselves on a kiosk URL
    setKioskCookie(event.cookies, urlToken, isHttps(event.url));
    return gate.authenticate({ kiosk: urlToken }, now);
  }
  return gate.viewer(credentials, now);
}

export const handle: Handle = async ({ event, resolve }) => {
  // The map fetches a city's basemap style, tiles, sprites and fonts from that server: the CSP must let it.
  const ctx: SecurityContext = { https: isHttps(event.url), host: event.url.host, connectOrigins: loadWebConfig().basemap.connectOrigins };
  const withSecurityHeaders = (response: Response) => withHeaders(response, ctx);
  if (isCrossSiteWrite(event, ctx)) {
    return withSecurityHeaders(json({ error: 'cross-site request refused', code: 'CSRF' }, { status: 403 }));
  }
  // Before any route parses it, and the same under `npm run dev` (which has no BODY_SIZE_LIMIT) as in production.
  const oversize = await refuseDeclaredBody(event.request, event.url.pathname);
  if (oversize) return withSecurityHeaders(oversize);
  event.request = capUndeclaredBody(event.request, event.url.pathname);
  const identity = identify(event);
  event.locals.identity = identity;
  event.locals.user = identity?.user ?? 'anonymous';
  event.locals.role = identity?.role ?? 'anonymous';
  if (!identity && !isPublic(event.url.pathname)) {
    if (event.url.pathname.startsWith('/api/')) {
      return withSecurityHeaders(json({ error: 'login required', code: 'UNAUTHENTICATED' }, { status: 401 }));
    }
    const location = `/login?next=${encodeURIComponent(event.url.pathname + event.url.search)}`;
    return withSecurityHeaders(new Response(null, { status: 303, headers: { location } }));
  }
  return withSecurityHeaders(await resolve(event));
};

/**
 * Unexpected errors are logged with an id and never shown in detail to the browser. A client's own
 * mistake (a 4xx: a malformed body, a bad path) is one log line without a stack: anyone can send one.
 */
export const handleError: HandleServerError = ({ error, event, status, message }) => {
  const id = Math.random().toString(36).slice(2, 10);
  const where = `${event.request.method} ${loggablePath(event.url.pathname)}`;
  if (status >= 400 && status < 500) {
    if (status !== 404) console.error(`[web] client error ${status} ${id} on ${where}: ${String((error as Error)?.message ?? error).slice(0, 200)}`);
    return { message };
  }
  console.error(`[web] error ${id} on ${where}:`, error);
  return { message: `Internal error (${id})` };
};
