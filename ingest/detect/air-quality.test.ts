import { describe, expect, it } from 'vitest';
import { airQualityDetector, createHourlyMeans } from './air-quality';
import { AIR, MIN, T0, reading } from './test-support';

function feed(pm25PerMinute: number[], start = T0) {
  const d = airQualityDetector.create(AIR)!;
  return pm25PerMinute.map((v, i) => d.observe(reading(AIR.id, 'air', start + i * MIN, { pm25: v }))!);
}

describe('air_quality (hourly mean ISPU)', () => {
  it('PM2.5 100 µg/m³ for an hour is ISPU 147 (100 + 100/95 × 44.6): Tidak Sehat, warning', () => {
    const last = feed(Array(60).fill(100)).at(-1)!;
    expect([last.active, last.value, last.level, last.severity, last.normal]).toEqual([true, 147, 1, 'warning', 100]);
    expect(last.title).toEqual({ id: 'ISPU 147 · Tidak Sehat · Taman Samarendah', en: 'AQI (ISPU) 147 · Unhealthy · Taman Samarendah' });
    expect(last.explanation.id).toContain('PM2.5 100 µg/m³');
  });

  it('averages over the hour: 30 min at 20 then 30 min at 180 is a mean of 100', () => {
    const out = feed([...Array(30).fill(20), ...Array(30).fill(180)]);
    expect(out[29].active).toBe(false);
    expect(out[59].value).toBe(147);
  });

  it('is critical from ISPU 201 (PM2.5 above 150.4)', () => {
    const last = feed(Array(5).fill(200)).at(-1)!; // 200 + 100/100 × 49.6 = 249.6 → 250
    expect([last.value, last.level, last.severity]).toEqual([250, 2, 'critical']);
  });

  it('forgets buckets older than an hour', () => {
    const d = airQualityDetector.create(AIR)!;
    d.observe(reading(AIR.id, 'air', T0, { pm25: 300 }));
    const later = d.observe(reading(AIR.id, 'air', T0 + 60 * MIN, { pm25: 10 }))!;
    expect(later.value).toBe(32); // 50/15.5 × 10 = 32.3: the 300 is gone
    expect(later.active).toBe(false);
  });

  it('keeps a fixed-size state whatever the rate and ignores readings older than the window', () => {
    const m = createHourlyMeans();
    const bytes = m.bytes;
    for (let i = 0; i < 10_000; i++) m.add(T0 + i * 100, { pm25: 10, pm10: 20 });
    expect(m.bytes).toBe(bytes);
    expect(m.means()).toEqual({ pm25: 10, pm10: 20 });
    expect(m.add(T0 - 2 * 60 * MIN + 10_000 * 100, { pm25: 999 })).toBe(false);
  });
});
