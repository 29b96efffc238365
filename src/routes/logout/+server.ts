import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { clearSessionCookie, getServerAuth, isHttps } from '$lib/server/auth/server-auth';

/** POST only (SvelteKit checks the form's Origin): a GET link could log people out from another site. */
export const POST: RequestHandler = ({ locals, cookies, url, getClientAddress }) => {
  if (locals.identity && locals.role !== 'anonymous' && locals.role !== 'kiosk') {
    getServerAuth().audit.record({ at: Date.now(), user: locals.user, role: locals.role, action: 'logout', target: locals.user, ok: true, detail: `from ${getClientAddress()}` });
  }
  clearSessionCookie(cookies, isHttps(url));
  redirect(303, '/login');
};
