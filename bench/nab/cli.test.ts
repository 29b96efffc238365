import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/** `rows` readings every 5 min from 2015-09-01, value `at(i)` ('' for a missing one). */
function file(rows: number, at: (i: number) => string): string {
  const t0 = Date.UTC(2015, 8, 1);
  const lines = Array.from({ length: rows }, (_, i) => `${new Date(t0 + i * 300_000).toISOString().slice(0, 19).replace('T', ' ')},${at(i)}`);
  return `timestamp,value\n${lines.join('\n')}\n`;
}

describe('npm run bench:nab on a folder with broken files', () => {
  it('writes every readable file row for row with NAB\'s label column, names each problem, and still exits 0: the other files\' results stand', () => {
    const root = mkdtempSync(join(tmpdir(), 'pantau-nab-cli-'));
    mkdirSync(join(root, 'data', 'c', 'folder.csv'), { recursive: true });
    mkdirSync(join(root, 'labels'));
    writeFileSync(join(root, 'data', 'c', 'a.csv'), file(300, (i) => (i % 40 === 7 ? '' : String(1e9 + (i % 5) * 1e6))));
    writeFileSync(join(root, 'data', 'c', 'b.csv'), file(300, (i) => String(i % 3)));
    writeFileSync(join(root, 'data', 'c', 'one.csv'), file(1, () => '4'));
    const windows = { 'c/a.csv': [['2015-09-01 20:00:00.000000', '2015-09-01 21:00:00.000000']], 'c/b.csv': [['2015-09-01 20:00:00', '2030-01-01 00:00:00']] };
    writeFileSync(join(root, 'labels', 'combined_windows.json'), JSON.stringify(windows));
    const out = join(root, 'out');
    const args = ['--import', 'tsx', 'bench/nab.ts', '--data', join(root, 'data'), '--out', out, '--no-write'];
    const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/bench:nab: 2 problem\(s\)/);
    expect(run.stderr).toMatch(/FAILED c\/folder\.csv: EISDIR/);
    expect(run.stderr).toMatch(/FAILED c\/b\.csv: not scored: c\/b\.csv: window edge 2030-01-01 00:00:00 is not a data row/);
    expect(run.stdout).toMatch(/scored 3 files/);
    const a = readFileSync(join(out, 'c', 'pantau_a.csv'), 'utf8').trim().split('\n');
    expect(a).toHaveLength(301);
    expect(a[0]).toBe('timestamp,value,anomaly_score,label');
    expect(a[8]).toBe('2015-09-01 00:35:00,,0,0');
    for (const line of a.slice(1)) {
      const score = Number(line.split(',')[2]);
      expect(score >= 0 && score <= 1).toBe(true);
    }
    // The window 20:00-21:00 is rows 240-252; b's window cannot be placed, so its labels are 0.
    expect(a.slice(1).map((l) => l.split(',')[3]).join('')).toBe('0'.repeat(240) + '1'.repeat(13) + '0'.repeat(47));
    const b = readFileSync(join(out, 'c', 'pantau_b.csv'), 'utf8').trim().split('\n');
    expect(b).toHaveLength(301);
    expect(b.every((l, i) => i === 0 || l.endsWith(',0'))).toBe(true);
    expect(readFileSync(join(out, 'c', 'pantau_one.csv'), 'utf8')).toBe('timestamp,value,anomaly_score,label\n2015-09-01 00:00:00,4,0,0\n');
  }, 60_000);

  it('reads the data folder of a NAB root it is given, and says so when a folder holds no data files', () => {
    const root = mkdtempSync(join(tmpdir(), 'pantau-nab-cli-'));
    mkdirSync(join(root, 'data', 'c'), { recursive: true });
    writeFileSync(join(root, 'data', 'c', 'a.csv'), file(20, (i) => String(i)));
    const bench = (data: string, extra: string[] = []) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'bench/nab.ts', '--data', data, '--out', join(root, 'out'), '--no-write', ...extra], { cwd: ROOT, encoding: 'utf8' });
    const run = bench(root, ['--no-label-column']);
    expect(run.status).toBe(0);
    const a = readFileSync(join(root, 'out', 'c', 'pantau_a.csv'), 'utf8').trim().split('\n');
    expect(a).toHaveLength(21);
    expect(a[0]).toBe('timestamp,value,anomaly_score');
    const empty = bench(join(root, 'out', 'c'));
    expect(empty.status).toBe(1);
    expect(empty.stderr).toMatch(/FAILED .*out\/c: no <category>\/<file>\.csv under it/);
  }, 60_000);

  it('exits 1 when no data file could be run: there are no results to stand', () => {
    const root = mkdtempSync(join(tmpdir(), 'pantau-nab-cli-'));
    mkdirSync(join(root, 'data', 'c', 'folder.csv'), { recursive: true });
    mkdirSync(join(root, 'labels'));
    writeFileSync(join(root, 'labels', 'combined_windows.json'), '{}');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/nab.ts', '--data', join(root, 'data'), '--out', join(root, 'out'), '--no-write'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toMatch(/FAILED c\/folder\.csv: EISDIR/);
    expect(run.status).toBe(1);
  }, 60_000);
});
