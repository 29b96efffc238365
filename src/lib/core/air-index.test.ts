import { describe, expect, it } from 'vitest';
import { ispu, ispuCategory, ispuSubIndex } from './air-index';

describe('ISPU (P.14/2020 breakpoints)', () => {
  it('interpolates inside a band: PM2.5 40 µg/m³ lies in 15.5–55.4 → 50 + 50·(40−15.5)/(55.4−15.5) ≈ 80.7', () => {
    expect(ispuSubIndex('pm25', 40)).toBe(81);
  });
  it('hits each upper bound exactly', () => {
    expect(ispuSubIndex('pm10', 50)).toBe(50);
    expect(ispuSubIndex('pm10', 150)).toBe(100);
    expect(ispuSubIndex('so2', 400)).toBe(200);
    expect(ispuSubIndex('co', 30_000)).toBe(300);
    expect(ispuSubIndex('no2', 3_000)).toBe(500);
  });
  it('caps beyond the table at 500 and treats non-positive as 0', () => {
    expect(ispuSubIndex('pm25', 900)).toBe(500);
    expect(ispuSubIndex('o3', -3)).toBe(0);
  });
  it('overall index is the worst pollutant, with its category', () => {
    // PM10 200 → 100 + 100·(200−150)/(350−150) = 125; PM2.5 20 → 50 + 50·4.5/39.9 ≈ 55.6
    const r = ispu({ pm25: 20, pm10: 200 });
    expect(r.value).toBe(125);
    expect(r.dominant).toBe('pm10');
    expect(r.category.id).toBe('Tidak Sehat');
  });
  it('maps values to the five categories', () => {
    expect([0, 50, 51, 100, 101, 200, 201, 300, 301].map((v) => ispuCategory(v).en)).toEqual([
      'Good', 'Good', 'Moderate', 'Moderate', 'Unhealthy', 'Unhealthy', 'Very Unhealthy', 'Very Unhealthy', 'Hazardous'
    ]);
  });
});
