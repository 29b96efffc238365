import { describe, it, expect } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseNabRow, parseNabTime, readNabCsv, resultScore, writeResultCsv } from './csv';

function tempPath(name: string, content?: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'pantau-nab-csv-'));
  const path = join(dir, name);
  if (content !== undefined) writeFileSync(path, content);
  return path;
}

describe('parseNabTime', () => {
  it('reads NAB timestamps with and without microseconds, and the forms pandas reads alike', () => {
    const t = Date.UTC(2015, 8, 1, 13, 5, 0);
    expect(parseNabTime('2015-09-01 13:05:00')).toBe(t);
    expect(parseNabTime('2015-09-01 13:05:00.000000')).toBe(t);
    expect(parseNabTime('2015-09-01T13:05:00Z')).toBe(t);
    expect(parseNabTime('2015-09-01 13:05')).toBe(t);
    expect(parseNabTime('2015-09-01T20:05:00+07:00')).toBe(t);
    expect(parseNabTime('2015-09-01 20:05:00 +0700')).toBe(t);
    expect(parseNabTime('not a time')).toBeNaN();
    expect(parseNabTime('9999')).toBeNaN();
  });
});

describe('parseNabRow', () => {
  it('reads an empty or non-numeric value as missing (NaN), not as 0', () => {
    expect(parseNabRow('2015-09-01 00:00:00,').value).toBeNaN();
    expect(parseNabRow('2015-09-01 00:00:00,  ').value).toBeNaN();
    expect(parseNabRow('2015-09-01 00:00:00,null').value).toBeNaN();
    expect(parseNabRow('2015-09-01 00:00:00,1e9').value).toBe(1e9);
  });
  it('keeps a row without a comma whole as its timestamp', () => {
    const r = parseNabRow('2015-09-01 05:00:00');
    expect(r.timestamp).toBe('2015-09-01 05:00:00');
    expect(r.time).toBe(Date.UTC(2015, 8, 1, 5));
    expect(r.value).toBeNaN();
  });
  it('unquotes fields and reads only the second column', () => {
    expect(parseNabRow('"2015-09-01 00:05:00","12.5"')).toEqual({ timestamp: '2015-09-01 00:05:00', time: Date.UTC(2015, 8, 1, 0, 5), value: 12.5 });
    expect(parseNabRow('2015-09-01 00:05:00, 7 ,0').value).toBe(7);
  });
});

describe('readNabCsv', () => {
  it('gives one row per data row across CRLF, a BOM, blank lines and no final newline', async () => {
    const path = tempPath('a.csv', '\ufefftimestamp,value\r\n2015-09-01 00:00:00,1\r\n\r\n2015-09-01 00:05:00.000000,\r\n2015-09-01 00:10:00,3');
    const s = await readNabCsv(path);
    expect(s.timestamps).toEqual(['2015-09-01 00:00:00', '2015-09-01 00:05:00.000000', '2015-09-01 00:10:00']);
    expect(s.values[0]).toBe(1);
    expect(s.values[1]).toBeNaN();
    expect(s.values[2]).toBe(3);
    expect(s.times[1]).toBe(Date.UTC(2015, 8, 1, 0, 5));
  });
  it('keeps a row whose bytes are not UTF-8 (value NaN)', async () => {
    const bytes = Buffer.concat([Buffer.from('timestamp,value\n2015-09-01 00:00:00,'), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]);
    const s = await readNabCsv(tempPath('b.csv', bytes));
    expect(s.timestamps).toEqual(['2015-09-01 00:00:00']);
    expect(s.values[0]).toBeNaN();
  });
  it('rejects a path it cannot read, catchably (a read stream error ended the whole process)', async () => {
    const dir = tempPath('dir.csv');
    mkdirSync(dir);
    await expect(readNabCsv(dir)).rejects.toThrow(/EISDIR/);
    await expect(readNabCsv(join(dir, 'missing.csv'))).rejects.toThrow(/ENOENT/);
  });
});

describe('writeResultCsv', () => {
  it('writes every row with its timestamp as read, a missing value empty and scores in [0, 1]', async () => {
    const series = {
      timestamps: ['2015-09-01 00:00:00.000000', '2015-09-01 00:05:00', '2015-09-01 00:10:00', '2015-09-01 00:15:00'],
      times: [0, 1, 2, 3],
      values: [1e21, Number.NaN, -2.5, 1e-7]
    };
    const path = tempPath('pantau_a.csv');
    const repaired = await writeResultCsv(path, series, [0.5, Number.NaN, 1.5, -0.1]);
    expect(repaired).toBe(3);
    expect(readFileSync(path, 'utf8')).toBe(
      'timestamp,value,anomaly_score\n2015-09-01 00:00:00.000000,1e+21,0.5\n2015-09-01 00:05:00,,0\n2015-09-01 00:10:00,-2.5,1\n2015-09-01 00:15:00,1e-7,0\n'
    );
  });
  it("adds NAB's label column when given the rows' window membership", async () => {
    const series = { timestamps: ['2015-09-01 00:00:00', '2015-09-01 00:05:00'], times: [0, 1], values: [3, 4] };
    const path = tempPath('pantau_l.csv');
    await writeResultCsv(path, series, [0, 0.5], Uint8Array.of(0, 1));
    expect(readFileSync(path, 'utf8')).toBe('timestamp,value,anomaly_score,label\n2015-09-01 00:00:00,3,0,0\n2015-09-01 00:05:00,4,0.5,1\n');
  });
  it('rejects when the file cannot be written instead of crashing the process', async () => {
    const series = { timestamps: ['2015-09-01 00:00:00'], times: [0], values: [1] };
    await expect(writeResultCsv(join(tempPath('x'), 'no', 'such', 'dir.csv'), series, [0])).rejects.toThrow(/ENOENT/);
  });
});

describe('resultScore', () => {
  it('maps NaN, missing and negative scores to 0 and caps at 1, leaving valid ones alone', () => {
    expect([Number.NaN, undefined, -1, 0, 0.25, 1, Infinity].map(resultScore)).toEqual([0, 0, 0, 0, 0.25, 1, 1]);
  });
});
