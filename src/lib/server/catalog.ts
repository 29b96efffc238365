import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PantauError } from '../core/errors';
import { SENSOR_ID_PATTERN, isSensorKind, type Catalog, type Sensor } from '../core/sensor';

/**
 * Loads the sensor catalog once per process. The file is trusted configuration, but a typo in it
 * must stop the server at start with a clear message, not surface later as a broken map.
 */
export function loadCatalog(path: string): Catalog {
  const file = resolve(process.cwd(), path);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new PantauError('CATALOG_READ', `cannot read catalog ${file}: ${(cause as Error).message}`, false, { cause });
  }
  return parseCatalog(raw, file);
}

export function parseCatalog(raw: unknown, source = 'catalog'): Catalog {
  const c = raw as Partial<Catalog> | null;
  if (!c || typeof c !== 'object' || typeof c.city !== 'string' || !Array.isArray(c.sensors)) {
    throw new PantauError('CATALOG_SHAPE', `${source}: expected {city, districts, sensors}`);
  }
  const seen = new Set<string>();
  for (const s of c.sensors as Sensor[]) {
    const ok =
      s && typeof s.id === 'string' && SENSOR_ID_PATTERN.test(s.id) && isSensorKind(s.kind) &&
      Number.isFinite(s.lat) && Number.isFinite(s.lon) && typeof s.district === 'string';
    if (!ok) throw new PantauError('CATALOG_SENSOR', `${source}: bad sensor entry ${JSON.stringify(s).slice(0, 120)}`);
    if (seen.has(s.id)) throw new PantauError('CATALOG_SENSOR', `${source}: duplicate sensor id ${s.id}`);
    seen.add(s.id);
  }
  return { city: c.city, districts: Array.isArray(c.districts) ? c.districts : [], sensors: c.sensors as Sensor[] };
}
