import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getServerAuth, setSessionCookie, isHttps } from '$lib/server/auth/server-auth';
import { loginAndAudit } from '$lib/server/auth/login-flow';

/**
 * JSON login for scripts and tests: `{ user, password }` → 200 `{ user, role, expiresAt }` with the
 * session cookie; 400 INVALID_LOGIN; 429 RATE_LIMITED (too many attempts) or BUSY (the password-hash queue is full). Cross-site posts are refused in hooks.server.ts.
 */
export const POST: RequestHandler = async ({ request, cookies, url, getClientAddress }) => {
  let body: { user?: unknown; password?: unknown } = {};
  try {
    body = (await request.json()) as typeof body;
  } catch {
    return json({ error: 'body must be JSON', code: 'BAD_JSON' }, { status: 400 });
  }
  const result = await loginAndAudit(getServerAuth(), body?.user, body?.password, getClientAddress());
  if (!result.ok) {
    const status = result.reason === 'rate_limited' || result.reason === 'busy' ? 429 : 400;
    const code = result.reason === 'rate_limited' ? 'RATE_LIMITED' : result.reason === 'busy' ? 'BUSY' : result.reason === 'no_users' ? 'NO_USERS' : 'INVALID_LOGIN';
    return json({ error: 'login refused', code }, { status, headers: { 'cache-control': 'no-store' } });
  }
  setSessionCookie(cookies, result.token, isHttps(url));
  return json({ ...result.identity, expiresAt: result.expiresAt }, { headers: { 'cache-control': 'no-store' } });
};
