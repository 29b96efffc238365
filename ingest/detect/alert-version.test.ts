/**
 * Each worsening is a version of its own, though the engine clock (the last tick's time) is the same for two worsenings
 * between ticks: an acknowledgement of the milder one must neither be carried onto the worse copy (mergeAlertCopies) nor
 * be taken for it by the ingest. Both failed while the version was the clock alone.
 */
import { describe, expect, it } from 'vitest';
import { alertVersion, applyAlertAction, foldAlertEvents, mergeAlertCopies } from '../../src/lib/core/alert-lifecycle';
import { indexSensors } from '../../src/lib/core/sensor';
import { createAlertPolicy } from './alert-policy';
import { CATALOG, GUNUNG_LINGAI, T0, finding } from './test-support';

const S = 1000;

describe("two worsenings between two engine ticks (the clock is the last tick's)", () => {
  it('the second worsening is not shown acknowledged by an ack of the first', () => {
    // The engine's clockOf is the latest tick's time (engine.ts), so it is constant between ticks (INGEST_TICK_MS 5 s).
    const clock = T0 + 10 * S;
    const p = createAlertPolicy(indexSensors(CATALOG), { minActiveMs: 0 }, undefined, undefined, () => clock);
    const [raised] = p.onFinding(GUNUNG_LINGAI, finding({ rule: 'flood_level', level: 1, severity: 'warning' }), T0 + 10 * S);
    const [e1] = p.onFinding(GUNUNG_LINGAI, finding({ rule: 'flood_level', level: 2, severity: 'critical' }), T0 + 11 * S);
    expect(e1.type).toBe('escalated');
    // a person acknowledges Siaga 2 on the web's copy (its version), the ingest merges it
    const ack = applyAlertAction(e1.alert, { alertId: e1.alert.id, action: 'acknowledge', version: alertVersion(e1.alert) }, 'operator', T0 + 12 * S);
    if (!('type' in ack)) throw new Error(ack.detail);
    p.applyExternal(ack);
    // Siaga 1 two seconds later, same tick interval
    const [e2] = p.onFinding(GUNUNG_LINGAI, finding({ rule: 'flood_level', level: 3, severity: 'critical' }), T0 + 13 * S);
    expect(e2.type).toBe('escalated');
    expect(e2.alert.state).toBe('raised');
    console.log('worsenedAt', e1.alert.worsenedAt, e2.alert.worsenedAt);
    // the web (alert-store, fold, wall merge) after the commit 7350584:
    expect(mergeAlertCopies(e2.alert, ack.alert).state).toBe('raised');
    expect(foldAlertEvents([raised, e1, ack, e2]).get(e2.alert.id)?.state).toBe('raised');
  });
});

describe("an acknowledgement of the first worsening reaching the ingest after the second", () => {
  it('the ingest does not take it for the second (same worsenedAt)', () => {
    const clock = T0 + 10 * S;
    const p = createAlertPolicy(indexSensors(CATALOG), { minActiveMs: 0 }, undefined, undefined, () => clock);
    p.onFinding(GUNUNG_LINGAI, finding({ rule: 'flood_level', level: 1, severity: 'warning' }), T0 + 10 * S);
    const [e1] = p.onFinding(GUNUNG_LINGAI, finding({ rule: 'flood_level', level: 2, severity: 'critical' }), T0 + 11 * S);
    const [e2] = p.onFinding(GUNUNG_LINGAI, finding({ rule: 'flood_level', level: 3, severity: 'critical' }), T0 + 12 * S);
    expect(e2.type).toBe('escalated');
    // made on the web's copy of Siaga 2, which had not yet received Siaga 1
    const ack = applyAlertAction(e1.alert, { alertId: e1.alert.id, action: 'acknowledge', version: alertVersion(e1.alert) }, 'operator', T0 + 13 * S);
    if (!('type' in ack)) throw new Error(ack.detail);
    p.applyExternal(ack);
    expect(p.openAlerts()[0].state).toBe('raised');
  });
});
