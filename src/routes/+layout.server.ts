import type { LayoutServerLoad } from './$types';
import { publicCatalog } from '$lib/server/api';
import { getServerContext } from '$lib/server/context';

/** Every page gets the catalog (whitelisted fields only) so the map draws before the socket connects. */
export const load: LayoutServerLoad = () => ({ catalog: publicCatalog(getServerContext().catalog) });
