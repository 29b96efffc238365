import type { LayoutServerLoad } from './$types';
import { publicCatalog } from '$lib/server/api';
import { getServerContext } from '$lib/server/context';
import { ROLE_PERMISSIONS } from '$lib/server/auth/roles';
import { loadWebConfig } from '$lib/server/config';
import { findRegistry } from '$lib/server/registry/handle';

/** Every page gets the catalog (whitelisted fields only, so the map draws before the socket connects) and the viewer. */
export const load: LayoutServerLoad = ({ locals }) => {
  // Read before the catalog: an edit in between then leaves the page a version behind (asked again), never ahead.
  const catalogVersion = findRegistry()?.current().version ?? null;
  return {
    catalog: publicCatalog(getServerContext().catalog),
    // The registry's version of that catalog (null: the catalog file, which never changes while running).
    catalogVersion,
    // Who is looking (set in hooks.server.ts): for the header's name and for hiding actions the role may not take.
    viewer: { user: locals.user, role: locals.role, permissions: [...ROLE_PERMISSIONS[locals.role]] },
    // Which basemap the map draws (PANTAU_BASEMAP); MapView reads it from the page data.
    basemap: loadWebConfig().basemap.choice
  };
};
