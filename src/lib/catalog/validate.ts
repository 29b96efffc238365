/**
 * Checks a parsed catalog file before anything trusts it. Pure: the caller reads the file.
 * A broken catalog is an expected failure (a typo in a hand-edited file), so it is a value listing
 * every problem found (bounded), not an exception. The rules live in one schema
 * (src/lib/schemas/catalog.ts) shared by every process.
 */
import { PantauError } from '../core/errors';
import type { Catalog } from '../core/sensor';
import { CatalogSchema } from '../schemas/catalog';
import { check } from '../schemas/issues';

export type CatalogCheck = { ok: true; catalog: Catalog } | { ok: false; errors: string[] };

export function validateCatalog(json: unknown): CatalogCheck {
  const result = check(CatalogSchema, json);
  return result.ok ? { ok: true, catalog: result.value } : { ok: false, errors: result.errors };
}

/** For a process at start: a catalog that fails validation stops it, with every problem listed. */
export function requireValidCatalog(json: unknown, source = 'sensor catalog'): Catalog {
  const result = validateCatalog(json);
  if (!result.ok) throw new PantauError('CATALOG_INVALID', `${source} is invalid:\n  ${result.errors.join('\n  ')}`);
  return result.catalog;
}
