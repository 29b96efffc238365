import { describe, expect, it } from 'vitest';
import type { Alert, AlertEvent } from '../../src/lib/core/alert';
import type { Catalog, Sensor } from '../../src/lib/core/sensor';
import { diffCatalogs } from '../catalog-diff';
import { createDetectionEngine, type DetectionEngine } from './engine';
import { BENANGA, CATALOG, GUNUNG_LINGAI, MIN, T0, createNoise, reading } from './test-support';

/**
 * sensor_step against real water: the cases where a jump that then stays is a flood, not a datum step. Siaga 3 200,
 * Siaga 2 218, Siaga 1 240 cm. Benanga has no gauge upstream (as most of the network); Gunung Lingai has Benanga.
 */

/** A river around `level` cm moving a little every reading (whole mm), `n` readings from reading `from`. */
function river(n: number, level = 150, from = 0, seed = 1): number[] {
  const noise = createNoise(seed);
  return Array.from({ length: n }, (_, i) => Math.round(10 * (level + 6 * Math.sin((from + i) / 30) + noise())) / 10);
}

/** A smooth river around 150 cm read in whole cm, as many gauges report it: it repeats one value for a few readings at times. */
function wholeCm(n: number): number[] {
  const noise = createNoise(7);
  return Array.from({ length: n }, (_, i) => Math.round(150 + 6 * Math.sin(i / 30) + 0.3 * noise()));
}

function catalogAt(intervalS: number): Catalog {
  return { ...CATALOG, sensors: CATALOG.sensors.map((s) => (s.kind === 'flood' ? { ...s, intervalS } : s)) };
}

interface Run {
  engine: DetectionEngine;
  events: AlertEvent[];
  at: (i: number) => number;
}

/** Feeds `values` to `gauge` (no rain, no other gauge reporting unless `upstream` is given) every `intervalS`. */
function run(gauge: Sensor, values: number[], opts: { intervalS?: number; upstream?: number; engine?: DetectionEngine; from?: number } = {}): Run {
  const intervalS = opts.intervalS ?? 600;
  const engine = opts.engine ?? createDetectionEngine({ catalog: catalogAt(intervalS) });
  const at = (i: number) => T0 + ((opts.from ?? 0) + i) * intervalS * 1000;
  const events: AlertEvent[] = [];
  values.forEach((v, i) => {
    if (Number.isNaN(v)) return; // a gap: the gauge did not report
    events.push(...engine.tick(at(i)));
    events.push(...engine.observe(reading(gauge.id, 'flood', at(i), { water_level: v })));
    if (opts.upstream !== undefined) events.push(...engine.observe(reading(BENANGA.id, 'flood', at(i), { water_level: opts.upstream })));
  });
  return { engine, events: events.filter((e) => e.alert.sensorId === gauge.id), at };
}

const emergencies = (r: Run) => r.events.filter((e) => (e.type === 'raised' || e.type === 'updated' || e.type === 'escalated') && e.alert.category === 'emergency');
/** The first flood_level alert raised: the Siaga level people act on (a statistical anomaly closes itself within hours). */
const firstEmergency = (r: Run) => emergencies(r).find((e) => e.type === 'raised' && e.alert.rule === 'flood_level');
const openFlood = (r: Run) => r.engine.openAlerts().find((a) => a.sensorId === BENANGA.id && a.rule === 'flood_level');
const openStep = (r: Run, id = BENANGA.id) => r.engine.openAlerts().find((a) => a.sensorId === id && a.rule === 'sensor_step');

/** How many readings after reading `i` the first emergency came (Infinity: never). */
function delay(r: Run, i: number): number {
  const e = firstEmergency(r);
  return e === undefined ? Infinity : Math.round((e.alert.raisedAt - r.at(i)) / (r.at(1) - r.at(0)));
}

