import { describe, expect, it } from 'vitest';
import { witaClock } from './wita';

describe('WITA clock', () => {
  it('is UTC + 8 h, across midnight and whatever the process zone', () => {
    expect(witaClock(Date.UTC(2026, 11, 6, 6, 40))).toBe('14:40');
    expect(witaClock(Date.UTC(2026, 11, 6, 16, 5))).toBe('00:05'); // next day in Samarinda
    expect(witaClock(Date.UTC(2026, 11, 6, 15, 59, 59))).toBe('23:59');
  });
});
