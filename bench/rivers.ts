/**
 * npm run bench:rivers -- --data <dir> [--straight-line] [--no-write] [--json <file>]
 *
 * Alerting on real river gauges: every river of a forecast split (../shared/forecast/README.md
 * layout) replayed through the whole detection engine and alert policy as the ingest builds them
 * (bench/rivers/replay.ts), scored by bench/rivers/score.ts (its header defines crossings, lead,
 * false emergency alerts and episodes). Prints the figures against issue 10's goals and appends
 * them with the command to bench/RESULTS.md under `## bench:rivers`. `--straight-line` runs the same
 * engine with rate_of_rise on its straight line only (the forecaster never trusted), to compare.
 */
import { execFileSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { callerPath } from './lib/args';
import { appendSectionToFile } from './lib/results-file';
import type { RuleDetector } from '../ingest/detect/context';
import { DETECTORS } from '../ingest/detect/index';
import { RATE_OF_RISE_DEFAULTS, createRateOfRiseDetector } from '../ingest/detect/rate-of-rise';
import { createUpstreamDetector } from '../ingest/detect/upstream';
import { splitDataDir } from './forecast/folders';
import { loadRivers } from './rivers/data';
import { replayRiver } from './rivers/replay';
import { mergeScores, perWeek, scoreRiver, type RiverScore } from './rivers/score';

const ROOT = resolve(import.meta.dirname, '..');
const RESULTS_PATH = resolve(ROOT, 'bench/RESULTS.md');
const HEADING = '## bench:rivers';

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

const pct = (a: number, b: number) => (b === 0 ? '–' : `${((100 * a) / b).toFixed(0)} %`);
const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

export function formatScore(s: RiverScore): string {
  const rules = Object.keys(s.alertsByRule).sort() as (keyof RiverScore['alertsByRule'])[];
  const warnedLeads = s.leadsMin.filter((l) => l > 0);
  const lines = [
    '| figure | value | goal |',
    '|---|---|---|',
    `| Siaga 3 crossings (after ≥ 6 h below) | ${s.crossings} | |`,
    `| warned ≥ 30 min ahead | ${s.warned30} (${pct(s.warned30, s.crossings)}) | ≥ 90 % |`,
    `| mean lead, all crossings / warned ones | ${mean(s.leadsMin).toFixed(0)} / ${mean(warnedLeads).toFixed(0)} min | |`,
    `| missed (no warning before the crossing) | ${s.missed} | |`,
    `| false emergency alerts per gauge-week | ${perWeek(s.falseEmergency, s.gaugeWeeksWarn)} (${s.falseEmergency} in ${s.gaugeWeeksWarn.toFixed(1)} gauge-weeks; ${Object.entries(s.falseByRule).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}) | ≤ 0.3 |`,
    `| false emergencies at a sensor_spike | ${s.emergencyAfterSpike} | 0 |`,
    `| maintenance alerts per gauge-week | ${perWeek(s.maintenance, s.gaugeWeeksAll)} (${s.maintenance} in ${s.gaugeWeeksAll.toFixed(1)} gauge-weeks) | real faults only |`,
    '',
    '| rule | alerts raised | episodes | alerts per episode |',
    '|---|---|---|---|',
    ...rules.map((r) => `| ${r} | ${s.alertsByRule[r]} | ${s.episodesByRule[r] ?? 0} | ${((s.alertsByRule[r] ?? 0) / Math.max(1, s.episodesByRule[r] ?? 0)).toFixed(2)} |`)
  ];
  return lines.join('\n');
}

/** The ingest's rules with the forecaster never confident enough: rate_of_rise is the straight line everywhere. */
function straightLineRules(): Record<string, RuleDetector> {
  const forecast = { ...RATE_OF_RISE_DEFAULTS.forecast, minConfidence: Infinity };
  return { ...DETECTORS, rate_of_rise: createRateOfRiseDetector({ forecast }), upstream_warning: createUpstreamDetector({ forecast }) } as Record<string, RuleDetector>;
}

function main(): void {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { data: { type: 'string' }, 'straight-line': { type: 'boolean' }, 'no-write': { type: 'boolean' }, json: { type: 'string' } } });
  if (!values.data) {
    console.error('bench:rivers: --data <dir> is required (a forecast split: <river>/network.json + <station>.csv)');
    process.exit(2);
  }
  const given = callerPath(values.data);
  let isDir = false;
  try {
    isDir = statSync(given).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) {
    console.error(`bench:rivers: --data ${given} is not a directory (expected <river>/network.json + <station>.csv)`);
    process.exit(2);
  }
  const dataDir = splitDataDir(given);
  if (dataDir !== given) console.error(`bench:rivers: reading the rivers of ${dataDir} (the split's data folder)`);
  const wall0 = Date.now();
  const detectors = values['straight-line'] ? straightLineRules() : undefined;
  const rivers = loadRivers(dataDir);
  if (rivers.length === 0) {
    // nothing to replay is a wrong --data, not a run with no alerts
    console.error(`bench:rivers: no river folder with a network.json under ${dataDir}`);
    process.exit(1);
  }
  const scores: RiverScore[] = [];
  const failed: string[] = [];
  let readings = 0;
  for (const river of rivers) {
    // one river's failure is said and the others still scored
    try {
      const r = replayRiver(river, detectors);
      const s = scoreRiver(river.gauges, r.alerts, river.stepS);
      readings += r.readings;
      scores.push(s);
      console.log(`${river.river}: ${river.gauges.length} gauges, ${r.readings} readings, ${r.alerts.length} alerts, crossings ${s.warned30}/${s.crossings} warned ≥ 30 min, ${s.falseEmergency} false emergencies`);
    } catch (e) {
      failed.push(`${river.river} (${(e as Error).message})`);
      console.error(`bench:rivers: ${river.river} failed: ${(e as Error).stack}`);
    }
  }
  const total = mergeScores(scores);
  const table = formatScore(total) + (failed.length ? `\n\nFAILED (not scored): ${failed.join('; ')}` : '');
  const wallS = (Date.now() - wall0) / 1000;
  console.log(`\n${table}\n`);
  if (values.json) writeFileSync(callerPath(values.json), JSON.stringify(total, null, 1));
  const command = ['npm run bench:rivers --', ...process.argv.slice(2)].join(' ');
  const status = git(['status', '--porcelain', '--', 'ingest/detect', 'ingest/forecast']);
  const dirty = status && status !== 'unknown' ? ' (ingest/detect or ingest/forecast had uncommitted changes)' : '';
  const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const entry = [
    `### ${stamp} UTC · commit ${git(['rev-parse', '--short', 'HEAD'])}${dirty}`,
    '',
    `Command: \`${command}\` (${rivers.length} rivers, ${total.gauges} gauges, ${readings} readings through the engine, tick every 60 s of data time; ${wallS.toFixed(0)} s wall on ${process.version}).`,
    '',
    table
  ].join('\n');
  if (!values['no-write']) {
    try {
      appendSectionToFile(RESULTS_PATH, HEADING, entry);
      console.log(`appended to ${RESULTS_PATH}`);
    } catch (e) {
      console.error(`bench:rivers: ${RESULTS_PATH} not appended (${(e as Error).message})`);
    }
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) main();
