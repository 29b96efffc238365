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
    const form = await request.formData();
    const user = form.get('user');
    const result = await loginAndAudit(getServerAuth(), user, form.get('password'), getClientAddress());
    if (!result.ok) {
      return fail(result.reason === 'rate_limited' ? 429 : 400, { user: typeof user === 'string' ? user.slice(0, 64) : '', reason: result.reason });
    }
    setSessionCookie(cookies, result.token, isHttps(url));
    redirect(303, safeNextPath(String(form.get('next') ?? '/')));
  }
};
