import { describe, expect, it } from 'vitest';
import { congestionDetector, localHour } from './congestion';
import { HOUR, MIN, ROAD, T0, reading } from './test-support';

describe('congestion', () => {
  it('uses WITA (UTC+8) for the hour of day', () => {
    expect(localHour(T0, 8)).toBe(8);
    expect(localHour(T0 + 17 * HOUR, 8)).toBe(1);
  });

  it('Macet (9 km/h of 50 free flow) is critical at once; Lancar is quiet', () => {
    const d = congestionDetector.create(ROAD)!;
    expect(d.observe(reading(ROAD.id, 'traffic', T0, { speed: 45, flow: 800 }))!.active).toBe(false);
    const f = d.observe(reading(ROAD.id, 'traffic', T0 + MIN, { speed: 9, flow: 1900, occupancy: 40 }))!;
    expect([f.active, f.level, f.severity]).toEqual([true, 3, 'critical']);
    expect(f.title).toEqual({ id: 'Macet · Jl. Slamet Riyadi 9 km/jam', en: 'Jammed · Jl. Slamet Riyadi 9 km/h' });
  });

  it('Padat alerts while no normal is learned, then only when slower than the hour\'s normal', () => {
    const d = congestionDetector.create(ROAD)!;
    const at = (i: number, speed: number) => d.observe(reading(ROAD.id, 'traffic', T0 + i * MIN, { speed }))!;
    expect(at(0, 22).active).toBe(true); // 22/50 = 0.44: Padat, no normal yet
    for (let i = 1; i < 10; i++) at(i, 22); // the 08:00 normal becomes 22 km/h
    const usual = at(10, 20); // 20 ≥ 0.8 × 22: Padat as usual for this hour
    expect(usual.active).toBe(false);
    const slow = at(11, 15); // 15 < 17.6: slower than usual
    expect([slow.active, slow.severity, slow.level, slow.normal]).toEqual([true, 'warning', 2, 22]);
    expect(slow.explanation.en).toContain('Speed 15 km/h; usual for this hour 22 km/h, free flow 50 km/h');
  });

  it('learns each hour separately (24 numbers)', () => {
    const d = congestionDetector.create(ROAD)!;
    for (let i = 0; i < 10; i++) d.observe(reading(ROAD.id, 'traffic', T0 + i * MIN, { speed: 22 }));
    // Two hours later nothing is learned yet: Padat alerts.
    expect(d.observe(reading(ROAD.id, 'traffic', T0 + 2 * HOUR, { speed: 20 }))!.active).toBe(true);
  });

  it('does not apply without a road profile', () => {
    expect(congestionDetector.create({ ...ROAD, traffic: undefined })).toBeNull();
  });
});
