import { describe, it, expect } from 'vitest';
import { CatalogSchema } from './catalog';
import { check } from './issues';
import samarinda from '../catalog/samarinda.json';

type Mutable = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const good = (): Mutable => ({
  city: 'Testkota',
  districts: [
    { code: '1', name: 'A', lat: -0.5, lon: 117.1 },
    { code: '2', name: 'B', lat: -0.4, lon: 117.2 }
  ],
  sensors: [
    { id: 'flood-a', kind: 'flood', name: 'Gauge A', district: 'A', lat: -0.5, lon: 117.1, intervalS: 60, flood: { siaga3: 10, siaga2: 20, siaga1: 30 }, downstream: ['flood-b'] },
    { id: 'flood-b', kind: 'flood', name: 'Gauge B', district: 'A', lat: -0.5, lon: 117.1, intervalS: 60 },
    { id: 'traffic-a-n', kind: 'traffic', name: 'Simpang A', district: 'B', lat: -0.5, lon: 117.1, intervalS: 60, traffic: { freeFlowKmh: 40, capacityVehH: 1800 } },
    { id: 'air-a', kind: 'air', name: 'Udara A', district: 'B', lat: -0.5, lon: 117.1, intervalS: 300 }
  ]
});

function problems(mutate: (c: Mutable) => void): string[] {
  const c = good();
  mutate(c);
  const r = check(CatalogSchema, c);
  return r.ok ? [] : r.errors;
}

describe('CatalogSchema', () => {
  it('accepts a well-formed catalog and the shipped Samarinda catalog', () => {
    expect(check(CatalogSchema, good()).ok).toBe(true);
    expect(check(CatalogSchema, samarinda)).toMatchObject({ ok: true });
  });

  it('keeps fields it has no rule for (a newer catalog still loads)', () => {
    const r = check(CatalogSchema, { ...good(), note: 'x' });
    expect(r.ok && (r.value as Mutable).note).toBe('x');
  });

  const refused: Array<[string, (c: Mutable) => void, string]> = [
    ['blank city', (c) => (c.city = '  '), 'city must be a non-empty string'],
    ['no districts', (c) => (c.districts = []), 'districts must be a non-empty array'],
    ['district not an object', (c) => (c.districts[1] = 'B'), 'districts[1]: must be an object'],
    ['district without code', (c) => delete c.districts[0].code, 'districts[0]: code is required'],
    ['duplicate district', (c) => c.districts.push({ ...c.districts[0] }), 'districts[2]: duplicate district "A"'],
    ['no sensors', (c) => (c.sensors = []), 'sensors must be a non-empty array'],
    ['sensor not an object', (c) => (c.sensors[3] = null), 'sensors[3]: must be an object'],
    ['bad id', (c) => (c.sensors[0].id = 'Flood A'), 'sensors[0]: id must match /^[a-z0-9][a-z0-9_-]{0,63}$/'],
    ['duplicate id', (c) => (c.sensors[3].id = 'traffic-a-n'), 'sensors[3]: duplicate id "traffic-a-n"'],
    ['unknown kind', (c) => (c.sensors[3].kind = 'noise'), 'sensors[3]: kind must be traffic, flood, air'],
    ['unknown district', (c) => (c.sensors[0].district = 'Nowhere'), 'sensors[0]: district "Nowhere" is not in districts'],
    ['latitude off the globe', (c) => (c.sensors[0].lat = 123), 'sensors[0]: lat must be a number in [-90, 90]'],
    ['longitude as text', (c) => (c.sensors[0].lon = '117'), 'sensors[0]: lon must be a number in [-180, 180]'],
    ['no interval', (c) => delete c.sensors[1].intervalS, 'sensors[1]: intervalS is required'],
    ['zero interval', (c) => (c.sensors[0].intervalS = 0), 'sensors[0]: intervalS must be a number in (0, 86400] seconds'],
    ['flood thresholds falling', (c) => (c.sensors[0].flood = { siaga3: 30, siaga2: 20, siaga1: 10 }), 'sensors[0]: flood thresholds must rise: siaga3 <= siaga2 <= siaga1'],
    ['Siaga 2 above Siaga 1', (c) => (c.sensors[0].flood.siaga2 = 31), 'sensors[0]: flood thresholds must rise: siaga3 <= siaga2 <= siaga1'],
    ['flood threshold off the gauge', (c) => (c.sensors[0].flood.siaga1 = 5000), 'sensors[0].flood: siaga1 must be a number in [-500, 3000] cm'],
    ['flood thresholds missing one', (c) => delete c.sensors[0].flood.siaga2, 'sensors[0].flood: siaga2 is required'],
    ['flood not an object', (c) => (c.sensors[0].flood = 100), 'sensors[0]: flood must be {siaga3, siaga2, siaga1}'],
    ['traffic sensor without profile', (c) => delete c.sensors[2].traffic, 'sensors[2]: traffic is required for a traffic sensor: {freeFlowKmh, capacityVehH}'],
    ['zero free-flow speed', (c) => (c.sensors[2].traffic.freeFlowKmh = 0), 'sensors[2].traffic: freeFlowKmh must be a number in (0, 200] km/h'],
    ['capacity beyond any road', (c) => (c.sensors[2].traffic.capacityVehH = 1e6), 'sensors[2].traffic: capacityVehH must be a number in (0, 12000] veh/h'],
    ['downstream not a list', (c) => (c.sensors[0].downstream = 'flood-b'), 'sensors[0]: downstream must be an array of sensor ids'],
    ['downstream to a road', (c) => (c.sensors[0].downstream = ['traffic-a-n']), 'sensor flood-a: downstream "traffic-a-n" is not a flood sensor here'],
    ['downstream to itself', (c) => (c.sensors[0].downstream = ['flood-a']), 'sensor flood-a: lists itself downstream'],
    ['downstream unknown', (c) => (c.sensors[0].downstream = ['flood-z']), 'sensor flood-a: downstream "flood-z" is not a flood sensor here']
  ];

  it.each(refused)('refuses %s, saying where', (_name, mutate, expected) => {
    expect(problems(mutate)).toEqual([expected]);
  });

  it('refuses what is not an object at all', () => {
    for (const x of [null, [], 'catalog', 42]) expect(check(CatalogSchema, x)).toEqual({ ok: false, errors: ['catalog must be a JSON object'] });
  });

  it('lists several problems at once, bounded', () => {
    expect(problems((c) => ((c.city = ''), (c.sensors[0].lat = 99)))).toEqual(['city must be a non-empty string', 'sensors[0]: lat must be a number in [-90, 90]']);
    const many = good();
    many.sensors = Array.from({ length: 500 }, () => ({ ...many.sensors[1], id: 'BAD' }));
    const r = check(CatalogSchema, many);
    expect(r.ok === false && r.errors.length).toBe(50);
  });
});