describe('sensor_step must not silence a real flood that jumps and then stands', () => {
  it('a sluice or dam release (+80 cm in one reading, then a flat plateau at 230 cm) at a gauge with no upstream gauge and no rain gauge is warned of as a flood within a few readings', () => {
    const r = run(BENANGA, [...river(300), ...river(300, 230, 300)]);
    expect(delay(r, 300)).toBeLessThanOrEqual(6);
    expect(openFlood(r)).toBeDefined();
  });

  it('a levee breach (+60 cm into Siaga 2, then a plateau) is warned of as a flood within a few readings', () => {
    const r = run(BENANGA, [...river(300), ...river(200, 212, 300)]);
    expect(delay(r, 300)).toBeLessThanOrEqual(6);
  });

  it('an hourly gauge whose flood front arrives in one reading (+70 cm in the hour), then stands, is warned of at the next reading, as without sensor_step', () => {
    // flood_level's own hold of a jump is one reading; three readings of hold here were three hours at Siaga 2
    const r = run(BENANGA, [...river(200), ...river(100, 225, 200)], { intervalS: 3600 });
    expect(delay(r, 200)).toBeLessThanOrEqual(1);
    const flat = run(BENANGA, [...river(200), ...Array(100).fill(225)], { intervalS: 3600 });
    expect(delay(flat, 200)).toBeLessThanOrEqual(1);
  });

  it('a release that stands at exactly one value (a gauge reading whole cm) is held no longer than one that varies', () => {
    // a whole-cm gauge sits on one value for hours at times (its calm): a plateau repeating one value is no logger fault
    // to it (sensor-step-frozen.ts); a mm gauge's plateau of one exact value is held at most 2 h (sensor-step-frozen.test.ts)
    const r = run(BENANGA, [...wholeCm(300), ...Array(100).fill(230)]);
    expect(delay(r, 300)).toBeLessThanOrEqual(3);
  });

  it('a gauge already above Siaga 3 that jumps into Siaga 1 and stands there is raised to Siaga 1 within a few readings', () => {
    const r = run(BENANGA, [...river(300, 150), ...Array.from({ length: 30 }, (_, k) => 150 + 2 * k), ...river(30, 210, 330), ...river(200, 265, 360)]);
    // Siaga 1 is alert level 3
    const raised = r.events.filter((e) => e.alert.rule === 'flood_level' && e.alert.level === 3);
    expect(raised.length).toBeGreaterThan(0);
    expect(Math.round((raised[0].alert.updatedAt - r.at(360)) / (10 * MIN))).toBeLessThanOrEqual(6);
  });

  it('two releases in a row (+50 cm, a plateau, +50 cm more) are warned of', () => {
    const r = run(BENANGA, [...river(300), ...river(60, 195, 300), ...river(200, 250, 360)]);
    const siaga1 = emergencies(r).find((e) => e.alert.rule === 'flood_level' && e.alert.level === 3);
    expect(siaga1).toBeDefined();
    expect(Math.round((siaga1!.alert.updatedAt - r.at(360)) / (10 * MIN))).toBeLessThanOrEqual(6);
  });

  it('a datum step within the bounded hold (the first readings after the jump) raises no emergency on its own', () => {
    // the hold this rule is for: a logger re-set reads 80 cm high; no emergency on the jump's reading
    const r = run(BENANGA, [...river(300), ...river(3, 230, 300)]);
    expect(emergencies(r)).toEqual([]);
  });
});

describe('sensor_step at a tidal gauge', () => {
  /** A semi-diurnal tide of ±60 cm around 100 cm (12.42 h), read every 10 minutes, from reading `from`. */
  const tide = (n: number, from = 0) => river(n, 100, from).map((v, i) => Math.round(10 * (v + 60 * Math.sin((2 * Math.PI * (from + i)) / 74.5))) / 10);

  it('takes no tide for a level step, and warns of high water after a step up of 80 cm', () => {
    const quiet = run(BENANGA, tide(1500));
    expect(quiet.events.filter((e) => e.alert.rule === 'sensor_step')).toEqual([]);
    // a step up of 80 cm at low water: whatever the rule makes of it, high water on the new datum is warned of
    const up = run(BENANGA, [...tide(1000), ...tide(300, 1000).map((v) => v + 80)]);
    expect(firstEmergency(up)).toBeDefined();
    expect(firstEmergency(up)!.alert.raisedAt - up.at(1000)).toBeLessThan(13 * 3_600_000);
  });
});

