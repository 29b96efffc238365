import { describe, expect, it } from 'vitest';
import { spellDate, spellDateTime } from './date-words';

describe('spellDate', () => {
  // The machine running the tests is usually on UTC, where a date read in the local zone looks right by luck: the
  // same assertions run behind UTC (a browser in Los Angeles saw 7 December as Sunday the 6th) and far ahead of it.
  it('spells a date input value in the UI language, whatever the time zone', () => {
    const zone = process.env.TZ;
    try {
      for (const tz of ['America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Makassar']) {
        process.env.TZ = tz;
        expect(spellDate('2026-12-07', 'id'), tz).toBe('Senin, 7 Desember 2026');
        expect(spellDate('2026-12-07', 'en'), tz).toMatch(/^Monday,? 7 December 2026$/);
        expect(spellDate('2027-01-01', 'id'), tz).toBe('Jumat, 1 Januari 2027');
        expect(spellDate('2026-12-13', 'id'), tz).toBe('Minggu, 13 Desember 2026');
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('says nothing for what is no calendar date', () => {
    for (const text of ['', '2026-02-30', '2026-13-01', '07/12/2026', '2026-12-7']) expect(spellDate(text, 'id'), text).toBeNull();
  });
});

describe('spellDateTime', () => {
  it('adds the WITA wall time in the UI language on a 24-hour clock, whatever the time zone', () => {
    const zone = process.env.TZ;
    try {
      for (const tz of ['America/Los_Angeles', 'Asia/Makassar']) {
        process.env.TZ = tz;
        expect(spellDateTime('2026-12-07', '08:00', 'id'), tz).toBe('Senin, 7 Desember 2026, 08.00 WITA');
        expect(spellDateTime('2026-12-07', '20:30', 'en'), tz).toMatch(/^Monday,? 7 December 2026, 20:30 WITA$/);
        expect(spellDateTime('2026-12-07', '00:05', 'en'), tz).toMatch(/^Monday,? 7 December 2026, 00:05 WITA$/);
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('says the date alone without a time, and nothing without a date', () => {
    expect(spellDateTime('2026-12-07', '', 'id')).toBe('Senin, 7 Desember 2026');
    expect(spellDateTime('2026-12-07', '24:00', 'id')).toBe('Senin, 7 Desember 2026');
    expect(spellDateTime('', '08:00', 'id')).toBeNull();
  });
});
