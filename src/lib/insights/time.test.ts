import { describe, expect, it } from 'vitest';
import { hourOfWeek, witaDate, witaDayStart, witaDaysIn, witaMonth, witaWeekday } from './time';

// Monday 30 November 2026, 00:00 WITA = Sunday 29 November 16:00 UTC.
const MON = Date.parse('2026-11-30T00:00:00+08:00');
const H = 3_600_000;

describe('WITA calendar', () => {
  it('puts 16:00 UTC on Sunday at the start of Monday in Samarinda', () => {
    expect(witaWeekday(MON)).toBe(0);
    expect(witaWeekday(MON - 1)).toBe(6);
    expect(hourOfWeek(MON)).toBe(0);
    expect(hourOfWeek(MON + 17 * H + 59 * 60_000)).toBe(17);
    expect(hourOfWeek(MON + 6 * 24 * H + 23 * H)).toBe(167);
  });

  it('dates and months by the WITA calendar', () => {
    expect(witaDate(MON)).toBe('2026-11-30');
    expect(witaDate(MON - 1)).toBe('2026-11-29');
    expect(witaMonth(MON + 24 * H)).toBe('2026-12');
    expect(witaDayStart(MON + 5 * H)).toBe(MON);
  });

  it('splits a range into the days it touches with the part covered', () => {
    const days = witaDaysIn(MON + 18 * H, MON + 30 * H);
    expect(days).toEqual([
      { date: '2026-11-30', startMs: MON, coveredMs: 6 * H },
      { date: '2026-12-01', startMs: MON + 24 * H, coveredMs: 6 * H }
    ]);
    expect(witaDaysIn(MON, MON + 24 * H).map((d) => d.date)).toEqual(['2026-11-30']);
  });
});
