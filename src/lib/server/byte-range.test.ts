import { describe, expect, it } from 'vitest';
import { parseByteRange } from './byte-range';

describe('parseByteRange', () => {
  it('answers the ranges a PMTiles reader sends: first 16 KiB (clipped to the file), a tile, a suffix', () => {
    expect(parseByteRange('bytes=0-16383', 5000)).toEqual({ kind: 'partial', start: 0, end: 4999 });
    expect(parseByteRange('bytes=3780-3807', 5000)).toEqual({ kind: 'partial', start: 3780, end: 3807 });
    expect(parseByteRange('bytes=4000-', 5000)).toEqual({ kind: 'partial', start: 4000, end: 4999 });
    expect(parseByteRange('bytes=-100', 5000)).toEqual({ kind: 'partial', start: 4900, end: 4999 });
  });

  it('no header or one it does not take (several ranges, other units) means the whole file', () => {
    for (const h of [null, '', 'bytes=0-1,5-6', 'items=0-1', 'bytes=-']) expect(parseByteRange(h, 10)).toEqual({ kind: 'full' });
  });

  it('a range past the end or backwards cannot be served', () => {
    for (const h of ['bytes=10-20', 'bytes=5-2', 'bytes=-0']) expect(parseByteRange(h, 10)).toEqual({ kind: 'unsatisfiable' });
  });
});
