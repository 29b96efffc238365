import { describe, it, expect } from 'vitest';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadNabFiles, nabDataDir, readWindows, windowMembership, windowProblem } from './run';

/** A NAB layout in a temp folder: data/<category>/<file> and, when given, labels/combined_windows.json. */
function corpus(files: Record<string, string>, windows?: string): string {
  const root = mkdtempSync(join(tmpdir(), 'pantau-nab-run-'));
  for (const [key, text] of Object.entries(files)) {
    mkdirSync(join(root, 'data', key.split('/')[0]), { recursive: true });
    writeFileSync(join(root, 'data', key), text);
  }
  if (windows !== undefined) {
    mkdirSync(join(root, 'labels'));
    writeFileSync(join(root, 'labels', 'combined_windows.json'), windows);
  }
  return join(root, 'data');
}

describe('loadNabFiles', () => {
  it('reports a file it cannot read by name and still reads the others', async () => {
    const data = corpus({ 'c/a.csv': 'timestamp,value\n2015-09-01 00:00:00,1\n', 'd/z.csv': 'timestamp,value\n' });
    mkdirSync(join(data, 'c', 'folder.csv'));
    symlinkSync(join(data, 'nowhere.csv'), join(data, 'c', 'dangling.csv'));
    symlinkSync(join(data, 'nowhere'), join(data, 'dangling-category'));
    const failed: string[] = [];
    const files = await loadNabFiles(data, (f) => failed.push(f.key));
    expect(files.map((f) => f.key)).toEqual(['c/a.csv', 'd/z.csv']);
    expect(failed).toEqual(['c/dangling.csv', 'c/folder.csv']);
    await expect(loadNabFiles(data)).rejects.toThrow();
  });
});

describe('nabDataDir', () => {
  it("takes a NAB layout's root to its data folder and leaves a data folder as it is", () => {
    const data = corpus({ 'c/a.csv': 'timestamp,value\n' }, '{}');
    expect(nabDataDir(data)).toBe(data);
    expect(nabDataDir(join(data, '..'))).toBe(join(data, '..', 'data'));
    const empty = mkdtempSync(join(tmpdir(), 'pantau-nab-run-'));
    expect(nabDataDir(empty)).toBe(empty);
    writeFileSync(join(data, 'stray.csv'), 'timestamp,value\n');
    expect(nabDataDir(join(data, '..'))).toBe(join(data, '..', 'data'));
  });
});

describe('readWindows', () => {
  it('is null without labels, the windows when they parse, and an error naming the file otherwise', () => {
    expect(readWindows(corpus({ 'c/a.csv': '' }))).toBeNull();
    expect(readWindows(corpus({ 'c/a.csv': '' }, '{"c/a.csv": []}'))).toEqual({ 'c/a.csv': [] });
    expect(() => readWindows(corpus({ 'c/a.csv': '' }, '{"c/a.csv": [['))).toThrow(/combined_windows\.json: not JSON/);
    expect(readWindows(corpus({ 'c/a.csv': '' }, '\uFEFF{"c/a.csv": []}\r\n'))).toEqual({ 'c/a.csv': [] });
    expect(() => readWindows(corpus({ 'c/a.csv': '' }, '[]'))).toThrow(/not a JSON object/);
  });
});

describe('windowProblem', () => {
  const ts = ['2015-09-01 00:00:00', '2015-09-01 00:05:00', '2015-09-01 00:10:00'];
  it('accepts no entry, an empty list and windows whose edges are rows (with or without microseconds)', () => {
    expect(windowProblem('c/a.csv', ts, undefined)).toBeUndefined();
    expect(windowProblem('c/a.csv', ts, [])).toBeUndefined();
    expect(windowProblem('c/a.csv', ts, [['2015-09-01 00:05:00.000000', '2015-09-01 00:10:00']])).toBeUndefined();
  });
  it('names a window edge that is not a row, and windows of the wrong shape', () => {
    expect(windowProblem('c/a.csv', ts, [['2015-09-01 00:05:00', '2030-01-01 00:00:00']])).toMatch(/c\/a\.csv: window edge 2030-01-01 00:00:00 is not a data row/);
    expect(windowProblem('c/a.csv', ts, 'oops')).toMatch(/not a list of \[start, end\]/);
    expect(windowProblem('c/a.csv', ts, [['2015-09-01 00:05:00']])).toMatch(/not a list of \[start, end\]/);
  });
});

describe('windowMembership', () => {
  const ts = ['2015-09-01 00:00:00', '2015-09-01 00:05:00', '2015-09-01 00:10:00', '2015-09-01 00:15:00'];
  it('is 1 on the rows of a window, edges included, and 0 elsewhere', () => {
    expect([...windowMembership(ts, [['2015-09-01 00:05:00.000000', '2015-09-01 00:10:00.000000']])]).toEqual([0, 1, 1, 0]);
  });
  it('is all 0 without windows or when they cannot be placed', () => {
    expect([...windowMembership(ts, undefined)]).toEqual([0, 0, 0, 0]);
    expect([...windowMembership(ts, [['2015-09-01 00:05:00', '2030-01-01 00:00:00']])]).toEqual([0, 0, 0, 0]);
  });
});
