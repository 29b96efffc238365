import { describe, expect, it } from 'vitest';
import { parseQuietHours } from './quiet-hours';

describe('quiet hours from the form', () => {
  it('takes both times, none, or refuses', () => {
    expect(parseQuietHours('22:00', '06:00')).toEqual({ ok: true, quietHours: { startMin: 1320, endMin: 360 } });
    expect(parseQuietHours(' 22:00 ', '06:30')).toEqual({ ok: true, quietHours: { startMin: 1320, endMin: 390 } });
    expect(parseQuietHours('', '')).toEqual({ ok: true, quietHours: null });
    // one end alone, a malformed time, or blanks typed in a field are refused, not read as "no quiet hours"
    expect(parseQuietHours('22:00', '')).toEqual({ ok: false });
    expect(parseQuietHours('', '06:00')).toEqual({ ok: false });
    expect(parseQuietHours('22', '06:00')).toEqual({ ok: false });
    expect(parseQuietHours(' ', ' ')).toEqual({ ok: false });
  });
});
