import { describe, expect, it } from 'vitest';
import catalogFile from '../../catalog/samarinda.json';
import type { Catalog } from '../../core/sensor';
import { buildCatalog, checkAlone, checkCandidate, diffSensors, parseReason, relabelErrors, type RegisteredSensor } from './model';
import { applyChanges } from './rows';
import { orderMigrations } from './migrate';

const catalog = catalogFile as unknown as Catalog;
const base = { city: catalog.city, districts: catalog.districts };
const flood = catalog.sensors.find((s) => s.kind === 'flood')!;
const registered = (over: Partial<RegisteredSensor> = {}): RegisteredSensor => ({ ...flood, status: 'active', revision: 1, updatedAt: 0, updatedBy: 'x', ...over });

describe('registry model', () => {
  it('accepts the catalog file as it is', () => {
    expect(checkCandidate(base, catalog.sensors)).toEqual({ ok: true });
  });

  it('names the sensor in a refusal instead of its array position', () => {
    const broken = catalog.sensors.map((s) => (s.id === flood.id ? { ...s, flood: { siaga3: 300, siaga2: 200, siaga1: 100 } } : s));
    const check = checkCandidate(base, broken);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.errors.join('\n')).toContain(`sensor ${flood.id}`);
  });

  it('refuses a link to a sensor that is not in the catalog (decommissioning a linked gauge)', () => {
    const target = flood.downstream![0];
    const check = checkCandidate(base, catalog.sensors.filter((s) => s.id !== target));
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.errors.join('\n')).toContain(target);
  });

  it('checks one row alone with its label, links left for the whole catalog', () => {
    expect(checkAlone(base, { ...flood, downstream: ['nowhere'] }, 'row 2')).toEqual([]);
    const errors = checkAlone(base, { ...flood, lat: 95, district: 'Atlantis' }, 'row 7');
    expect(errors.length).toBeGreaterThanOrEqual(1);
    for (const e of errors) expect(e).toContain('row 7');
  });

  it('relabels both index styles', () => {
    expect(relabelErrors(['sensors[2]: bad', 'sensors.0.lat bad', 'city bad'], (i) => `row ${i + 2}`)).toEqual(['row 4: bad', 'row 2.lat bad', 'city bad']);
  });

  it('leaves decommissioned sensors and registry bookkeeping out of the catalog', () => {
    const out = buildCatalog(base, [registered(), registered({ id: 'gone', status: 'decommissioned' })]);
    expect(out.sensors.map((s) => s.id)).toEqual([flood.id]);
    expect(out.sensors[0]).not.toHaveProperty('revision');
    expect(out.sensors[0]).not.toHaveProperty('status');
  });

  it('diffs nested thresholds field by field', () => {
    const before = { ...flood, flood: { siaga3: 240, siaga2: 250, siaga1: 260 } };
    const after = { ...before, flood: { ...before.flood, siaga3: 230 }, revision: 2 };
    expect(diffSensors(before, after)).toEqual([{ field: 'flood.siaga3', from: 240, to: 230 }]);
    expect(diffSensors(null, { id: 'a' })).toEqual([{ field: 'id', from: null, to: 'a' }]);
  });

  it('requires a reason', () => {
    expect(parseReason('  ').ok).toBe(false);
    expect(parseReason(undefined).ok).toBe(false);
    expect(parseReason('x'.repeat(501)).ok).toBe(false);
    expect(parseReason(' gauge recalibrated ')).toEqual({ ok: true, reason: 'gauge recalibrated' });
  });
});

describe('applyChanges', () => {
  it('changes editable fields and removes with null', () => {
    const r = applyChanges(registered(), { name: 'Baru', downstream: null, status: 'maintenance' });
    expect(r.ok && r.next).toMatchObject({ name: 'Baru', status: 'maintenance' });
    expect(r.ok && 'downstream' in r.next).toBe(false);
  });

  it('refuses id, kind, unknown fields, decommission and empty changes', () => {
    const r = applyChanges(registered(), { id: 'x', kind: 'air', colour: 'red', status: 'decommissioned' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toHaveLength(4);
    expect(applyChanges(registered(), {}).ok).toBe(false);
    expect(applyChanges(registered(), 'name=x').ok).toBe(false);
  });
});

describe('orderMigrations', () => {
  it('sorts by name and refuses stray files', () => {
    expect(orderMigrations(['002_b.sql', '001_a.sql'])).toEqual(['001_a.sql', '002_b.sql']);
    expect(() => orderMigrations(['001_a.sql', 'notes.sql'])).toThrow(/notes\.sql/);
  });
});
