import { describe, expect, it } from 'vitest';
import { escapeTag, formatLine, quoteInfluxIdent, quoteInfluxString } from './line-protocol';

describe('line protocol escaping', () => {
  it('escapes tag and field-key specials', () => {
    expect(escapeTag('Samarinda Ulu')).toBe('Samarinda\\ Ulu');
    expect(escapeTag('a,b=c')).toBe('a\\,b\\=c');
  });
  it('cannot be broken into a second line or extra fields', () => {
    const line = formatLine('m', { sensor: 'x\nevil,t=1 f=2' }, { note: 'say "hi"\nflood=1' }, 5);
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toBe('m,sensor=x\\ evil\\,t\\=1\\ f\\=2 note="say \\"hi\\" flood=1" 5');
  });
  it('skips non-finite numbers and empty tags', () => {
    expect(formatLine('m', { a: '' }, { v: 1, w: Number.NaN }, 1)).toBe('m v=1 1');
  });
  it('quotes InfluxQL literals and identifiers', () => {
    expect(quoteInfluxString("x' OR 1=1 --")).toBe("'x\\' OR 1=1 --'");
    expect(quoteInfluxIdent('a"b')).toBe('"a\\"b"');
  });
});
