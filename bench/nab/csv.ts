/**
 * NAB data files: header "timestamp,value", timestamps "YYYY-MM-DD HH:MM:SS" without a zone
 * (read as UTC). Node built-ins only, so the bench runs anywhere the project does.
 */
import { createReadStream, createWriteStream, readdirSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface NabSeries {
  /** Timestamps exactly as in the file (labels are matched against these). */
  timestamps: string[];
  /** Epoch milliseconds of each row (UTC). */
  times: number[];
  values: number[];
}

export interface NabFile {
  category: string;
  /** File name, e.g. "nyc_taxi.csv". */
  file: string;
  /** "<category>/<file>", the key in NAB's label files. */
  key: string;
  path: string;
}

/** "2014-10-30 15:30:00" or "2014-10-30 15:30:00.000000" → epoch ms, NaN when malformed. */
export function parseNabTime(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?$/.exec(text.trim());
  if (!m) return Number.NaN;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
}

/** Label timestamps carry ".000000"; data rows do not. */
export function normalizeNabTimestamp(text: string): string {
  return text.trim().replace(/\.0+$/, '');
}

export async function readNabCsv(path: string): Promise<NabSeries> {
  const series: NabSeries = { timestamps: [], times: [], values: [] };
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let header = true;
  for await (const line of lines) {
    if (header) {
      header = false;
      continue;
    }
    if (line.trim() === '') continue;
    const comma = line.indexOf(',');
    const ts = line.slice(0, comma).trim();
    series.timestamps.push(ts);
    series.times.push(parseNabTime(ts));
    series.values.push(Number(line.slice(comma + 1)));
  }
  return series;
}

/** Every `<data>/<category>/<file>.csv`, sorted so runs are reproducible. */
export function listNabFiles(dataDir: string): NabFile[] {
  const out: NabFile[] = [];
  for (const category of readdirSync(dataDir).sort()) {
    const dir = join(dataDir, category);
    if (!statSync(dir).isDirectory()) continue;
    for (const file of readdirSync(dir).sort()) {
      if (file.endsWith('.csv')) out.push({ category, file, key: `${category}/${file}`, path: join(dir, file) });
    }
  }
  return out;
}

/** NAB's results format: same rows in the same order as the data file. */
export async function writeResultCsv(path: string, series: NabSeries, scores: ArrayLike<number>): Promise<void> {
  const out = createWriteStream(path, 'utf8');
  out.write('timestamp,value,anomaly_score\n');
  for (let i = 0; i < series.timestamps.length; i++) {
    const line = `${series.timestamps[i]},${series.values[i]},${scores[i]}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
