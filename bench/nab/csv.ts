/**
 * NAB data files: header "timestamp,value", timestamps "YYYY-MM-DD HH:MM:SS" without a zone
 * (read as UTC). Node built-ins only, so the bench runs anywhere the project does.
 *
 * Every data row of a file gives one result row, whatever it holds (NAB's scorer expects the
 * data's rows, in order): a row it cannot read keeps its timestamp text and gets value NaN (the
 * detector skips it, score 0). Blank lines are not rows (pandas, which NAB reads with, skips them).
 */
import { readdirSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

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

/**
 * "2014-10-30 15:30:00" or "2014-10-30 15:30:00.000000" → epoch ms, NaN when malformed. Also the
 * forms pandas reads alike: a "T" between date and time, a trailing "Z", no seconds; other text
 * starting with a date as Date.parse reads it (a zone offset, say) rather than NaN, which would
 * leave the whole file unscored. Not any text: Date.parse reads "9999" as a year, and one such row
 * would put every later reading in the past for the detector.
 */
export function parseNabTime(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?Z?$/.exec(text.trim());
  if (!m) return /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}/.test(text.trim()) ? Date.parse(text) : Number.NaN;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0));
}

/** A CSV field without its surrounding blanks and double quotes. */
function field(text: string | undefined): string {
  const t = (text ?? '').trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replace(/""/g, '"').trim() : t;
}

/**
 * One data row: the timestamp as written (unquoted), its time, and the value of the second
 * column: NaN when empty or not a number (`Number('')` would read a missing reading as 0). Columns
 * after the second are ignored; a row without a comma is all timestamp.
 */
export function parseNabRow(line: string): { timestamp: string; time: number; value: number } {
  const [ts, text] = line.split(',', 2).map(field);
  return { timestamp: ts, time: parseNabTime(ts), value: text ? Number(text) : Number.NaN };
}

/** Label timestamps carry ".000000"; data rows do not. */
export function normalizeNabTimestamp(text: string): string {
  return text.trim().replace(/\.0+$/, '');
}

/**
 * Read whole (NAB files are a few MB at most): a stream's read error would not reach a
 * `for await` over readline but surface as an uncaught exception, ending the whole run.
 */
export async function readNabCsv(path: string): Promise<NabSeries> {
  const series: NabSeries = { timestamps: [], times: [], values: [] };
  const lines = (await readFile(path, 'utf8')).split(/\r\n|\r|\n/);
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const row = parseNabRow(lines[i]);
    series.timestamps.push(row.timestamp);
    series.times.push(row.time);
    series.values.push(row.value);
  }
  return series;
}

/** Every `<data>/<category>/<file>.csv`, sorted so runs are reproducible. */
export function listNabFiles(dataDir: string): NabFile[] {
  const out: NabFile[] = [];
  for (const category of readdirSync(dataDir).sort()) {
    const dir = join(dataDir, category);
    // A category that is not a folder (or a dangling link) holds no data files.
    if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) continue;
    for (const file of readdirSync(dir).sort()) {
      if (file.endsWith('.csv')) out.push({ category, file, key: `${category}/${file}`, path: join(dir, file) });
    }
  }
  return out;
}

/** A score as NAB's results file must hold it: finite, in [0, 1] (NaN or missing → 0). */
export function resultScore(score: number | undefined): number {
  return score !== undefined && score > 0 ? Math.min(1, score) : 0;
}

/**
 * NAB's results format: same rows in the same order as the data file. A value that is not a number
 * is written empty (as pandas writes NaN); a score outside [0, 1] is written as resultScore makes
 * it. With `labels` (1 inside a label window, else 0), NAB's fourth column `label`, as NAB's runner
 * adds it from its windows (not seen by the detector). Returns how many scores had to be repaired
 * (0 unless the detector misbehaved), for the caller to report. One write: a stream's open error
 * would surface as an uncaught exception.
 */
export async function writeResultCsv(path: string, series: NabSeries, scores: ArrayLike<number>, labels?: ArrayLike<number>): Promise<number> {
  let repaired = 0;
  const lines = [labels ? 'timestamp,value,anomaly_score,label\n' : 'timestamp,value,anomaly_score\n'];
  for (let i = 0; i < series.timestamps.length; i++) {
    const value = Number.isFinite(series.values[i]) ? series.values[i] : '';
    const score = resultScore(scores[i]);
    if (score !== scores[i]) repaired++;
    lines.push(`${series.timestamps[i]},${value},${score}${labels ? `,${labels[i] ? 1 : 0}` : ''}\n`);
  }
  await writeFile(path, lines.join(''), 'utf8');
  return repaired;
}
