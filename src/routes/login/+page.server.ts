import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getServerAuth, setSessionCookie, isHttps } from '$lib/server/auth/server-auth';
import { loginAndAudit, safeNextPath } from '$lib/server/auth/login-flow';

export const load: PageServerLoad = ({ locals, url }) => ({
  identity: locals.identity,
  next: safeNextPath(url.searchParams.get('next')),
  hasUsers: getServerAuth().gate.users.size > 0
});

export const actions: Actions = {
  default: async ({ request, cookies, getClientAddress, url }) => {
    let form: FormData;
    try {
      form = await request.formData();
    } catch {
      // A malformed body is the client's mistake: a plain 400, not a logged stack trace.
      return fail(400, { user: '', reason: 'invalid' as const });
    }
    const user = form.get('user');
    const result = await loginAndAudit(getServerAuth(), user, form.get('password'), getClientAddress());
    if (!result.ok) {
      const status = result.reason === 'rate_limited' || result.reason === 'busy' ? 429 : 400;
      return fail(status, { user: typeof user === 'string' ? user.slice(0, 64) : '', reason: result.reason });
    }
    setSessionCookie(cookies, result.token, isHttps(url));
    redirect(303, safeNextPath(String(form.get('next') ?? '/')));
  }
};
