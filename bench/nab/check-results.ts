/**
 * node --import tsx bench/nab/check-results.ts <data> <out>
 *
 * Checks bench:nab's output against its input as NAB's scorer would read it: for every
 * <data>/<category>/<file>.csv, <out>/<category>/pantau_<file>.csv exists with header
 * timestamp,value,anomaly_score (and label, 0 or 1, when written), one row per data row (blank
 * lines are not rows, as in pandas), each row's timestamp as in the data (unquoted, trimmed), and
 * a finite anomaly_score in [0, 1]; no NaN or Infinity in the value column. Its own parsing, deliberately not csv.ts's. Prints each
 * problem and exits 1 if there is one; an input it cannot read is listed, not counted.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const [data, out] = process.argv.slice(2);
if (!data || !out) throw new Error('usage: check-results.ts <data> <out>');

const rowsOf = (text: string) => text.split(/\r\n|\r|\n/).slice(1).filter((l) => l.trim() !== '');
const firstField = (line: string) => line.split(',')[0].trim().replace(/^"(.*)"$/, '$1').trim();

/** The problems of one file's output, empty when it is as NAB expects. */
function check(input: string, output: string): string[] {
  const want = rowsOf(input).map(firstField);
  const lines = output.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const problems: string[] = [];
  const columns = lines[0] === 'timestamp,value,anomaly_score,label' ? 4 : 3;
  if (columns === 3 && lines[0] !== 'timestamp,value,anomaly_score') problems.push(`header ${JSON.stringify(lines[0])}`);
  const body = lines.slice(1).map((l) => l.split(','));
  if (body.length !== want.length) problems.push(`${body.length} rows for ${want.length} data rows`);
  const ts = body.findIndex((r, i) => r[0] !== want[i]);
  if (ts >= 0 && ts < want.length) problems.push(`row ${ts + 1}: timestamp ${JSON.stringify(body[ts][0])}, data has ${JSON.stringify(want[ts])}`);
  const score = body.findIndex((r) => r.length !== columns || !(Number(r[2]) >= 0 && Number(r[2]) <= 1) || r[2].trim() === '');
  if (score >= 0) problems.push(`row ${score + 1}: anomaly_score ${JSON.stringify(body[score][2])}`);
  const label = columns === 4 ? body.findIndex((r) => r[3] !== '0' && r[3] !== '1') : -1;
  if (label >= 0) problems.push(`row ${label + 1}: label ${JSON.stringify(body[label][3])}`);
  const value = body.findIndex((r) => /^-?(nan|infinity)$/i.test(r[1] ?? ''));
  if (value >= 0) problems.push(`row ${value + 1}: value ${body[value][1]}`);
  return problems;
}

let [files, bad, unreadable] = [0, 0, 0];
for (const category of readdirSync(data).sort()) {
  if (!statSync(join(data, category), { throwIfNoEntry: false })?.isDirectory()) continue;
  for (const file of readdirSync(join(data, category)).sort().filter((f) => f.endsWith('.csv'))) {
    const key = `${category}/${file}`;
    let input: string;
    try {
      input = readFileSync(join(data, key), 'utf8');
    } catch (err) {
      unreadable++;
      console.log(`unreadable input ${key}: ${(err as Error).message}`);
      continue;
    }
    files++;
    let problems: string[];
    try {
      problems = check(input, readFileSync(join(out, category, `pantau_${file}`), 'utf8'));
    } catch (err) {
      problems = [`no output: ${(err as Error).message}`];
    }
    if (problems.length) bad++;
    for (const p of problems) console.log(`PROBLEM ${key}: ${p}`);
  }
}
console.log(`${files} outputs checked, ${bad} with problems; ${unreadable} inputs unreadable`);
if (bad > 0) process.exitCode = 1;
