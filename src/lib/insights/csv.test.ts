import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv';
import { floodTable } from './tables';

describe('insights CSV', () => {
  it('quotes commas, quotes and line breaks, and defuses formulas', () => {
    expect(csvCell('Simpang Air Hitam, utara')).toBe('"Simpang Air Hitam, utara"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-1+1')).toBe("'-1+1");
    expect(csvCell(-1.5)).toBe('-1.5');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('writes comments, header and rows with CRLF, a comment never spilling onto a second line', () => {
    const text = toCsv({ columns: ['a', 'b'], rows: [[1, 'x'], [null, 'y\nz']] }, ['range\nfrom 1']);
    expect(text).toBe('# range from 1\r\na,b\r\n1,x\r\n,"y\nz"\r\n');
  });

  it('flattens a flood insight to one row per gauge or district and level', () => {
    const level = (siaga: 3 | 2 | 1, hours: number) => ({ siaga, thresholdCm: 100, episodes: 1, hours, maxDepthCm: 12.34 });
    const t = floodTable({
      from: 0, to: 1, bucketS: 600,
      gauges: [{ sensor: 'g', name: 'Pos G', district: 'D', kind: 'flood', levels: [level(3, 1.256), level(2, 0), level(1, 0)] }],
      districts: [{ district: 'D', gauges: 1, levels: [{ ...level(3, 1.256), thresholdCm: null }, level(2, 0), level(1, 0)] }]
    });
    expect(t.rows).toHaveLength(6);
    expect(t.rows[0]).toEqual(['gauge', 'g', 'Pos G', 'D', 3, 100, 1, 1.26, 12.3]);
    expect(t.rows[3]).toEqual(['district', 'D', 'D', 'D', 3, null, 1, 1.26, 12.3]);
  });
});
