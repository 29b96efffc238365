/** Runs a per-series scorer over NAB files: state reset per file, row by row, no labels read. */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { listNabFiles, readNabCsv, type NabFile, type NabSeries } from './csv';
import { labelRows } from './score';

export interface LoadedFile extends NabFile {
  series: NabSeries;
}

export type ScorerFactory = () => { score(ts: number, value: number): number };

/**
 * The folder holding <category>/<file>.csv: `dir` itself, or its `data/` when `dir` is the root
 * of a NAB layout (data/ and labels/ side by side): `data/` holds data files and `dir` has none
 * outside it (a CSV lying in data/ itself would look like a category called "data").
 */
export function nabDataDir(dir: string): string {
  const inner = join(dir, 'data');
  if (listNabFiles(dir).some((f) => f.category !== 'data') || !statSync(inner, { throwIfNoEntry: false })?.isDirectory()) return dir;
  return listNabFiles(inner).length > 0 ? inner : dir;
}

/**
 * Every data file, read. A file that cannot be read goes to `onError` (by name) and the others
 * are still read; without `onError` the first such error is thrown.
 */
export async function loadNabFiles(dataDir: string, onError?: (file: NabFile, err: unknown) => void): Promise<LoadedFile[]> {
  const out: LoadedFile[] = [];
  for (const f of listNabFiles(dataDir)) {
    try {
      out.push({ ...f, series: await readNabCsv(f.path) });
    } catch (err) {
      if (!onError) throw err;
      onError(f, err);
    }
  }
  return out;
}

export function runScorer(series: NabSeries, create: ScorerFactory): Float64Array {
  const scorer = create();
  const out = new Float64Array(series.values.length);
  for (let i = 0; i < out.length; i++) {
    const v = scorer.score(series.times[i], series.values[i]);
    out[i] = Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0;
  }
  return out;
}

/**
 * combined_windows.json from a `labels/` folder beside the data folder, or null when there is none.
 * Throws, naming the file, when it is not a JSON object (an entry's own shape: windowProblem).
 */
export function readWindows(dataDir: string): Record<string, [string, string][]> | null {
  const path = join(dataDir, '..', 'labels', 'combined_windows.json');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  let parsed: unknown;
  try {
    // a BOM (an editor's or a Windows export's) must not cost every file its labels and scores
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new Error(`${path}: not JSON (${(err as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${path}: not a JSON object of windows per file`);
  return parsed as Record<string, [string, string][]>;
}

/**
 * Why a file's label windows cannot be scored (not a list of [start, end] timestamps, or an edge
 * that is not one of its rows), or undefined when they can. A file without an entry has none.
 */
export function windowProblem(key: string, timestamps: readonly string[], windows: unknown): string | undefined {
  if (windows === undefined) return undefined;
  const pair = (w: unknown) => Array.isArray(w) && w.length === 2 && w.every((t) => typeof t === 'string');
  if (!Array.isArray(windows) || !windows.every(pair)) return `${key}: label windows are not a list of [start, end] timestamps`;
  try {
    labelRows(timestamps, windows as [string, string][], key);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * Per row, 1 inside one of the file's label windows and 0 elsewhere (NAB's results column
 * `label`); all 0 when the file has no windows or they cannot be placed (windowProblem says why).
 */
export function windowMembership(timestamps: readonly string[], windows: unknown): Uint8Array {
  const out = new Uint8Array(timestamps.length);
  if (windows === undefined || windowProblem('', timestamps, windows)) return out;
  const { window } = labelRows(timestamps, windows as [string, string][]);
  for (let i = 0; i < out.length; i++) out[i] = window[i] >= 0 ? 1 : 0;
  return out;
}
