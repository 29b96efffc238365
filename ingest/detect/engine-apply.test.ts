/**
 * A registry version applied to a running engine (engine.applyCatalog). The real rules, wrapped only
 * to record which sensor states each creates: a rule not re-created keeps its state.
 */
import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/lib/core/alert';
import type { Catalog, Sensor } from '../../src/lib/core/sensor';
import { diffCatalogs } from '../catalog-diff';
import { createRiverForecaster, forecastGaugesFromCatalog } from '../forecast/index';
import type { DetectorContext, RuleDetector } from './context';
import { createDetectionEngine } from './engine';
import { DETECTORS } from './index';
import { AIR, CATALOG, KP3, MIN, T0, reading } from './test-support';

function start(catalog: Catalog = CATALOG) {
  const created: string[] = [];
  const detectors = Object.fromEntries(
    Object.entries(DETECTORS).map(([name, d]) => {
      const create = (s: Sensor, c: DetectorContext) => (created.push(`${name}:${s.id}`), (d as RuleDetector).create(s, c));
      return [name, { ...d, create } as RuleDetector];
    })
  );
  const forecaster = createRiverForecaster(forecastGaugesFromCatalog(catalog));
  // Alerts resolve on the first quiet finding: what a re-created rule passes on is seen at once.
  const e = createDetectionEngine({ catalog, detectors, forecaster, policy: { resolveQuietMs: 0, resolveQuietIntervals: 0 } });
  let current = catalog;
  /** Applies the next catalog; returns its events and the rule states it created. */
  const apply = (next: Catalog, now = T0) => {
    created.length = 0;
    const events = e.applyCatalog(diffCatalogs(current, next), next, now);
    current = next;
    return { events, created: [...created].sort() };
  };
  return { e, forecaster, apply, current: () => current };
}

const edit = (c: Catalog, s: Sensor): Catalog => ({ ...c, sensors: c.sensors.map((x) => (x.id === s.id ? s : x)) });
const without = (c: Catalog, id: string): Catalog => ({ ...c, sensors: c.sensors.filter((x) => x.id !== id) });
const LOWER = { siaga3: 150, siaga2: 180, siaga1: 240 };
const of = (events: AlertEvent[], type: string, rule: string) => events.filter((ev) => ev.type === type && ev.alert.rule === rule).map((ev) => ev.alert.sensorId);

