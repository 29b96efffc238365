import { describe, expect, it } from 'vitest';
import { witaClock, witaDate, witaDayStart } from './wita';

describe('WITA clock', () => {
  it('is UTC + 8 h, across midnight and whatever the process zone', () => {
    expect(witaClock(Date.UTC(2026, 11, 6, 6, 40))).toBe('14:40');
    expect(witaClock(Date.UTC(2026, 11, 6, 16, 5))).toBe('00:05'); // next day in Samarinda
    expect(witaClock(Date.UTC(2026, 11, 6, 15, 59, 59))).toBe('23:59');
  });

  it('starts the day at WITA midnight and names it in both languages', () => {
    const midnight = Date.UTC(2026, 11, 6, 16); // 7 Dec 00:00 WITA
    expect(witaDayStart(midnight)).toBe(midnight);
    expect(witaDayStart(midnight + 3_600_000)).toBe(midnight);
    expect(witaDayStart(midnight - 1)).toBe(midnight - 86_400_000);
    expect([witaDate(midnight, 'id'), witaDate(midnight - 1, 'en')]).toEqual(['7 Des', '6 Dec']);
  });
});
