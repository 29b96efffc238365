/** Runs a per-series scorer over NAB files: state reset per file, row by row, no labels read. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listNabFiles, readNabCsv, type NabFile, type NabSeries } from './csv';

export interface LoadedFile extends NabFile {
  series: NabSeries;
}

export type ScorerFactory = () => { score(ts: number, value: number): number };

export async function loadNabFiles(dataDir: string): Promise<LoadedFile[]> {
  const out: LoadedFile[] = [];
  for (const f of listNabFiles(dataDir)) out.push({ ...f, series: await readNabCsv(f.path) });
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

/** combined_windows.json from a `labels/` folder beside the data folder, or null when there is none. */
export function readWindows(dataDir: string): Record<string, [string, string][]> | null {
  try {
    return JSON.parse(readFileSync(join(dataDir, '..', 'labels', 'combined_windows.json'), 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
