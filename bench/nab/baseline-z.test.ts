import { sharedDir } from '../../tests/helpers/shared-dir';
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { scoreBaselineZ } from './baseline-z';
import { listNabFiles, readNabCsv } from './csv';
import { scoreCorpus, type ScoredFile } from './score';

/** The shared NAB development split (shared/nab beside the project root), overridable for other checkouts. */
const NAB_DIR = process.env.PANTAU_NAB_DIR ? resolve(process.env.PANTAU_NAB_DIR) : sharedDir('nab');

describe('scoreBaselineZ', () => {
  it('is 0 for the first 30 readings and z/(z+3) after', () => {
    const values = [...Array.from({ length: 40 }, (_, i) => (i % 2 ? 1 : -1)), 4];
    const s = scoreBaselineZ(values);
    expect(s[29]).toBe(0);
    // history: 40 values ±1 → mean 0, population std 1 → z = 4 → 4/7
    expect(s[40]).toBeCloseTo(4 / 7, 12);
  });
  it('scores a missing reading 0 and leaves it out of the history (it made the next 1000 scores 1)', () => {
    const values = [...Array.from({ length: 40 }, (_, i) => (i % 2 ? 1 : -1)), Number.NaN, 0, 4];
    const s = scoreBaselineZ(values);
    expect(s[40]).toBe(0);
    expect(s[41]).toBe(0);
    expect(s[42]).toBeCloseTo(4 / 7, 2);
  });
});

describe('NAB scorer acceptance: baselineZ on the development split', () => {
  it('reproduces the README reference 35.6 / 29.0 / 44.5 within ±0.5', async () => {
    expect(existsSync(join(NAB_DIR, 'data')), `NAB data not found in ${NAB_DIR} (set PANTAU_NAB_DIR)`).toBe(true);
    const windows = JSON.parse(readFileSync(join(NAB_DIR, 'labels/combined_windows.json'), 'utf8'));
    const files: ScoredFile[] = [];
    for (const f of listNabFiles(join(NAB_DIR, 'data'))) {
      const s = await readNabCsv(f.path);
      files.push({ key: f.key, timestamps: s.timestamps, scores: scoreBaselineZ(s.values), windows: windows[f.key] });
    }
    const r = scoreCorpus(files);
    expect(r.standard.normalized).toBeGreaterThan(35.1);
    expect(r.standard.normalized).toBeLessThan(36.1);
    expect(r.reward_low_FP_rate.normalized).toBeGreaterThan(28.5);
    expect(r.reward_low_FP_rate.normalized).toBeLessThan(29.5);
    expect(r.reward_low_FN_rate.normalized).toBeGreaterThan(44.0);
    expect(r.reward_low_FN_rate.normalized).toBeLessThan(45.0);
  }, 60_000);
});
