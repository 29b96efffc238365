import { PantauError } from '../src/lib/core/errors';
import type { Catalog } from '../src/lib/core/sensor';
import { validateCatalog } from '../src/lib/catalog/validate';

/** A catalog that fails validation stops the process at start, with every problem listed. */
export function loadCatalog(json: unknown): Catalog {
  const result = validateCatalog(json);
  if (!result.ok) throw new PantauError('CATALOG_INVALID', `sensor catalog is invalid:\n  ${result.errors.join('\n  ')}`);
  return result.catalog;
}
