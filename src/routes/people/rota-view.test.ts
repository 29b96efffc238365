import { describe, expect, it } from 'vitest';
import type { RotaShift } from '$lib/core/people';
import { formatMinutes, laneBars, parseMinutes, parseWitaDate, witaDate, witaInstant, witaMidnight } from './rota-view';

const H = 3_600_000;

describe('rota view', () => {
  it('works in WITA whatever the zone', () => {
    // 23:30 UTC on the 5th is 07:30 WITA on the 6th.
    const at = Date.parse('2026-12-05T23:30:00Z');
    expect(witaMidnight(at)).toBe(Date.parse('2026-12-05T16:00:00Z'));
    expect(witaDate(witaMidnight(at))).toBe('2026-12-06');
    expect(parseWitaDate('2026-12-06')).toBe(Date.parse('2026-12-05T16:00:00Z'));
    expect(parseWitaDate('06/12/2026')).toBeNull();
    expect(witaInstant('2026-12-06', '08:00')).toBe(Date.parse('2026-12-06T00:00:00Z'));
    expect(witaInstant('2026-12-06', '24:00')).toBeNull();
    expect(formatMinutes(22 * 60 + 5)).toBe('22:05');
    expect(parseMinutes('06:00')).toBe(360);
    expect(parseMinutes('6')).toBeNull();
  });

  it('places and clips a lane’s shifts in the week', () => {
    const from = parseWitaDate('2026-12-06')!;
    const shift = (id: number, start: number, end: number, role: 'primary' | 'backup' = 'primary'): RotaShift => ({ id, teamId: 'bpbd', personId: 'sari', role, start, end });
    const shifts = [shift(2, from + 84 * H, from + 92 * H), shift(1, from - 4 * H, from + 4 * H), shift(3, from + 164 * H, from + 172 * H), shift(4, from, from + 8 * H, 'backup'), shift(5, from + 200 * H, from + 208 * H)];
    const bars = laneBars(shifts, 'bpbd', 'primary', from);
    expect(bars.map((b) => b.shift.id)).toEqual([1, 2, 3]);
    expect(bars[0]).toMatchObject({ left: 0, width: (4 / 168) * 100 });
    expect(bars[1]).toMatchObject({ left: 50, width: (8 / 168) * 100 });
    expect(bars[2].left + bars[2].width).toBeCloseTo(100);
    expect(laneBars(shifts, 'dlh', 'primary', from)).toEqual([]);
  });
});
