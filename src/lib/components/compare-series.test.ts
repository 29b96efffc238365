import { describe, it, expect } from 'vitest';
import type { Catalog, Sensor } from '../core/sensor';
import { compareCandidates, formatCompareIds, MAX_COMPARE_SENSORS, parseCompareIds, SERIES_STYLES } from './compare-series';

const sensor = (id: string, kind: Sensor['kind'], lat = 0): Sensor => ({ id, kind, name: id, district: 'd', lat, lon: 117, intervalS: 60 });
const catalog: Catalog = {
  city: 'Test',
  districts: [],
  sensors: [sensor('f1', 'flood', 0), sensor('f2', 'flood', 0.3), sensor('f3', 'flood', 0.1), sensor('a1', 'air'), ...[4, 5, 6, 7, 8].map((n) => sensor(`f${n}`, 'flood', n))]
};

describe('parseCompareIds', () => {
  it('accepts known sensors of one kind in the given order, duplicates once', () => {
    const sel = parseCompareIds('f2, f1,f2,', catalog);
    expect(sel.ok && sel.sensors.map((s) => s.id)).toEqual(['f2', 'f1']);
    expect(sel.ok && sel.kind).toBe('flood');
  });

  it('refuses none, unknown, mixed kinds and more than the maximum', () => {
    expect(parseCompareIds(null, catalog)).toMatchObject({ ok: false, reason: 'none' });
    expect(parseCompareIds('f1,nope', catalog)).toEqual({ ok: false, reason: 'unknown', ids: ['nope'] });
    // one that cannot be a sensor id is named too (the load never asks for its history)
    expect(parseCompareIds('f1,<b>,F2', catalog)).toEqual({ ok: false, reason: 'unknown', ids: ['<b>', 'F2'] });
    expect(parseCompareIds('f1,a1', catalog)).toMatchObject({ ok: false, reason: 'mixed' });
    const seven = ['f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7'];
    expect(seven.length).toBeGreaterThan(MAX_COMPARE_SENSORS);
    expect(parseCompareIds(seven.join(','), catalog)).toMatchObject({ ok: false, reason: 'tooMany' });
    expect(parseCompareIds(seven.slice(0, MAX_COMPARE_SENSORS).join(','), catalog).ok).toBe(true);
  });
});

describe('compare helpers', () => {
  it('adds and removes ids', () => {
    expect(formatCompareIds(['f1', 'f2'], { add: 'f3' })).toBe('f1,f2,f3');
    expect(formatCompareIds(['f1', 'f2'], { add: 'f1' })).toBe('f2,f1');
    expect(formatCompareIds(['f1', 'f2'], { remove: 'f1' })).toBe('f2');
  });

  it('offers same-kind sensors not chosen, nearest first, none once full', () => {
    expect(compareCandidates([catalog.sensors[0]], catalog).map((s) => s.id).slice(0, 3)).toEqual(['f3', 'f2', 'f4']);
    const full = catalog.sensors.filter((s) => s.kind === 'flood').slice(0, MAX_COMPARE_SENSORS);
    expect(compareCandidates(full, catalog)).toEqual([]);
  });

  it('gives every compared sensor its own colour and its own dash pattern', () => {
    expect(SERIES_STYLES).toHaveLength(MAX_COMPARE_SENSORS);
    expect(new Set(SERIES_STYLES.map((s) => s.color)).size).toBe(MAX_COMPARE_SENSORS);
    expect(new Set(SERIES_STYLES.map((s) => s.dash)).size).toBe(MAX_COMPARE_SENSORS);
  });
});
