import { describe, expect, it } from 'vitest';
import { formatAlertValue } from './alert-value';

describe('formatAlertValue', () => {
  it('says what an upstream warning measures: the expected rise in cm per hour', () => {
    expect(formatAlertValue({ rule: 'upstream_warning', value: 51.94 }, 'id')).toBe('Perkiraan laju naik 51,9 cm/jam');
    expect(formatAlertValue({ rule: 'upstream_warning', value: 28 }, 'en')).toBe('Expected rise 28 cm/h');
  });

  it('gives a flood level in cm and a rate of rise in cm/h', () => {
    expect(formatAlertValue({ rule: 'flood_level', value: 255 }, 'id')).toBe('Tinggi muka air 255 cm');
    expect(formatAlertValue({ rule: 'rate_of_rise', value: 12.5 }, 'en')).toBe('Rising 12.5 cm/h');
  });

  it('names what the normal is for rules that set one', () => {
    expect(formatAlertValue({ rule: 'congestion', value: 23.94, normal: 45 }, 'id')).toBe('Kecepatan 23,9 km/jam · normal jam ini 45 km/jam');
    expect(formatAlertValue({ rule: 'congestion', value: 23.94 }, 'en')).toBe('Speed 23.9 km/h');
    expect(formatAlertValue({ rule: 'air_quality', value: 180.4, normal: 100 }, 'en')).toBe('ISPU 180 · healthy limit 100');
    expect(formatAlertValue({ rule: 'sensor_silent', value: 12, normal: 0.5 }, 'id')).toBe('Tanpa data 12 menit · biasanya tiap 0,5 menit');
  });

  it('says the occupancy or flow of a congestion alert from a detector with no speed, not "Kecepatan 0 km/jam"', () => {
    expect(formatAlertValue({ rule: 'congestion', value: 45, valueField: 'occupancy', normal: 40 }, 'id')).toBe('Okupansi 45 %');
    expect(formatAlertValue({ rule: 'congestion', value: 1900, valueField: 'flow' }, 'en')).toBe('Flow 1,900 veh/h');
    expect(formatAlertValue({ rule: 'congestion', value: 1900, valueField: 'flow' }, 'id')).toBe('Arus 1.900 kend/jam');
    expect(formatAlertValue({ rule: 'congestion', value: 3, valueField: 'nonsense' }, 'en')).toBeNull();
  });

  it('leaves the line out when the value is of a field the alert does not name', () => {
    for (const rule of ['statistical', 'sensor_stuck', 'sensor_spike', 'sensor_range'] as const) {
      expect(formatAlertValue({ rule, value: 42, normal: 40 }, 'en'), rule).toBeNull();
    }
    expect(formatAlertValue({ rule: 'flood_level', value: Number.NaN }, 'en')).toBeNull();
  });
});
