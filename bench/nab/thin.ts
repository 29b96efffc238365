/**
 * node --import tsx bench/nab/thin.ts [--data ../shared/nab] [--out .tmp/nab-thin] [--drop 0.3] [--mode random|blocks] [--seed 7]
 *
 * NAB's shared split with readings missed, to check how the detector holds up on irregular series
 * (sensors that skip readings; NAB's traffic files are like that): every reading is dropped with
 * chance `drop` (`random`), or hour-long runs of 12 readings are dropped as often (`blocks`), except
 * the rows NAB's windows start and end at (the scorer needs them) and the 6 readings either side of
 * each labelled anomaly (dropping the anomaly itself would measure the data, not the detector).
 * Writes the same layout (data/<category>/<file>.csv, labels/) under `out`; score it with
 * `NAB_DATA=<out>/data node --import tsx bench/nab/variants.ts '[{}]'` or `npm run bench:nab -- --data <out>/data --no-write`.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const BLOCK = 12;
const AROUND_LABEL = 6;

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: resolve(import.meta.dirname, '../../../shared/nab') },
    out: { type: 'string', default: resolve(import.meta.dirname, '../../.tmp/nab-thin') },
    drop: { type: 'string', default: '0.3' },
    mode: { type: 'string', default: 'random' },
    seed: { type: 'string', default: '7' }
  }
});
const [src, out, drop, mode] = [resolve(values.data!), resolve(values.out!), Number(values.drop), values.mode];
if (!(drop >= 0 && drop < 1) || (mode !== 'random' && mode !== 'blocks')) throw new RangeError('--drop must be in [0, 1) and --mode random or blocks');

let state = (Number(values.seed) * 2654435761) >>> 0 || 1;
const chance = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
const stamp = (s: string) => s.split('.')[0];

const windows = JSON.parse(readFileSync(join(src, 'labels/combined_windows.json'), 'utf8')) as Record<string, [string, string][]>;
const labels = JSON.parse(readFileSync(join(src, 'labels/combined_labels.json'), 'utf8')) as Record<string, string[]>;
mkdirSync(join(out, 'labels'), { recursive: true });
for (const f of ['combined_windows.json', 'combined_labels.json']) copyFileSync(join(src, 'labels', f), join(out, 'labels', f));

let [kept, total] = [0, 0];
for (const [key, ws] of Object.entries(windows)) {
  const lines = readFileSync(join(src, 'data', key), 'utf8').split('\n').filter((l) => l.trim() !== '');
  const ts = lines.map((l) => l.split(',')[0]);
  const keep = new Set(ws.flat().map(stamp));
  const labelled = new Set((labels[key] ?? []).map(stamp));
  ts.forEach((t, i) => {
    if (!labelled.has(t)) return;
    for (let j = Math.max(1, i - AROUND_LABEL); j <= Math.min(ts.length - 1, i + AROUND_LABEL); j++) keep.add(ts[j]);
  });
  const rows = [lines[0]];
  for (let i = 1; i < lines.length; i++) {
    if (keep.has(ts[i])) rows.push(lines[i]);
    else if (mode === 'random') {
      if (chance() >= drop) rows.push(lines[i]);
    } else if (chance() < drop / BLOCK) {
      // an hour's run of readings missed (as far as the next row that must stay)
      let j = i;
      while (j < lines.length && j < i + BLOCK && !keep.has(ts[j])) j++;
      i = j - 1;
    } else rows.push(lines[i]);
  }
  mkdirSync(dirname(join(out, 'data', key)), { recursive: true });
  writeFileSync(join(out, 'data', key), `${rows.join('\n')}\n`);
  [kept, total] = [kept + rows.length - 1, total + lines.length - 1];
}
console.log(`${Object.keys(windows).length} files: ${kept} of ${total} readings kept (${((100 * kept) / total).toFixed(1)} %), written to ${out}`);
