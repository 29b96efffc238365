/** A catalog that fails validation stops the process at start, with every problem listed (the shared schema). */
export { requireValidCatalog as loadCatalog } from '../src/lib/catalog/validate';
