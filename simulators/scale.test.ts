import { describe, it, expect } from 'vitest';
import type { Catalog } from '../src/lib/core/sensor';
import { validateCatalog } from '../src/lib/catalog/validate';
import samarinda from '../src/lib/catalog/samarinda.json';
import { scaleCatalog } from './scale';

describe('scaleCatalog', () => {
  it('clones every sensor with -x<k> ids and its own river chain, and stays valid', () => {
    const scaled = scaleCatalog(samarinda as Catalog, 3);
    expect(scaled.sensors).toHaveLength(samarinda.sensors.length * 3);
    expect(scaled.sensors.find((s) => s.id === 'flood-benanga-x3')?.downstream?.[0]).toBe('flood-gunung-lingai-x3');
    expect(validateCatalog(scaled).ok).toBe(true);
  });

  it('returns the catalog itself at scale 1 and refuses nonsense', () => {
    expect(scaleCatalog(samarinda as Catalog, 1)).toBe(samarinda);
    expect(() => scaleCatalog(samarinda as Catalog, 0)).toThrow(/scale/);
  });
});
