import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { publicCatalog } from '$lib/server/api';
import { getServerContext } from '$lib/server/context';
import { findRegistry } from '$lib/server/registry/handle';
import { CATALOG_VERSION_HEADER } from '$lib/realtime/catalog-fetch';

/** The catalog, with the registry version it is (a wall compares it with the live status's); none for the catalog file. */
export const GET: RequestHandler = () => {
  const version = findRegistry()?.current().version;
  return json(publicCatalog(getServerContext().catalog), { headers: version == null ? {} : { [CATALOG_VERSION_HEADER]: String(version) } });
};
