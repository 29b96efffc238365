import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { clearSessionCookie, getServerAuth, isHttps, readCredentials } from '$lib/server/auth/server-auth';

/**
 * POST only (the Origin is checked in hooks.server.ts): a GET link could log people out from another
 * site. The session is revoked server side, so a copy of the cookie stops working too.
 */
export const POST: RequestHandler = ({ locals, cookies, url, getClientAddress }) => {
  const { gate, audit } = getServerAuth();
  const revoked = gate.logout(readCredentials(cookies).session, Date.now());
  if (revoked && locals.identity && locals.role !== 'anonymous' && locals.role !== 'kiosk') {
    audit.record({ at: Date.now(), user: locals.user, role: locals.role, action: 'logout', target: locals.user, ok: true, detail: `from ${getClientAddress()}` });
  }
  clearSessionCookie(cookies, isHttps(url));
  redirect(303, '/login');
};
