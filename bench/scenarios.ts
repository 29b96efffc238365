/**
 * npm run bench:scenarios -- [--seeds 1,2,3] [--days 7] [--warmup-h 24] [--intervals 60,600]
 *                            [--flood-stretch 1] [--format mixed|json|senml] [--no-write]
 *
 * Detection quality on the simulator's scenarios, scored against their ground truth, in simulated
 * time and in process (no MQTT, no InfluxDB): readings are built with the simulator's payload
 * builder and pass ingest's own decoder into the detection engine, which ticks every 5 simulated
 * seconds. Per seed: one run with every scenario in its own slot after a warm-up, and one quiet
 * baseline (`none`) of `--days` counted days. All of it once per reporting interval of
 * `--intervals` (every sensor at that interval; `--interval-s N` is `--intervals N`): by default
 * 1-minute sensors and 10-minute gauges (issue 10), whose goals are the same. Prints a table of
 * each figure against the issue's goals per interval and appends them, with the evidence, to
 * bench/RESULTS.md under `## bench:scenarios`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { validateCatalog } from '../src/lib/catalog/validate';
import { witaTime } from '../simulators/clock';
import { evaluateSeed, type EvaluateOptions, type SeedScore } from './scenarios/evaluate';
import { buildRows, formatDetails, formatTable } from './scenarios/report';
import { appendSectionToFile } from './lib/results-file';

const ROOT = resolve(import.meta.dirname, '..');
const RESULTS_PATH = resolve(ROOT, 'bench/RESULTS.md');
const HEADING = '## bench:scenarios';
const HOUR_MS = 3_600_000;
/** 1-minute sensors (the catalog's) and 10-minute gauges (the real rivers of issue 10). */
const DEFAULT_INTERVALS_S = '60,600';

function fail(message: string): never {
  console.error(`bench:scenarios: ${message}`);
  process.exit(2);
}

function positive(name: string, raw: string | undefined, fallback: number): number {
  const v = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(v) || v <= 0) fail(`--${name} must be a positive number`);
  return v;
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

type RunOptions = Pick<EvaluateOptions, 'catalog' | 'warmupMs' | 'baselineDays' | 'floodStretch' | 'format'> & { seeds: number[] };

/** Every seed with every sensor reporting every intervalS: its table and evidence, printed and returned. */
function intervalSection(run: RunOptions, intervalS: number): string {
  const results: SeedScore[] = run.seeds.map((seed) =>
    // Runs start at 03:00 WITA (warm-up), on a day of their own per seed.
    evaluateSeed({ ...run, seed, startMs: witaTime(2024, 3, 4 + seed, 3), intervalMs: intervalS * 1000, log: (line) => console.log(`every ${intervalS} s · ${line}`) })
  );
  const section = [`#### Every sensor reporting every ${intervalS} s`, '', formatTable(results, buildRows(results)), '', formatDetails(results)].join('\n');
  console.log(`\n${section}\n`);
  return section;
}

function main(): void {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      seeds: { type: 'string' }, days: { type: 'string' }, 'warmup-h': { type: 'string' }, 'interval-s': { type: 'string' }, intervals: { type: 'string' },
      'flood-stretch': { type: 'string' }, format: { type: 'string' }, 'no-write': { type: 'boolean' }
    }
  });
  const seeds = (values.seeds ?? '1,2,3').split(',').map((x) => Number(x));
  if (seeds.some((s) => !Number.isInteger(s))) fail('--seeds must be integers, comma-separated');
  const format = values.format ?? 'mixed';
  if (!['mixed', 'json', 'senml'].includes(format)) fail('--format must be mixed, json or senml');
  const days = positive('days', values.days, 7);
  const warmupH = positive('warmup-h', values['warmup-h'], 24);
  if (values.intervals !== undefined && values['interval-s'] !== undefined) fail('give --intervals or --interval-s, not both');
  const intervalsS = (values.intervals ?? values['interval-s'] ?? DEFAULT_INTERVALS_S).split(',').map((x) => positive('intervals', x, NaN));
  // The modelled storm floods at a real pace: no slowed-down copy unless asked for (scenario-time.ts).
  const floodStretch = positive('flood-stretch', values['flood-stretch'], 1);
  const checked = validateCatalog(JSON.parse(readFileSync(resolve(ROOT, process.env.PANTAU_CATALOG ?? 'src/lib/catalog/samarinda.json'), 'utf8')));
  if (!checked.ok) fail(`catalog invalid: ${checked.errors.join('; ')}`);
  const catalog = checked.catalog;

  const wall0 = Date.now();
  const run = { catalog, seeds, warmupMs: warmupH * HOUR_MS, baselineDays: days, floodStretch, format: format as 'mixed' };
  const sections = intervalsS.map((intervalS) => intervalSection(run, intervalS));
  const wallS = (Date.now() - wall0) / 1000;
  const command = ['npm run bench:scenarios', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
  const dirty = git(['status', '--porcelain', '--', 'ingest/detect', 'simulators']) ? ' (ingest/detect or simulators had uncommitted changes)' : '';
  const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const entry = [
    `### ${stamp} UTC · commit ${git(['rev-parse', '--short', 'HEAD'])}${dirty}`,
    '',
    `Command: \`${command}\` (${catalog.sensors.length} sensors every ${intervalsS.join(' s, then every ')} s simulated, ${format} payloads through ingest's decoder, ` +
      `engine tick every 5 s simulated; warm-up ${warmupH} h; baseline ${days} counted days per seed${floodStretch > 1 ? `; flood-rise also ${floodStretch}× slower` : ''}; ` +
      `${wallS.toFixed(0)} s wall on ${process.version}).`,
    '',
    sections.join('\n\n')
  ].join('\n');
  if (!values['no-write']) {
    appendSectionToFile(RESULTS_PATH, HEADING, entry);
    console.log(`appended to ${RESULTS_PATH}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) main();
