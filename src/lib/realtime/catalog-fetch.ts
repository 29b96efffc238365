/**
 * How a wall gets the registry's newer catalog without re-running the root layout's load: SvelteKit
 * turns a failed `__data.json` (a network error, a proxy's 502) into a full navigation, which leaves an
 * unattended wall on the proxy's error page, without scripts, for good. Here the catalog comes from
 * `/api/catalog` and is taken only when whole; anything else is data, and the wall keeps the one it has.
 */
import type { Catalog } from '../core/sensor';
import type { CatalogAsk } from './wall-upkeep';

/** Response header of `/api/catalog`: the registry version the catalog is (absent: the catalog file). */
export const CATALOG_VERSION_HEADER = 'x-pantau-catalog-version';

export interface VersionedCatalog {
  catalog: Catalog;
  /** The registry version; null for the catalog file, which never changes while running. */
  version: number | null;
}

export type CatalogFetch = { ok: true; value: VersionedCatalog } | { ok: false; reason: string };

/** Enough of a catalog's shape that the wall can draw it (the server sends publicCatalog's fields). */
function looksLikeCatalog(body: unknown): body is Catalog {
  if (!body || typeof body !== 'object') return false;
  const c = body as Partial<Catalog>;
  return typeof c.city === 'string' && Array.isArray(c.districts) && Array.isArray(c.sensors) &&
    c.sensors.every((s) => !!s && typeof s.id === 'string' && typeof s.name === 'string' && typeof s.kind === 'string');
}

function parseVersion(raw: string | null): number | null {
  const n = raw == null || raw === '' ? NaN : Number(raw);
  return Number.isInteger(n) ? n : null;
}

/** Fetches the catalog; never throws: a network error, a non-200 or a body that is not a catalog is `ok: false`. */
export async function fetchCatalog(fetchFn: typeof fetch = fetch): Promise<CatalogFetch> {
  let res: Response;
  try {
    res = await fetchFn('/api/catalog', { cache: 'no-store', credentials: 'same-origin' });
  } catch (err) {
    return { ok: false, reason: `network: ${(err as Error).message}` };
  }
  if (res.status !== 200) return { ok: false, reason: `HTTP ${res.status}` };
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (!looksLikeCatalog(body)) return { ok: false, reason: 'not a catalog' };
  return { ok: true, value: { catalog: body, version: parseVersion(res.headers.get(CATALOG_VERSION_HEADER)) } };
}

/** The newer of two versioned catalogs (the first on a tie or without versions): what the wall shows. */
export function newerCatalog(a: VersionedCatalog, b: VersionedCatalog | null): VersionedCatalog {
  if (!b || b.version == null || (a.version != null && a.version >= b.version)) return a;
  return b;
}

/**
 * One refresh of the wall's catalog for the version `ask` names: the catalog to show afterwards (the
 * fetched one only when it came whole and is newer) and the ask with its failures counted for the backoff.
 */
export async function refreshCatalog(shown: VersionedCatalog, ask: CatalogAsk, fetchFn: typeof fetch = fetch): Promise<{ shown: VersionedCatalog; ask: CatalogAsk; failed?: string }> {
  const got = await fetchCatalog(fetchFn);
  if (!got.ok) return { shown, ask: { ...ask, failures: ask.failures + 1 }, failed: got.reason };
  return { shown: newerCatalog(shown, got.value), ask: { ...ask, failures: 0 } };
}
