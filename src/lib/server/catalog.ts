import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PantauError } from '../core/errors';
import type { Catalog } from '../core/sensor';
import { requireValidCatalog } from '../catalog/validate';

/**
 * Loads the sensor catalog once per process. The file is trusted configuration, but a typo in it
 * must stop the server at start with a clear message, not surface later as a broken map; it is
 * checked by the same schema as the ingest's, so both processes accept the same files.
 */
export function loadCatalog(path: string): Catalog {
  const file = resolve(process.cwd(), path);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new PantauError('CATALOG_READ', `cannot read catalog ${file}: ${(cause as Error).message}`, { cause });
  }
  return requireValidCatalog(raw, file);
}
