import { describe, it, expect } from 'vitest';
import { formatAge, formatDateTime, formatDateTimeSeconds, formatFieldValue, formatNumber, formatTime } from './format';

// 2026-11-28T05:30:15Z is 13:30:15 in WITA (UTC+8, no daylight saving).
const TS = Date.UTC(2026, 10, 28, 5, 30, 15);

describe('format', () => {
  it('shows times in WITA whatever the process time zone', () => {
    expect(formatTime(TS, 'id')).toBe('13.30.15');
    expect(formatTime(TS, 'en')).toBe('13:30:15');
    expect(formatDateTime(TS, 'en')).toContain('13:30');
    expect(formatDateTime(TS, 'en')).toContain('28');
  });

  // The audit page had its own Intl call: "28/11/26, 13.30.15" beside "28 Nov 2026 13:30" on every other page.
  it('spells a date with seconds like the other dates, WITA and 24 h, in both languages', () => {
    expect(formatDateTimeSeconds(TS, 'id')).toBe('28 Nov 2026, 13.30.15');
    expect(formatDateTimeSeconds(TS, 'en')).toBe('28 Nov 2026, 13:30:15');
    // 20:05 WITA is 12:05 UTC: no "PM", no UTC hour
    expect(formatDateTimeSeconds(Date.UTC(2026, 11, 31, 12, 5, 0), 'en')).toBe('31 Dec 2026, 20:05:00');
    expect(formatDateTimeSeconds(Date.UTC(2026, 11, 31, 16, 0, 1), 'id')).toBe('1 Jan 2027, 00.00.01');
    expect(formatDateTimeSeconds(TS, 'en').startsWith(formatDateTime(TS, 'en'))).toBe(true);
  });

  it('formats numbers per language', () => {
    expect(formatNumber(1234.5, 'id', 1)).toBe('1.234,5');
    expect(formatNumber(1234.5, 'en', 1)).toBe('1,234.5');
    expect(formatNumber(Number.NaN, 'en')).toBe('–');
  });

  it('formats field values with units and a readable precision', () => {
    expect(formatFieldValue('flood', 'water_level', 215.26, 'id')).toBe('215 cm');
    expect(formatFieldValue('flood', 'rainfall', 12.54, 'id')).toBe('12,5 mm/jam');
    expect(formatFieldValue('flood', 'rainfall', 12.54, 'en')).toBe('12.5 mm/h');
    expect(formatFieldValue('traffic', 'speed', 6, 'id')).toBe('6,0 km/jam');
    expect(formatFieldValue('traffic', 'flow', 1450, 'id')).toBe('1.450 kend/jam');
    expect(formatFieldValue('traffic', 'flow', 1450, 'en')).toBe('1,450 veh/h');
    expect(formatFieldValue('air', 'pm25', undefined, 'en')).toBe('–');
  });

  it('formats ages in the largest whole unit', () => {
    expect(formatAge(45_000, 'id')).toBe('45 dtk');
    expect(formatAge(3 * 60_000 + 5_000, 'en')).toBe('3 min');
    expect(formatAge(2 * 3_600_000, 'id')).toBe('2 jam');
    expect(formatAge(-5_000, 'en')).toBe('0 s');
  });
});
