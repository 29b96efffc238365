/**
 * `npm run bench:fuzz [-- --runs N] [--seed S] [--only <substring>] [--no-record]`
 * Runs every "no crash on bad input" property (tests/unit/fuzz-properties.ts) for N cases
 * (default 100k), prints cases/s and any counterexample, and appends the results with the exact
 * command to bench/RESULTS.md under "## bench:fuzz". Exit code 1 when a property fails.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { PROPERTIES, type PropertyName } from '../tests/unit/fuzz-properties';
import { appendSectionToFile } from './lib/results-file';
import { gitCommit } from './lib/git';

const DEFAULT_RUNS = 100_000;
const RESULTS_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), 'RESULTS.md');
const SECTION = '## bench:fuzz';

interface Outcome {
  name: string;
  runs: number;
  seconds: number;
  failed: boolean;
  counterexample?: string;
}

function runProperty(name: PropertyName, runs: number, seed: number): Outcome {
  const t0 = performance.now();
  const details = fc.check(PROPERTIES[name](), { numRuns: runs, seed });
  const seconds = (performance.now() - t0) / 1000;
  if (!details.failed) return { name, runs: details.numRuns, seconds, failed: false };
  const why = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  return {
    name,
    runs: details.numRuns,
    seconds,
    failed: true,
    counterexample: `${fc.stringify(details.counterexample)} (seed ${details.seed}, path "${details.counterexamplePath}"): ${why.slice(0, 400)}`
  };
}

function formatSection(outcomes: Outcome[], command: string, seed: number): string {
  const commit = gitCommit();
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const rows = outcomes.map(
    (o) => `| ${o.name} | ${o.runs} | ${o.seconds.toFixed(1)} | ${Math.round(o.runs / o.seconds)} | ${o.failed ? 'FAILED: ' + o.counterexample!.replace(/\|/g, '\\|').replace(/\n/g, ' ') : 'ok'} |`
  );
  return [
    `### ${when} UTC · commit ${commit}`,
    '',
    `Command: \`${command}\` (seed ${seed}; ${process.version}; ${loadNote()}).`,
    '',
    '| property | cases | s | cases/s | result |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    ''
  ].join('\n');
}

function loadNote(): string {
  try {
    return `load ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]} on ${availableParallelism()} cores`;
  } catch {
    return 'load unknown';
  }
}

/** Appends under "## bench:fuzz", creating the section at the end of the file when missing. */
function appendResults(section: string): void {
  appendSectionToFile(RESULTS_PATH, SECTION, section);
}

function main(): number {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: String(DEFAULT_RUNS) },
      seed: { type: 'string' },
      only: { type: 'string' },
      'no-record': { type: 'boolean', default: false }
    }
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${values.runs}`);
  const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
  const names = (Object.keys(PROPERTIES) as PropertyName[]).filter((n) => !values.only || n.includes(values.only));
  const outcomes: Outcome[] = [];
  for (const name of names) {
    const o = runProperty(name, runs, seed);
    outcomes.push(o);
    console.log(`${o.failed ? 'FAIL' : 'ok  '} ${name}: ${o.runs} cases in ${o.seconds.toFixed(1)} s (${Math.round(o.runs / o.seconds)} cases/s)`);
    if (o.counterexample) console.log(`     counterexample: ${o.counterexample}`);
  }
  const command = ['npm run bench:fuzz', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
  if (!values['no-record']) appendResults(formatSection(outcomes, command, seed));
  return outcomes.some((o) => o.failed) ? 1 : 0;
}

process.exitCode = main();
