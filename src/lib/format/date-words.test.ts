import { describe, expect, it } from 'vitest';
import { spellDate } from './date-words';

describe('spellDate', () => {
  it('spells a date input value in the UI language, whatever the time zone', () => {
    expect(spellDate('2026-12-07', 'id')).toBe('Senin, 7 Desember 2026');
    expect(spellDate('2026-12-07', 'en')).toMatch(/^Monday,? 7 December 2026$/);
    expect(spellDate('2027-01-01', 'id')).toBe('Jumat, 1 Januari 2027');
  });

  it('says nothing for what is no calendar date', () => {
    for (const text of ['', '2026-02-30', '2026-13-01', '07/12/2026', '2026-12-7']) expect(spellDate(text, 'id'), text).toBeNull();
  });
});
