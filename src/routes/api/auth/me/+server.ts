import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { ROLE_PERMISSIONS } from '$lib/server/auth/roles';

/** Who this browser is and what it may do (the UI hides buttons it may not use; the server still checks). */
export const GET: RequestHandler = ({ locals }) =>
  json({ user: locals.user, role: locals.role, permissions: ROLE_PERMISSIONS[locals.role] }, { headers: { 'cache-control': 'no-store' } });
