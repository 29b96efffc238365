import { describe, expect, it } from 'vitest';
import { indexSensors } from '../../src/lib/core/sensor';
import { createAlertPolicy } from './alert-policy';
import { CATALOG, MIN, ROAD, T0, finding } from './test-support';

describe('alert update', () => {
  it('a normal that goes with the value\'s measure (a speed, then an occupancy, in turn) tells no update per reading', () => {
    const p = createAlertPolicy(indexSensors(CATALOG), { minActiveMs: 0, escalateAfterMs: { info: null, warning: null, critical: null } });
    // congestion's Padat from a loop detector whose speed comes and goes: the usual speed (normal) only beside a speed
    const bySpeed = finding({ level: 2, severity: 'warning', value: 20, normal: 40 });
    const byOccupancy = finding({ level: 2, severity: 'warning', value: 60, valueField: 'occupancy' });
    const types = Array.from({ length: 10 }, (_, i) => p.onFinding(ROAD, i % 2 ? byOccupancy : bySpeed, T0 + i * MIN)).flat().map((e) => e.type);
    expect(types).toEqual(['raised']);
  });

  it('a normal that comes or goes with the same measure is told once', () => {
    const p = createAlertPolicy(indexSensors(CATALOG), { minActiveMs: 0, escalateAfterMs: { info: null, warning: null, critical: null } });
    const withNormal = finding({ level: 2, severity: 'warning', value: 20, normal: 40 });
    const without = finding({ level: 2, severity: 'warning', value: 20 });
    const events = [withNormal, withNormal, without, without].flatMap((f, i) => p.onFinding(ROAD, f, T0 + i * MIN));
    expect(events.map((e) => e.type)).toEqual(['raised', 'updated']);
    expect('normal' in events[1].alert).toBe(false);
  });
});