describe('engine: a registry version while running', () => {
  it('a lowered Siaga 2 raises a flood alert for a level it did not alert on before', () => {
    const { e, apply } = start();
    const at = (m: number) => e.observe(reading(KP3.id, 'flood', T0 + m * MIN, { water_level: 190 }));
    for (let m = 0; m < 5; m++) expect(of(at(m), 'raised', 'flood_level')).toEqual([]);
    apply(edit(CATALOG, { ...KP3, flood: LOWER }));
    expect(at(5).filter((ev) => ev.type === 'raised').map((ev) => [ev.alert.rule, ev.alert.level])).toContainEqual(['flood_level', 2]);
  });

  it('new thresholds re-create only the flood rules; statistical, fault rules and the forecaster keep their state', () => {
    const { e, apply, forecaster } = start();
    for (let m = 0; m < 30; m++) e.observe(reading(KP3.id, 'flood', T0 + m * MIN, { water_level: 150 + m }));
    const forecast = e.forecast(KP3.id);
    const { created } = apply(edit(CATALOG, { ...KP3, flood: LOWER }));
    // kp3's own flood rules; benanga lists kp3 downstream, so its rules holding linked gauges too (sensor_step reads its
    // upstream gauges' Siaga 3, and takes up its open alert's datum shift when re-created).
    expect(created).toEqual(['flood_level:kp3', 'rate_of_rise:benanga', 'rate_of_rise:kp3', 'sensor_step:benanga', 'upstream_warning:benanga', 'upstream_warning:kp3']);
    expect(e.forecast(KP3.id)).toBe(forecast);
    expect(forecaster.size?.()).toBe(3);
  });

  it('a new interval re-creates the silence rule and forgets the learned spacing; a new place re-creates nothing', () => {
    const { apply, current } = start();
    expect(apply(edit(current(), { ...AIR, intervalS: 300 })).created).toEqual(['sensor_silent:air-1']);
    expect(apply(edit(current(), { ...AIR, intervalS: 300, lat: -0.4 })).created).toEqual([]);
    expect(apply(edit(current(), { ...AIR, intervalS: 300, lat: -0.4, name: 'Udara (kalibrasi)' })).created).toEqual(['air_quality:air-1', 'sensor_silent:air-1', 'sensor_spike:air-1', 'sensor_stuck:air-1', 'statistical:air-1']);
  });

  it('an alert raised by the old rule is resolved by the re-created one when the new level says the water is normal', () => {
    const { e, apply } = start();
    expect(of(e.observe(reading(KP3.id, 'flood', T0, { water_level: 230 })), 'raised', 'flood_level')).toEqual([KP3.id]);
    apply(edit(CATALOG, { ...KP3, flood: { siaga3: 300, siaga2: 320, siaga1: 340 } }), T0 + MIN);
    expect(of(e.observe(reading(KP3.id, 'flood', T0 + 2 * MIN, { water_level: 230 })), 'resolved', 'flood_level')).toEqual([KP3.id]);
  });

  it('a renamed and moved sensor: its open alert takes the new name and district at once, and later raises use them too', () => {
    const { e, apply } = start();
    const raised = e.observe(reading(KP3.id, 'flood', T0, { water_level: 230 })).find((ev) => ev.type === 'raised')!.alert;
    expect(raised.title.en).toContain(KP3.name);
    const moved = { ...KP3, name: 'Pos TMA KP3 (Karang Mumus hilir)', district: 'Samarinda Kota' };
    const { events } = apply(edit(CATALOG, moved), T0 + MIN);
    expect(events.map((ev) => [ev.type, ev.alert.id, ev.alert.sensorName, ev.alert.district])).toEqual([['updated', raised.id, moved.name, moved.district]]);
    const [updated] = events.map((ev) => ev.alert);
    expect(updated.title.en).toBe(raised.title.en.replaceAll(KP3.name, moved.name));
    expect(updated.title.id).toContain(moved.name);
    expect(updated.updatedAt).toBe(T0 + MIN);
    expect(e.openAlerts().map((a) => a.sensorName)).toEqual([moved.name]);
    // Its level rises (an escalation: worse than before): the event names it as the registry does now.
    const higher = e.observe(reading(KP3.id, 'flood', T0 + 2 * MIN, { water_level: 275 })).filter((ev) => ev.alert.rule === 'flood_level');
    expect(higher.map((ev) => [ev.type, ev.alert.sensorName, ev.alert.district])).toEqual([['escalated', moved.name, moved.district]]);
    // The same catalog again: nothing to relabel.
    expect(apply(edit(CATALOG, moved), T0 + 3 * MIN).events).toEqual([]);
  });

  it('a removed sensor: its open alerts resolved, its readings refused, no rule or forecaster state left', () => {
    const { e, apply, forecaster } = start();
    e.observe(reading(KP3.id, 'flood', T0, { water_level: 230 }));
    expect(e.openAlerts().map((a) => a.sensorId)).toContain(KP3.id);
    const { events } = apply(without(CATALOG, KP3.id), T0 + MIN);
    expect(events.map((ev) => [ev.type, ev.alert.sensorId, ev.alert.rule, ev.at])).toEqual([['resolved', KP3.id, 'flood_level', T0 + MIN]]);
    expect(e.openAlerts()).toEqual([]);
    expect(() => e.observe(reading(KP3.id, 'flood', T0 + 2 * MIN, { water_level: 230 }))).toThrow(/not in the catalog/);
    expect([e.sensorCount(), forecaster.size?.()]).toEqual([4, 2]);
    // Nothing of it is ticked any more: no silence alert for it, ever.
    expect(e.tick(T0 + 24 * 60 * MIN).filter((ev) => ev.alert.sensorId === KP3.id)).toEqual([]);
  });

  it('an added sensor starts fresh and is watched: its silence is raised by tick', () => {
    const { e, apply } = start();
    const kp4: Sensor = { ...KP3, id: 'kp4', name: 'KP4' };
    const { created } = apply({ ...CATALOG, sensors: [...CATALOG.sensors, kp4] });
    expect(created.filter((c) => c.startsWith('sensor_silent'))).toEqual(['sensor_silent:kp4']);
    e.observe(reading('kp4', 'flood', T0, { water_level: 100 }));
    expect(of(e.tick(T0 + 60 * MIN), 'raised', 'sensor_silent')).toContain('kp4');
  });

  it('adding and removing sensors again and again leaves the state where it was', () => {
    const { e, apply, forecaster } = start();
    e.observe(reading(KP3.id, 'flood', T0, { water_level: 100 }));
    const bytes = e.stateBytesPerSensor();
    for (let i = 0; i < 200; i++) {
      const extra: Sensor = { ...KP3, id: `tmp-${i}`, downstream: [KP3.id] };
      apply({ ...CATALOG, sensors: [...CATALOG.sensors, extra] }, T0 + i * MIN);
      // Above its Siaga levels: the alert policy holds an entry for it until it leaves.
      e.observe(reading(extra.id, 'flood', T0 + i * MIN, { water_level: 230 }));
      apply(CATALOG, T0 + i * MIN);
    }
    expect([e.sensorCount(), forecaster.size?.(), e.stateBytesPerSensor()]).toEqual([5, 3, bytes]);
  });

  it('the same catalog again changes nothing', () => {
    const { apply } = start();
    expect(apply(structuredClone(CATALOG))).toEqual({ events: [], created: [] });
  });
});
