/**
 * `npm run bench:faults [-- --n 50000 --rate 2500 --only ingest-kill,broker-restart]`
 *
 * The large versions of tests/integration/faults-*.test.ts: per fault, N readings published with
 * QoS 1 while the fault is injected several times; reports lost (goal 0), rewrites (points InfluxDB
 * accepted more than once: replays and re-sent batches, harmless overwrites), and recovery time per
 * fault, then appends a table to bench/RESULTS.md under "## bench:faults".
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FAULT_DESCRIPTIONS, runScenario, type FaultKind, type ScenarioResult } from './faults/scenarios';
import { appendSectionToFile } from './lib/results-file';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_FILE = path.join(ROOT, 'bench', 'RESULTS.md');
const HEADING = '## bench:faults';

/** Each fault and the shares of N at which it strikes. */
const PLAN: Record<FaultKind, number[]> = {
  'influx-kill': [0.25, 0.6],
  'ingest-kill': [0.2, 0.45, 0.7],
  'broker-restart': [0.3, 0.7],
  'ingest-term': [0.4]
};

const log = (m: string) => console.log(`[bench:faults] ${m}`);

function formatRow(r: ScenarioResult): string {
  const recovery = r.faults.map((f) => (f.recoveryMs / 1000).toFixed(1)).join(' / ');
  const exits = r.faults.some((f) => f.exitCode !== undefined) ? ` (exit ${r.faults.map((f) => f.exitCode).join(', ')})` : '';
  return `| ${FAULT_DESCRIPTIONS[r.fault]}${exits} | ${r.faults.length} | ${r.n} | ${r.stored} | ${r.lost} | ${r.rewrites} | ${r.publishRetries} | ${recovery} | ${(r.durationMs / 1000).toFixed(0)} |`;
}

function formatSection(results: ScenarioResult[], command: string, n: number, rate: number): string {
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  return [
    `### ${when} UTC · commit ${commit}`,
    '',
    `Command: \`${command}\` (N = ${n} flood readings per fault at ${rate}/s, QoS 1, persistent sessions; ${process.version}; each fault on its own InfluxDB 1.6 + Mosquitto 2 + ingest).`,
    '',
    '| fault | faults injected | N | stored | lost | rewrites | publish retries | recovery per fault (s) | run (s) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...results.map(formatRow),
    '',
    'lost = N − COUNT(water_level) (goal 0). rewrites = InfluxDB httpd pointsWrittenOK − stored readings − alert events: ' +
      'points written more than once (journal replay after a crash, batches re-sent after a failed write); same series and time, so they overwrite, never duplicate. ' +
      'Counted up to the moment of an InfluxDB kill, so slightly low for that row. Recovery = fault injected → InfluxDB holds more readings than the broker had acknowledged at the fault ' +
      '(includes the 5 s InfluxDB stays down and process start-up).',
    ''
  ].join('\n');
}

function appendResults(section: string): void {
  appendSectionToFile(RESULTS_FILE, HEADING, section);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { n: { type: 'string', default: '50000' }, rate: { type: 'string', default: '2500' }, only: { type: 'string' }, 'no-write': { type: 'boolean', default: false } }
  });
  const n = Number(values.n);
  const rate = Number(values.rate);
  if (!Number.isInteger(n) || n < 100 || !(rate > 0)) throw new Error('--n must be an integer ≥ 100 and --rate > 0');
  const faults = (values.only ? values.only.split(',') : Object.keys(PLAN)) as FaultKind[];
  for (const f of faults) if (!(f in PLAN)) throw new Error(`unknown fault "${f}"; known: ${Object.keys(PLAN).join(', ')}`);
  const results: ScenarioResult[] = [];
  for (const fault of faults) {
    log(`${FAULT_DESCRIPTIONS[fault]}: N = ${n} at ${rate}/s, faults at ${PLAN[fault].join(', ')} of N`);
    const r = await runScenario({ fault, n, ratePerS: rate, at: PLAN[fault], settleTimeoutMs: 120_000, log });
    log(formatRow(r));
    if (r.lost !== 0) log(`LOST ${r.lost}: messages ${r.missing.join(', ')}; ingest log tail:\n${r.ingestLogs.slice(-3000)}`);
    results.push(r);
  }
  const command = `npm run bench:faults${process.argv.length > 2 ? ' -- ' + process.argv.slice(2).join(' ') : ''}`;
  const section = formatSection(results, command, n, rate);
  console.log('\n' + section);
  if (!values['no-write']) {
    appendResults(section);
    log(`appended to ${path.relative(ROOT, RESULTS_FILE)}`);
  }
  return results.every((r) => r.lost === 0) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('[bench:faults] failed:', err instanceof Error ? err.stack : err);
    process.exit(1);
  }
);
