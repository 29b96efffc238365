import { describe, expect, it } from 'vitest';
import { fromWitaInput, toWitaInput } from './wita-input';

describe('replay pickers in WITA', () => {
  it('shows and reads the wall time in WITA (UTC+8), not the browser zone', () => {
    const twoPmWita = Date.UTC(2026, 11, 6, 6, 0);
    expect(toWitaInput(twoPmWita)).toBe('2026-12-06T14:00');
    expect(fromWitaInput('2026-12-06T14:00')).toBe(twoPmWita);
    expect(fromWitaInput('2026-12-07T01:30:15')).toBe(Date.UTC(2026, 11, 6, 17, 30, 15));
  });

  it('round-trips across midnight and rejects what is not a datetime-local value', () => {
    const ms = Date.UTC(2026, 0, 31, 20, 5);
    expect(toWitaInput(ms)).toBe('2026-02-01T04:05');
    expect(fromWitaInput(toWitaInput(ms))).toBe(ms);
    expect(fromWitaInput('')).toBeNaN();
    expect(fromWitaInput('06/12/2026 14:00')).toBeNaN();
  });
});
