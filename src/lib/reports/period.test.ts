import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, latestFinished, lookbackStart, nextShiftDelivery, parsePeriod, parseShifts, periodContaining, previousPeriod, sameLastWeek } from './period';

const wita = (y: number, m: number, d: number, h = 0, min = 0) => Date.UTC(y, m - 1, d, h, min) - 8 * HOUR_MS;

describe('report periods in WITA', () => {
  it('finds the shift holding an instant, across midnight', () => {
    expect(periodContaining('shift', wita(2026, 11, 27, 10))).toMatchObject({ start: wita(2026, 11, 27, 7), end: wita(2026, 11, 27, 15), key: '2026-11-27T07:00' });
    // 02:00 belongs to the night shift that began 23:00 the day before.
    expect(periodContaining('shift', wita(2026, 11, 27, 2))).toMatchObject({ start: wita(2026, 11, 26, 23), end: wita(2026, 11, 27, 7), key: '2026-11-26T23:00' });
  });

  it('days start at 00:00 WITA and weeks on Monday', () => {
    expect(periodContaining('day', wita(2026, 11, 27, 23, 59))).toMatchObject({ start: wita(2026, 11, 27), end: wita(2026, 11, 28), key: '2026-11-27' });
    expect(periodContaining('week', wita(2026, 11, 29, 12))).toMatchObject({ start: wita(2026, 11, 23), end: wita(2026, 11, 30), key: '2026-11-23' });
  });

  it('schedules the shift-change delivery a minute after the change, for the shift just ended', () => {
    const minute = 60_000;
    // 14:00: the day shift runs; it is sent at 15:01.
    expect(nextShiftDelivery(wita(2026, 11, 27, 14), minute)).toEqual({ at: wita(2026, 11, 27, 15, 1), period: periodContaining('shift', wita(2026, 11, 27, 14)) });
    // 15:00:30, started between the change and its delivery: the day shift is still due at 15:01, not skipped.
    expect(nextShiftDelivery(wita(2026, 11, 27, 15) + 30_000, minute).period.key).toBe('2026-11-27T07:00');
    // 15:01 exactly, once it is sent: the next one is the afternoon shift at 23:01; over midnight, the night shift at 07:01.
    expect(nextShiftDelivery(wita(2026, 11, 27, 15, 1), minute)).toMatchObject({ at: wita(2026, 11, 27, 23, 1), period: { key: '2026-11-27T15:00' } });
    expect(nextShiftDelivery(wita(2026, 11, 28, 2), minute)).toMatchObject({ at: wita(2026, 11, 28, 7, 1), period: { key: '2026-11-27T23:00' } });
  });

  it('latest finished, previous, same period last week, lookback', () => {
    const now = wita(2026, 11, 27, 15, 1);
    const shift = latestFinished('shift', now);
    expect(shift.key).toBe('2026-11-27T07:00');
    expect(previousPeriod(shift).key).toBe('2026-11-26T23:00');
    expect(sameLastWeek(shift).key).toBe('2026-11-20T07:00');
    expect(lookbackStart(shift)).toBe(shift.end - 14 * DAY_MS);
    expect(latestFinished('day', now).key).toBe('2026-11-26');
  });

  it('parses only keys that start a period', () => {
    expect(parsePeriod('shift', '2026-11-27T15:00')).toMatchObject({ start: wita(2026, 11, 27, 15) });
    expect(parsePeriod('shift', '2026-11-27T16:00')).toBeNull();
    expect(parsePeriod('week', '2026-11-23')?.end).toBe(wita(2026, 11, 30));
    expect(parsePeriod('week', '2026-11-24')).toBeNull();
    expect(parsePeriod('day', '2026-02-30')).toBeNull();
    expect(parsePeriod('day', '2026-11-27T07:00')).toBeNull();
    expect(parsePeriod('month', '2026-11-01')).toBeNull();
  });

  it('reads shift boundaries', () => {
    expect(parseShifts('06:00, 18:00')).toEqual([360, 1080]);
    expect(parseShifts('25:00')).toBeNull();
    expect(periodContaining('shift', wita(2026, 11, 27, 20), [360, 1080])).toMatchObject({ start: wita(2026, 11, 27, 18), end: wita(2026, 11, 28, 6) });
  });
});
