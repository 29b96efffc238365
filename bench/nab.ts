/**
 * npm run bench:nab -- [--data <dir>] [--out <dir>]
 *
 * <dir> is NAB's data folder, or the folder holding data/ and labels/ (then its data/ is read).
 * The result files have NAB's four columns, timestamp,value,anomaly_score,label (label: 1 inside a
 * label window, else 0, as NAB's runner adds it; all 0 without labels; the detector never sees it);
 * `--no-label-column` writes the three of earlier runs.
 *
 * Runs the statistical rule's detector as the product runs it (the online scorer and the pattern
 * channel, each finding counted once per episode as the alert policy groups them: nab/onsets.ts) over
 * every NAB CSV under <data>/<category>/ (state reset per file, row by row, no labels read), writes
 * <out>/<category>/pantau_<file>.csv (the detector's score per reading, as NAB scores detectors), and
 * beside it the alerts the default alert policy raises from those findings (nab/alerts.ts: the real
 * engine and policy; lower, because the policy waits for two readings in a row), then, when a
 * labels/ folder sits beside <data>, scores it with our NAB scorer next to the baselineZ reference
 * (a check of the scorer: README says 35.6 / 29.0 / 44.5 on the development split) and appends
 * the numbers to bench/RESULTS.md, with each profile's threshold and a leave-one-category-out
 * score (the threshold chosen on four categories, applied to the fifth: how much the ranking of
 * scores across kinds of series can be trusted). `--no-write` prints without appending.
 *
 * A file it cannot read, whose detector run throws, or whose label windows do not fit its rows is
 * reported by name on stderr (FAILED <category>/<file>: why) and the others still run; such a
 * file is left out of the scores (if the detector threw, its CSV holds every row with score 0). The
 * exit code is 1 only when the run as a whole failed (no data files, none that could be run, or an
 * error outside any file): one bad file among many must not make a caller throw away every other
 * file's results.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { callerPath } from './lib/args';
import type { RuleDetector } from '../ingest/detect/context';
import { POLICY_RAISE_AFTER, createAnomalyScorer, type AnomalyScorer } from '../ingest/detect/statistical';
import { nabRule, productAlerts } from './nab/alerts';
import { runArtVariants, withProductPattern } from './nab/art';
import { scoreBaselineZ } from './nab/baseline-z';
import { writeResultCsv } from './nab/csv';
import { appendResultsSection, formatResultTable, type DetectorResult } from './nab/report';
import { loadNabFiles, nabDataDir, readWindows, runScorer, windowMembership, windowProblem, type LoadedFile } from './nab/run';
import { scoreCorpus, scoreLeaveOneCategoryOut, type ScoredFile } from './nab/score';
import { gitCommit } from './lib/git';

const ROOT = resolve(import.meta.dirname, '..');

function parseOptions(argv: string[]): { data: string; out: string; write: boolean; labelColumn: boolean } {
  const options = { data: { type: 'string' }, out: { type: 'string' }, 'no-write': { type: 'boolean' }, 'no-label-column': { type: 'boolean' } } as const;
  const { values } = parseArgs({ args: argv, options });
  return {
    // paths given are the caller's, defaults the repo's
    data: values.data === undefined ? resolve(ROOT, '../shared/nab/data') : callerPath(values.data),
    out: values.out === undefined ? resolve(ROOT, '.tmp/nab-results') : callerPath(values.out),
    write: !values['no-write'],
    labelColumn: values['no-label-column'] !== true
  };
}

/** Reports a file the bench could not handle, by name; `whole`: the run itself failed (exit code 1). */
const failed: string[] = [];
let wholeRunFailed = false;
function reportFailure(key: string, err: unknown, whole = false): void {
  failed.push(key);
  wholeRunFailed ||= whole;
  console.error(`FAILED ${key}: ${err instanceof Error ? err.message : String(err)}`);
}

type Windows = Record<string, [string, string][]>;

interface Corpus {
  ours: ScoredFile[];
  product: ScoredFile[];
  held: ScoredFile[];
  baseline: ScoredFile[];
}

/**
 * The file's pantau CSV. If the detector throws, the CSV still gets every row (score 0) so NAB's
 * scorer finds the file, and the failure is reported by name. Returns the scores (null on failure).
 */
async function writeDetectorCsv(f: LoadedFile, out: string, labels?: Uint8Array): Promise<{ scores: Float64Array; stateBytes: number } | null> {
  const path = join(out, f.category, `pantau_${f.file}`);
  mkdirSync(dirname(path), { recursive: true });
  try {
    let scorer: AnomalyScorer | undefined;
    const scores = runScorer(f.series, () => (scorer = createAnomalyScorer()));
    // The CSV is the detector's score per reading (what NAB scores); the alerts the policy raises
    // from it are scored beside it (a separate row), not written.
    const repaired = await writeResultCsv(path, f.series, withProductPattern(f.series, scores), labels);
    if (repaired > 0) reportFailure(f.key, new Error(`${repaired} scores NaN or outside [0, 1], written as 0 or clamped`));
    return { scores, stateBytes: scorer?.stateBytes() ?? 0 };
  } catch (err) {
    reportFailure(f.key, err);
    await writeResultCsv(path, f.series, new Float64Array(f.series.values.length), labels);
    return null;
  }
}

