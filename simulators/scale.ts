/** Load tests: every sensor cloned n times (`<id>-x<k>`, k = 2…n), so n × the catalog publishes. */
import type { Catalog, Sensor } from '../src/lib/core/sensor';
import { PantauError } from '../src/lib/core/errors';

export const MAX_SCALE = 10_000;

export function cloneId(id: string, k: number): string {
  return `${id}-x${k}`;
}

export function scaleCatalog(catalog: Catalog, n: number): Catalog {
  if (!Number.isInteger(n) || n < 1 || n > MAX_SCALE) throw new PantauError('BAD_SCALE', `scale must be an integer in [1, ${MAX_SCALE}]`);
  if (n === 1) return catalog;
  const clones: Sensor[] = [];
  for (let k = 2; k <= n; k++) {
    for (const s of catalog.sensors) {
      const clone: Sensor = { ...s, id: cloneId(s.id, k) };
      // Clones form their own river chain, so flood warnings propagate inside each copy.
      if (s.downstream) clone.downstream = s.downstream.map((d) => cloneId(d, k));
      clones.push(clone);
    }
  }
  return { ...catalog, sensors: [...catalog.sensors, ...clones] };
}