describe('sensor_step: gaps, restarts and people', () => {
  it('readings after a gap of hours that come back 80 cm higher are no datum step: the flood is warned of at the next reading', () => {
    const values = [...river(300), ...Array(24).fill(NaN), ...river(100, 230, 324)];
    const r = run(BENANGA, values);
    expect(openStep(r)).toBeUndefined();
    // flood_level's own hold of a jump (isImplausibleRise): one reading, as without sensor_step
    expect(delay(r, 324)).toBe(1);
  });

  it('a person resolving the maintenance alert ends the correction: the level counts as it reads', () => {
    const r = run(BENANGA, [...river(300), ...river(20, 230, 300)]);
    const step = openStep(r);
    if (step === undefined) return expect(emergencies(r).length).toBeGreaterThan(0); // no correction to end
    const resolved: Alert = { ...step, state: 'resolved', resolvedAt: r.at(320), updatedAt: r.at(320) } as Alert;
    r.engine.applyExternal({ type: 'resolved', at: r.at(320), by: 'operator', alert: resolved } as AlertEvent);
    run(BENANGA, river(10, 230, 321), { engine: r.engine, from: 321 });
    expect(openFlood(r)?.level).toBe(2);
  });

  it('an operator who moves the Siaga levels up by the step in the registry (as the alert asks) has no correction left on top of it', () => {
    const r = run(BENANGA, [...river(300), ...river(20, 230, 300)]);
    const step = openStep(r);
    if (step === undefined) return expect(emergencies(r).length).toBeGreaterThan(0);
    const prev = catalogAt(600);
    const next: Catalog = { ...prev, sensors: prev.sensors.map((s) => (s.id === BENANGA.id ? { ...s, flood: { siaga3: 280, siaga2: 298, siaga1: 320 } } : s)) };
    r.engine.applyCatalog(diffCatalogs(prev, next), next, r.at(320));
    // a real flood on the new datum: 300 cm read, above the moved Siaga 3 (280) and Siaga 2 (298)
    const after = run(BENANGA, Array.from({ length: 30 }, (_, k) => 232 + 3 * k), { engine: r.engine, from: 321 });
    const warned = firstEmergency(after);
    expect(warned).toBeDefined();
    // warned when the reading crosses the moved Siaga 3, not 80 cm later
    expect(Math.round((warned!.alert.raisedAt - after.at(0)) / (10 * MIN))).toBeLessThanOrEqual(17);
  });

  it('after a restart during the watch, a flood going on rising from the jump is still given back as water', () => {
    // +60 cm, stays 3 readings (taken for a datum step), then rises 3 cm a reading: before the restart the watch ends it
    const values = [...river(300), 210, 210.4, 209.8, 210.2];
    const before = run(GUNUNG_LINGAI, values, { upstream: 100 });
    const step = openStep(before, GUNUNG_LINGAI.id);
    if (step === undefined) return;
    const engine = createDetectionEngine({ catalog: catalogAt(600) });
    engine.applyExternal({ type: 'raised', at: step.raisedAt, by: 'restore', alert: step } as AlertEvent);
    const after = run(GUNUNG_LINGAI, Array.from({ length: 20 }, (_, k) => 213 + 3 * k), { engine, from: 304, upstream: 100 });
    expect(firstEmergency(after)).toBeDefined();
    expect(Math.round((firstEmergency(after)!.alert.raisedAt - after.at(0)) / (10 * MIN))).toBeLessThanOrEqual(8);
  });
});
