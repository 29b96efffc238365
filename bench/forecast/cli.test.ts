import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'pantau-forecast-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bench(name: 'forecast' | 'rivers', args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', `bench/${name}.ts`, ...args], { cwd: ROOT, encoding: 'utf8' });
}

/** A split root as shared/forecast lays it out: README.md beside data/<river>/. */
function splitRoot(): string {
  const root = join(dir, 'split');
  mkdirSync(join(root, 'data', 'r1'), { recursive: true });
  writeFileSync(join(root, 'README.md'), '# a split');
  writeFileSync(join(root, 'data', 'r1', 'network.json'), JSON.stringify({ river: 'R', step_s: 600, stations: [{ id: 'A', order: 0, warn_cm: 150 }] }));
  const rows = Array.from({ length: 60 }, (_, i) => `${new Date(Date.UTC(2021, 0, 1) + i * 600_000).toISOString()},${100 + i}`);
  writeFileSync(join(root, 'data', 'r1', 'A.csv'), ['timestamp,level_cm', ...rows].join('\n'));
  return root;
}

describe('bench:forecast and bench:rivers given the wrong folder', () => {
  const root = splitRoot();
  const empty = join(dir, 'empty');
  mkdirSync(empty);

  it('bench:forecast reads the data/ of a split root and writes one row per reading', () => {
    const out = join(dir, 'out');
    const run = bench('forecast', ['--data', root, '--out', out, '--no-results']);
    expect(run.status).toBe(0);
    expect(readFileSync(join(out, 'r1', 'A.csv'), 'utf8').trim().split('\n')).toHaveLength(61);
  }, 60_000);

  it('bench:forecast exits 1 on a folder without rivers, writing nothing', () => {
    const out = join(dir, 'out-empty');
    const run = bench('forecast', ['--data', empty, '--out', out, '--no-results']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/no river folder with a network\.json/);
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('bench:rivers reads the data/ of a split root, and exits 1 on a folder without rivers', () => {
    const ok = bench('rivers', ['--data', root, '--no-write']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/R: 1 gauges, 60 readings/);
    const bad = bench('rivers', ['--data', empty, '--no-write']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/no river folder with a network\.json/);
  }, 60_000);
});
