import { describe, expect, it } from 'vitest';
import { congestionDetector, localHour, normalSpeedAt } from './congestion';
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

  it('Padat alerts while no normal is learned, then only when slower than the hour\'s normal of past days', () => {
    const d = congestionDetector.create(ROAD)!;
    const at = (t: number, speed: number) => d.observe(reading(ROAD.id, 'traffic', t, { speed }))!;
    // 22/50 = 0.44: Padat, no normal yet; it has to hold for padatReadings (5) readings in a row.
    for (let i = 0; i < 4; i++) expect(at(T0 + i * MIN, 22).active).toBe(false);
    expect(at(T0 + 4 * MIN, 22).active).toBe(true);
    for (let i = 5; i < 60; i++) at(T0 + i * MIN, 22); // 08:00–08:59 at 22 km/h
    // Still 08:xx: today's hour is not learned until it is over.
    expect(at(T0 + 59 * MIN + 30_000, 22).active).toBe(true);
    at(T0 + HOUR, 40); // 09:00 closes 08:xx: its normal is 22 km/h (hour 9 has 1 reading: not learned)
    const day2 = T0 + 24 * HOUR + 30 * MIN; // 08:30 the next day, the centre of hour 8
    const usual = at(day2, 20); // 20 ≥ 0.7 × 22: Padat as usual for this hour
    expect(usual.active).toBe(false);
    for (let i = 1; i < 5; i++) expect(at(day2 + i * MIN, 15).active).toBe(false); // 15 < 15.4: slower than usual…
    const slow = at(day2 + 5 * MIN, 15); // …for the fifth reading in a row
    expect([slow.active, slow.severity, slow.level, slow.normal]).toEqual([true, 'warning', 2, 22]);
    expect(slow.explanation.en).toContain('Speed 15 km/h; usual for this hour 22 km/h, free flow 50 km/h');
  });

  it('leaves the usual speed out while none is learnt, and writes decimals with a comma in Indonesian', () => {
    const d = congestionDetector.create(ROAD)!;
    // Macet at once (5.5 of 50 km/h), on a road with no hour learnt yet.
    const f = d.observe(reading(ROAD.id, 'traffic', T0, { speed: 5.5, flow: 800, occupancy: 40 }))!;
    expect(f.active).toBe(true);
    expect(f.normal).toBeUndefined();
    expect(f.explanation.en).toMatch(/^Speed 5\.5 km\/h; free flow 50 km\/h; saturation 0\.\d\. /);
    expect(f.explanation.id).toMatch(/^Kecepatan 5,5 km\/jam; arus bebas 50 km\/jam; derajat kejenuhan 0,\d\. /);
    expect(f.explanation.en).not.toContain(' - km/h');
    expect(f.title.id).toBe('Macet · Jl. Slamet Riyadi 5,5 km/jam');
  });

  it('words a reading without a speed without one, not "- km/h", in both languages', () => {
    const d = congestionDetector.create(ROAD)!;
    // Padat from flow and occupancy alone (a loop detector that reports no speed), five readings in a row.
    let f = d.observe(reading(ROAD.id, 'traffic', T0, { flow: 1900, occupancy: 45 }))!;
    for (let i = 1; i < 5; i++) f = d.observe(reading(ROAD.id, 'traffic', T0 + i * MIN, { flow: 1900, occupancy: 45 }))!;
    expect(f.active).toBe(true);
    expect(f.title).toEqual({ id: 'Padat · Jl. Slamet Riyadi', en: 'Heavy · Jl. Slamet Riyadi' });
    expect(f.explanation.id).toMatch(/^Kecepatan tidak dilaporkan; arus bebas 50 km\/jam; derajat kejenuhan 1\. /);
    expect(f.explanation.en).toMatch(/^No speed reported; free flow 50 km\/h; saturation 1\. /);
    for (const text of [f.title.id, f.title.en, f.explanation.id, f.explanation.en]) expect(text).not.toMatch(/- km/);
  });

  it('gives an alert without a speed the measure that made it Padat as its value, not a speed of 0', () => {
    const padat = (values: Record<string, number>) => {
      const d = congestionDetector.create(ROAD)!;
      let f = d.observe(reading(ROAD.id, 'traffic', T0, values))!;
      for (let i = 1; i < 5; i++) f = d.observe(reading(ROAD.id, 'traffic', T0 + i * MIN, values))!;
      expect(f.active, JSON.stringify(values)).toBe(true);
      return { value: f.value, valueField: f.valueField, normal: f.normal };
    };
    // occupancy over Padat's on a road below saturation; then flow over saturation with a low occupancy
    expect(padat({ flow: 800, occupancy: 45 })).toEqual({ value: 45, valueField: 'occupancy', normal: undefined });
    expect(padat({ flow: 1900, occupancy: 5 })).toEqual({ value: 1900, valueField: 'flow', normal: undefined });
    expect(padat({ occupancy: 45 })).toEqual({ value: 45, valueField: 'occupancy', normal: undefined });
    // with a speed the value stays the speed, with no field named
    expect(padat({ speed: 20, flow: 1900, occupancy: 45 })).toEqual({ value: 20, valueField: undefined, normal: undefined });
  });

  it('folds each day\'s hourly mean with weight alphaDay and interpolates between hour centres', () => {
    const st = new Float64Array(52);
    st[7] = 40;
    st[24 + 7] = 1;
    st[8] = 20;
    st[24 + 8] = 1;
    expect(normalSpeedAt(st, 8, 0.5)).toBe(20); // centre of 08:xx
    expect(normalSpeedAt(st, 8, 0)).toBe(30); // 08:00: halfway between 07:30 (40) and 08:30 (20)
    expect(normalSpeedAt(st, 8, 0.25)).toBe(25);
    expect(normalSpeedAt(st, 8, 0.75)).toBe(20); // 09:xx not learned: hour 8's own normal
    expect(normalSpeedAt(st, 9, 0.5)).toBeUndefined();
    // Two days of 08:xx: day 1 mean 20, day 2 mean 30 → 20 + 0.3 × (30 − 20) = 23.
    const d = congestionDetector.create(ROAD)!;
    const feed = (t0: number, speed: number) => {
      for (let i = 0; i < 60; i++) d.observe(reading(ROAD.id, 'traffic', t0 + i * MIN, { speed }));
    };
    feed(T0, 20);
    feed(T0 + 24 * HOUR, 30);
    const f = d.observe(reading(ROAD.id, 'traffic', T0 + 48 * HOUR + 30 * MIN, { speed: 9, flow: 1900, occupancy: 40 }))!; // Macet: active at once
    expect(f.normal).toBe(23);
  });

  it('learns each hour separately', () => {
    const d = congestionDetector.create(ROAD)!;
    for (let i = 0; i < 61; i++) d.observe(reading(ROAD.id, 'traffic', T0 + i * MIN, { speed: 22 }));
    // Two hours later only 08:xx is learned, not 10:xx: Padat alerts.
    const late = (i: number) => d.observe(reading(ROAD.id, 'traffic', T0 + 2 * HOUR + 30 * MIN + i * MIN, { speed: 20 }))!;
    for (let i = 0; i < 4; i++) late(i);
    expect(late(4).active).toBe(true);
  });

  it('does not apply without a road profile', () => {
    expect(congestionDetector.create({ ...ROAD, traffic: undefined })).toBeNull();
  });
});
