import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { requireValidCatalog, validateCatalog } from './validate';
import { pointInRing, ringArea, type Point } from './geometry';
import samarinda from './samarinda.json';

const good = () => ({
  city: 'Testkota',
  districts: [{ code: '1', name: 'A', lat: -0.5, lon: 117.1 }],
  sensors: [
    { id: 'flood-a', kind: 'flood', name: 'Gauge A', district: 'A', lat: -0.5, lon: 117.1, intervalS: 60, flood: { siaga3: 10, siaga2: 20, siaga1: 30 }, downstream: ['flood-b'] },
    { id: 'flood-b', kind: 'flood', name: 'Gauge B', district: 'A', lat: -0.5, lon: 117.1, intervalS: 60 },
    { id: 'traffic-a-n', kind: 'traffic', name: 'Simpang A', district: 'A', lat: -0.5, lon: 117.1, intervalS: 60, traffic: { freeFlowKmh: 40, capacityVehH: 1800 } }
  ]
});

function errorsOf(mutate: (c: ReturnType<typeof good>) => void): string[] {
  const c = good();
  mutate(c);
  const r = validateCatalog(c);
  return r.ok ? [] : r.errors;
}

describe('validateCatalog', () => {
  it('accepts a well-formed catalog', () => {
    expect(validateCatalog(good()).ok).toBe(true);
  });

  it('rejects broken catalogs as a list of problems, each saying where (the rules: src/lib/schemas/catalog.test.ts)', () => {
    expect(validateCatalog(null)).toEqual({ ok: false, errors: ['catalog must be a JSON object'] });
    expect(errorsOf((c) => (c.sensors[0].flood = { siaga3: 30, siaga2: 20, siaga1: 10 }))).toEqual(['sensors[0]: flood thresholds must rise: siaga3 <= siaga2 <= siaga1']);
    expect(errorsOf((c) => delete (c.sensors[2] as { traffic?: unknown }).traffic)).toEqual([expect.stringMatching(/^sensors\[2\]: traffic is required/)]);
  });

  it('stops a process at start with every problem listed (requireValidCatalog)', () => {
    expect(requireValidCatalog(good()).sensors).toHaveLength(3);
    expect(() => requireValidCatalog({ ...good(), city: '' }, 'test.json')).toThrow(expect.objectContaining({ code: 'CATALOG_INVALID', message: 'test.json is invalid:\n  city must be a non-empty string' }));
  });

  it('bounds the error list', () => {
    const c = good();
    c.sensors = Array.from({ length: 500 }, () => ({ ...c.sensors[1], id: 'BAD' }));
    const r = validateCatalog(c);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.length).toBeLessThanOrEqual(50);
  });
});

describe('the committed Samarinda catalog', () => {
  const r = validateCatalog(samarinda);
  const sensors = r.ok ? r.catalog.sensors : [];

  it('is valid, with 10 districts and at least 20 sensors of each kind', () => {
    expect(r.ok).toBe(true);
    expect(samarinda.districts).toHaveLength(10);
    for (const kind of ['traffic', 'flood', 'air']) expect(sensors.filter((s) => s.kind === kind).length).toBeGreaterThanOrEqual(20);
  });

  it('has the Benanga gauge with its spillway-relative thresholds and the Karang Mumus chain', () => {
    const benanga = sensors.find((s) => s.id === 'flood-benanga');
    expect(benanga?.flood).toEqual({ siaga3: 50, siaga2: 55, siaga1: 105 });
    expect(benanga?.downstream?.[0]).toBe('flood-gunung-lingai');
    expect(sensors.find((s) => s.id === 'flood-gunung-lingai')?.downstream?.[0]).toBe('flood-kp3');
  });

  it('gives every traffic approach a profile', () => {
    for (const s of sensors.filter((x) => x.kind === 'traffic')) expect(s.traffic?.capacityVehH).toBeGreaterThan(0);
  });

  it('ships a basemap with rivers and 10 approximate district polygons', () => {
    const geo = JSON.parse(readFileSync(new URL('../../../static/geo/samarinda-basemap.geojson', import.meta.url), 'utf8'));
    const kinds = geo.features.map((f: { properties: { kind: string } }) => f.properties.kind);
    expect(kinds.filter((k: string) => k === 'river')).toHaveLength(2);
    const districts = geo.features.filter((f: { properties: { kind: string } }) => f.properties.kind === 'district');
    expect(districts).toHaveLength(10);
    expect(districts.every((f: { properties: { approximate: boolean } }) => f.properties.approximate)).toBe(true);
    for (const f of districts) {
      const ring = f.geometry.coordinates[0] as Point[];
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      expect(ringArea(ring.slice(0, -1))).toBeGreaterThan(0); // counter-clockwise exterior (RFC 7946)
      const d = samarinda.districts.find((x) => x.name === f.properties.name)!;
      expect(pointInRing([d.lon, d.lat], ring)).toBe(true);
    }
  });
});
