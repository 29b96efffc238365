import { describe, expect, it } from 'vitest';
import type { Catalog, Sensor } from '../src/lib/core/sensor';
import { changedAspects, describeDiff, diffCatalogs, isEmptyDiff } from './catalog-diff';
import { AIR, BENANGA, CATALOG, GUNUNG_LINGAI, KP3, ROAD } from './detect/test-support';

const withSensors = (sensors: Sensor[]): Catalog => ({ ...CATALOG, sensors });
const replace = (s: Sensor) => withSensors(CATALOG.sensors.map((x) => (x.id === s.id ? s : x)));

describe('catalog diff', () => {
  it('is empty for the same catalog, also when rebuilt from JSON', () => {
    const d = diffCatalogs(CATALOG, JSON.parse(JSON.stringify(CATALOG)));
    expect(isEmptyDiff(d)).toBe(true);
    expect(describeDiff(d)).toBe('0 changed, 0 added, 0 removed');
  });

  it('names what changed in a sensor', () => {
    expect(changedAspects(KP3, { ...KP3, flood: { siaga3: 150, siaga2: 218, siaga1: 240 } })).toEqual(['thresholds']);
    expect(changedAspects(ROAD, { ...ROAD, traffic: { freeFlowKmh: 40, capacityVehH: 2000 } })).toEqual(['traffic']);
    expect(changedAspects(AIR, { ...AIR, intervalS: 300 })).toEqual(['interval']);
    expect(changedAspects(AIR, { ...AIR, district: 'Sungai Pinang' })).toEqual(['name']);
    expect(changedAspects(AIR, { ...AIR, lat: -0.49 })).toEqual(['place']);
    expect(changedAspects(AIR, { ...AIR, note: 'kalibrasi' } as Sensor)).toEqual(['other']);
    expect(changedAspects(KP3, { ...KP3, downstream: ['gunung-lingai'] })).toEqual(['links']);
    // Keys in another order are the same sensor.
    expect(changedAspects(KP3, { ...KP3, flood: { siaga1: 240, siaga2: 218, siaga3: 200 } })).toEqual(['thresholds']);
  });

  it('a threshold change of a gauge is a links change of the gauges linked to it', () => {
    const d = diffCatalogs(CATALOG, replace({ ...BENANGA, flood: { siaga3: 100, siaga2: 120, siaga1: 140 } }));
    expect(d.changed.map((c) => [c.sensor.id, c.aspects])).toEqual([
      ['benanga', ['thresholds']],
      ['gunung-lingai', ['links']],
      ['kp3', ['links']]
    ]);
    expect(describeDiff(d)).toBe('3 changed (benanga thresholds, gunung-lingai links, kp3 links), 0 added, 0 removed');
  });

  it('a place or a note of a linked gauge changes nothing for its neighbours', () => {
    const d = diffCatalogs(CATALOG, replace({ ...BENANGA, lat: -0.4 }));
    expect(d.changed.map((c) => [c.sensor.id, c.aspects])).toEqual([['benanga', ['place']]]);
  });

  it('lists added and removed sensors; removing a gauge changes the links of the gauge it listed', () => {
    const added: Sensor = { ...AIR, id: 'air-2' };
    const next = withSensors([{ ...BENANGA, downstream: ['gunung-lingai'] }, GUNUNG_LINGAI, AIR, ROAD, added]);
    const d = diffCatalogs(CATALOG, next);
    expect(d.added.map((s) => s.id)).toEqual(['air-2']);
    expect(d.removed).toEqual(['kp3']);
    expect(d.changed.map((c) => [c.sensor.id, c.aspects])).toEqual([['benanga', ['links']]]);
    expect(describeDiff(d)).toBe('1 changed (benanga links), 1 added (air-2), 1 removed (kp3)');
  });

  it('a new gauge listing one as downstream changes that one (its upstream)', () => {
    const up: Sensor = { ...KP3, id: 'hulu', downstream: ['kp3'] };
    const d = diffCatalogs(CATALOG, withSensors([...CATALOG.sensors, up]));
    expect(d.added.map((s) => s.id)).toEqual(['hulu']);
    expect(d.changed.map((c) => [c.sensor.id, c.aspects])).toEqual([['kp3', ['links']]]);
  });

  it('a sensor whose kind changed is removed and added, not changed', () => {
    const d = diffCatalogs(CATALOG, replace({ ...ROAD, kind: 'air', traffic: undefined } as Sensor));
    expect([d.removed, d.added.map((s) => s.id), d.changed]).toEqual([['road-1'], ['road-1'], []]);
  });

  it('names at most ten sensors per list in the log line', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ ...AIR, id: `air-${i + 10}` }));
    const line = describeDiff(diffCatalogs(CATALOG, withSensors([...CATALOG.sensors, ...many])));
    expect(line).toBe('0 changed, 12 added (air-10, air-11, air-12, air-13, air-14, air-15, air-16, air-17, air-18, air-19, … 2 more), 0 removed');
  });
});
