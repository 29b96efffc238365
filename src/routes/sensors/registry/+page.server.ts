import { error, redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { may } from '$lib/server/auth/roles';
import { getRegistry } from '$lib/server/registry/handle';

/** Engineers and admins; the page edits through /api/registry and reloads this after each change. */
export const load: PageServerLoad = async ({ locals, url }) => {
  if (locals.role === 'anonymous' || locals.role === 'kiosk') redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
  if (!may(locals.role, 'engineering')) error(403, 'forbidden');
  const registry = await getRegistry();
  if (!registry) return { available: false as const, sensors: [], version: 0 };
  const [sensors, version] = await Promise.all([registry.store.list(), registry.store.version()]);
  return { available: true as const, sensors, version };
};