/** The file's rows in each scored detector's list, when its label windows can be scored. */
function addToCorpus(f: LoadedFile, scores: Float64Array, windows: Windows, corpus: Corpus, heldRule: RuleDetector): void {
  const problem = windowProblem(f.key, f.series.timestamps, windows[f.key]);
  if (problem) return reportFailure(f.key, new Error(`not scored: ${problem}`));
  const w = windows[f.key] ?? [];
  const row = (s: Float64Array): ScoredFile => ({ key: f.key, timestamps: f.series.timestamps, scores: s, windows: w });
  try {
    const [product, held, baseline] = [productAlerts(f.series), productAlerts(f.series, heldRule), scoreBaselineZ(f.series.values)];
    corpus.ours.push(row(scores));
    corpus.product.push(row(product));
    corpus.held.push(row(held));
    corpus.baseline.push(row(baseline));
  } catch (err) {
    reportFailure(f.key, new Error(`not scored: ${err instanceof Error ? err.message : String(err)}`));
  }
}

/** The label windows, or null (reported) when there are none or they cannot be read. */
function loadWindows(data: string): Windows | null {
  try {
    return readWindows(data);
  } catch (err) {
    reportFailure('labels/combined_windows.json', err);
    return null;
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options = parseOptions(argv);
  const { out, write } = options;
  const data = nabDataDir(options.data);
  const started = performance.now();
  const files = await loadNabFiles(data, (f, err) => reportFailure(f.key, err));
  if (files.length === 0 && failed.length === 0) reportFailure(data, new Error('no <category>/<file>.csv under it'), true);
  const windows = loadWindows(data);
  const corpus: Corpus = { ours: [], product: [], held: [], baseline: [] };
  // The rule's option (off in the product) that holds a lone finding until the policy raises it.
  const heldRule = nabRule({ raiseAfter: POLICY_RAISE_AFTER });
  let maxStateBytes = 0;
  let ran = 0;
  for (const [i, f] of files.entries()) {
    const t0 = performance.now();
    const labels = options.labelColumn ? windowMembership(f.series.timestamps, windows?.[f.key]) : undefined;
    const written = await writeDetectorCsv(f, out, labels);
    if (written) {
      ran++;
      maxStateBytes = Math.max(maxStateBytes, written.stateBytes);
      if (windows) addToCorpus(f, written.scores, windows, corpus, heldRule);
    }
    const ms = performance.now() - t0;
    console.log(`[${i + 1}/${files.length}] ${f.key}: ${f.series.values.length} rows, ${ms.toFixed(0)} ms`);
  }
  // Every data file failed: no results stand, so the run as a whole failed.
  if (ran === 0 && failed.length > 0) wholeRunFailed = true;
  const seconds = (performance.now() - started) / 1000;
  console.log(`scored ${files.length} files in ${seconds.toFixed(1)} s; results in ${out}`);
  if (!windows) {
    console.log(`no labels/combined_windows.json beside ${data}: not scoring`);
    return;
  }
  const { ours, baseline } = corpus;
  const scored = new Set(ours.map((f) => f.key));
  const art = runArtVariants(files.filter((f) => scored.has(f.key)), windows, ours, corpus);
  const results: DetectorResult[] = [
    { name: 'statistical scorer alone', scores: scoreCorpus(ours) },
    ...art.map((a) => ({ name: a.name, scores: scoreCorpus(a.files) })),
    { name: 'baselineZ (scorer check)', scores: scoreCorpus(baseline) }
  ];
  const table = formatResultTable(results);
  const p = results[0].scores;
  const artLines = art
    .map((a) => `${a.name}: LOCO ${scoreLeaveOneCategoryOut(a.files, 'standard').toFixed(1)}; ART state ${a.stateBytes} bytes per series, ${Math.round(a.rowsPerSecond).toLocaleString('en')} readings/s`)
    .join('; ');
  const checks =
    `Thresholds chosen (ours): standard ${p.standard.threshold.toFixed(4)}, reward low FP ${p.reward_low_FP_rate.threshold.toFixed(4)}, ` +
    `reward low FN ${p.reward_low_FN_rate.threshold.toFixed(4)}. Leave one category out (ours, standard): ` +
    `${scoreLeaveOneCategoryOut(ours, 'standard').toFixed(1)}; baselineZ ${scoreLeaveOneCategoryOut(baseline, 'standard').toFixed(1)}.\n\n` +
    `Adaptive-resonance channel (bench/nab/art.ts; "NAB info" = each file's min/max and NAB's probation, as NAB allows; ` +
    `"product" = a week of readings as probation and the range seen in it): ${artLines}.`;
  console.log(`\n${table}\n\n${checks}\n`);
  if (!write) return;
  const command = ['npm run bench:nab', ...(argv.length ? ['--', ...argv] : [])].join(' ');
  const entry = [
    `### ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · commit ${gitCommit()}`,
    '',
    `Command: \`${command}\` (data: ${data}; ${files.length} files, ${ours.reduce((n, f) => n + f.windows.length, 0)} windows; ` +
      `${seconds.toFixed(1)} s on ${process.version}; scorer state ${maxStateBytes} bytes per series).`,
    '',
    table,
    '',
    checks
  ].join('\n');
  appendResultsSection(join(ROOT, 'bench', 'RESULTS.md'), entry);
  console.log('appended to bench/RESULTS.md');
}

try {
  await main();
} catch (err) {
  reportFailure('bench:nab', err, true);
  if (err instanceof Error && err.stack) console.error(err.stack);
}
if (failed.length > 0) console.error(`bench:nab: ${failed.length} problem(s): ${failed.join(', ')}`);
if (wholeRunFailed) process.exitCode = 1;
