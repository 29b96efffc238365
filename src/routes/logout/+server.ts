import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { clearSessionCookie, getServerAuth, isHttps, readCredentials } from '$lib/server/auth/server-auth';
import { logoutDetail } from '$lib/server/auth/revocation-sync';
import { auditDetail } from '$lib/i18n/audit-detail';

/**
 * POST only (the Origin is checked in hooks.server.ts): a GET link could log people out from another
 * site. The session is revoked server side, so a copy of the cookie stops working too; the audit entry
 * names the session, which is how other command centers and a restarted one learn of it (revocation-sync.ts).
 */
export const POST: RequestHandler = ({ locals, cookies, url, getClientAddress }) => {
  const { gate, audit } = getServerAuth();
  const revoked = gate.logout(readCredentials(cookies).session, Date.now());
  if (revoked && locals.identity && locals.role !== 'anonymous' && locals.role !== 'kiosk') {
    const address = getClientAddress();
    // The sentence is what other command centers read the session from (revocation-sync.ts): checked to stay the same.
    const said = auditDetail('logout', { address, sid: revoked.sid, untilAt: revoked.exp });
    const detail = logoutDetail(address, revoked.sid, revoked.exp);
    audit.record({ at: Date.now(), user: locals.user, role: locals.role, action: 'logout', target: locals.user, ok: true, ...said, detail });
  }
  clearSessionCookie(cookies, isHttps(url));
  redirect(303, '/login');
};
