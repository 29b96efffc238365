/**
 * npm run bench:forecast -- [--data <dir>] [--out <dir>] [--no-results] [--learning] [--budget]
 *
 * The river-forecast benchmark of shared/forecast/README.md: every station and reading of
 * DATA/<river>/ gets the level forecast at +30/+60/+120 min by the ingest's own forecaster
 * (ingest/forecast), written to OUT/<river>/<station>.csv; the reference forecasters (persistence,
 * trend, arx; ported to TypeScript) run in the same process and are written under OUT/.reference/.
 * All are scored by bench/forecast/score.ts (a port of the README's score.py) and the table is
 * appended to bench/RESULTS.md. --every K keeps every K-th reading and --drop P drops each with
 * chance P (deterministic), to check coarser and gappy sensors on the same real water. --learning adds how fast a new gauge improves: the forecaster
 * started 0, 1, 3, 7 and 14 days before a fixed scoring window (the data's last 16 days).
 * --budget splits our error on moving water into high water, ordinary moves and spikes in the data.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { callerPath } from './lib/args';
import { appendSectionToFile } from './lib/results-file';
import { gitCommit } from './lib/git';
import { BASELINE_KINDS, MAX_GRID_STEPS, gridSpan, runBaseline, type StationRows } from './forecast/baselines';
import { ErrorBudget, budgetTable, highWaterHours } from './forecast/budget';
import { splitDataDir } from './forecast/folders';
import { asWritten, formatForecastCsv, listNetworks, readSeries, thinSeries, type Network, type Series, type StationForecasts } from './forecast/data';
import { goalLine, goals, scoreTable } from './forecast/report';
import { runOurs, type RunStats } from './forecast/run';
import { checkTrackPairs, trackCheckLine, trackPair } from './forecast/track-check';
import { ForecastScorer, type ForecastScores } from './forecast/score';

const ROOT = resolve(import.meta.dirname, '..');
const DAY_S = 86_400;

interface Loaded {
  net: Network;
  series: Series[];
}

function rowsToForecasts(series: Series, rows: StationRows, fromS = -Infinity): StationForecasts {
  const m: StationForecasts = new Map();
  series.ts.forEach((t, k) => {
    if (t < fromS) return;
    // scored as written: a forecast a hair under warn_cm that the file rounds up to it is a warning to score.py
    const [a, b, c] = rows[k].map(asWritten);
    const v: Record<number, number> = {};
    if (a !== null) v[30] = a;
    if (b !== null) v[60] = b;
    if (c !== null) v[120] = c;
    m.set(t, v);
  });
  return m;
}

function writeRows(dir: string, l: Loaded, all: StationRows[]): void {
  mkdirSync(join(dir, l.net.river), { recursive: true });
  l.net.stations.forEach((s, j) => writeFileSync(join(dir, l.net.river, `${s.id}.csv`), formatForecastCsv(l.series[j].ts, all[j], l.series[j].input)));
}

/** Adds one network's stations to a scorer (readings before `fromS` are not scored). */
function addNetwork(sc: ForecastScorer, l: Loaded, rows: StationRows[], fromS = -Infinity): void {
  l.net.stations.forEach((s, j) => {
    const keep = l.series[j].ts.map((t) => t >= fromS);
    const ser = { ts: l.series[j].ts.filter((_, k) => keep[k]), level: l.series[j].level.filter((_, k) => keep[k]) };
    sc.add(ser, rowsToForecasts(l.series[j], rows[j], fromS), s.warnCm);
  });
}

function addBudget(b: ErrorBudget, l: Loaded, rows: StationRows[]): void {
  const hw = highWaterHours(l.net.stations.map((s, j) => ({ series: l.series[j], warnCm: s.warnCm })));
  l.net.stations.forEach((_, j) => b.add(l.series[j], rowsToForecasts(l.series[j], rows[j]), hw));
}

const LEARNING_DAYS = [0, 1, 3, 7, 14];

/** The learning curve's window: from the data's last 16 days, or 14 days in if shorter. */
function learningWindowS(firstS: number, lastS: number): number {
  return Math.min(lastS - 16 * DAY_S, firstS + 14 * DAY_S);
}

/** How fast a new gauge improves: start D days before a fixed window, score only the window (network by network). */
function learningCurve(nets: readonly Network[], load: (net: Network) => Loaded, firstS: number, lastS: number): string {
  if (!(firstS <= lastS)) return 'Learning curve: no readings.';
  const windowS = learningWindowS(firstS, lastS);
  const days = LEARNING_DAYS.filter((d) => windowS - d * DAY_S >= firstS - DAY_S);
  const scorers = days.map(() => new ForecastScorer());
  for (const net of nets) {
    const l = load(net);
    days.forEach((d, i) => addNetwork(scorers[i], l, runOurs(l.net, l.series, {}, windowS - d * DAY_S, windowS).rows, windowS));
  }
  const lines = ['| history before the window | skill_event h30 / h60 / h120 | skill_all h60 | CSI h60 | crossings ≥ 30 min ahead |', '| --- | --- | --- | --- | --- |'];
  days.forEach((d, i) => {
    const s = scorers[i].result();
    const e = s.skillEvent;
    lines.push(`| ${d} days | ${e[30]} / ${e[60]} / ${e[120]} | ${s.skillAll[60]} | ${s.csi[60]} | ${s.warned30} of ${s.warnEvents} |`);
  });
  return `Learning curve (scoring window from ${new Date(windowS * 1000).toISOString().slice(0, 16)} UTC to the end; the forecaster started D days before it):\n\n${lines.join('\n')}`;
}

/** Ours on one river: a change that helps on average but hurts most rivers shows here. */
function riverRow(l: Loaded, rows: StationRows[]): string {
  const sc = new ForecastScorer();
  addNetwork(sc, l, rows);
  const s = sc.result();
  const [e, c] = [s.skillEvent, s.csi];
  return `| ${l.net.river} | ${e[30]} / ${e[60]} / ${e[120]} | ${c[30]} / ${c[60]} / ${c[120]} | ${s.warned30} of ${s.warnEvents} |`;
}

const RIVER_HEADER = ['| river (ours) | skill_event h30 / h60 / h120 | CSI h30 / h60 / h120 | crossings ≥ 30 min ahead |', '| --- | --- | --- | --- |'];

interface Options {
  data: string;
  out: string;
  every: number;
  drop: number;
  budget: boolean;
  learning: boolean;
  write: boolean;
  /** The command as given, for bench/RESULTS.md. */
  cmd: string;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      out: { type: 'string' },
      'no-results': { type: 'boolean' },
      learning: { type: 'boolean' },
      budget: { type: 'boolean' },
      every: { type: 'string', default: '1' },
      drop: { type: 'string', default: '0' }
    }
  });
  const [every, drop] = [Number(values.every), Number(values.drop)];
  if (!Number.isInteger(every) || every < 1) throw new RangeError('--every must be an integer ≥ 1');
  if (!(drop >= 0 && drop < 1)) throw new RangeError('--drop must be in [0, 1)');
  const [dataArg, outArg] = [values.data ?? '../shared/forecast/data', values.out ?? '.tmp/forecast-out'];
  const thinArgs = `${every > 1 ? ` --every ${every}` : ''}${drop > 0 ? ` --drop ${drop}` : ''}`;
  return {
    // paths given are the caller's, defaults the repo's
    data: values.data === undefined ? resolve(ROOT, dataArg) : callerPath(dataArg),
    out: values.out === undefined ? resolve(ROOT, outArg) : callerPath(outArg),
    every,
    drop,
    budget: !!values.budget,
    learning: !!values.learning,
    write: !values['no-results'],
    cmd: `npm run bench:forecast -- --data ${dataArg} --out ${outArg}${thinArgs}${values.budget ? ' --budget' : ''}${values.learning ? ' --learning' : ''}`
  };
}

/** What the run keeps across networks: running scores and sums, never a network's readings. */
interface Totals {
  scorers: ForecastScorer[];
  budgets: Map<string, ErrorBudget>;
  stats: RunStats;
  baseCpu: Record<string, number>;
  /** Per gauge: the track record it states at the end and its skill measured over the run. */
  pairs: ([number, number] | null)[];
  riverLines: string[];
  /** Networks whose own forecasts are written (a network that failed before gets empty cells). */
  written: Set<string>;
  /** Networks that failed, with why. */
  failed: string[];
  firstS: number;
  lastS: number;
}

const NAMES = ['pantau (ingest/forecast)', ...BASELINE_KINDS.map((k) => `${k} (reference)`)];

function newTotals(budget: boolean): Totals {
  return {
    scorers: NAMES.map(() => new ForecastScorer()),
    budgets: new Map(budget ? ['ours', ...BASELINE_KINDS.filter((k) => k !== 'persistence')].map((k) => [k, new ErrorBudget()]) : []),
    stats: { readings: 0, cpuMs: 0, stateBytes: 0, gauges: 0, bandTotal: [0, 0, 0], bandInside: [0, 0, 0] },
    baseCpu: Object.fromEntries(BASELINE_KINDS.map((k) => [k, 0])),
    pairs: [],
    riverLines: [...RIVER_HEADER],
    written: new Set(),
    failed: [],
    firstS: Infinity,
    lastS: -Infinity
  };
}

/** Ours and the references on one network: written to `out`, added to the totals. */
function runNetwork(t: Totals, l: Loaded, out: string): void {
  for (const ser of l.series) for (const x of ser.ts) [t.firstS, t.lastS] = [Math.min(t.firstS, x), Math.max(t.lastS, x)];
  const r = runOurs(l.net, l.series);
  writeRows(out, l, r.rows);
  t.written.add(l.net.river);
  for (const k of ['readings', 'cpuMs', 'stateBytes', 'gauges'] as const) t.stats[k] += r.stats[k];
  for (let h = 0; h < 3; h++) [t.stats.bandTotal[h], t.stats.bandInside[h]] = [t.stats.bandTotal[h] + r.stats.bandTotal[h], t.stats.bandInside[h] + r.stats.bandInside[h]];
  l.series.forEach((series, j) => t.pairs.push(trackPair({ series, rows: r.rows[j], stated: r.lastSkill60[j] })));
  addNetwork(t.scorers[0], l, r.rows);
  t.riverLines.push(riverRow(l, r.rows));
  const ours = t.budgets.get('ours');
  if (ours) addBudget(ours, l, r.rows);
  if (gridSpan(l.series).n > MAX_GRID_STEPS) process.stderr.write(`bench:forecast: ${l.net.river} spans over ${MAX_GRID_STEPS} steps of 10 min (a stray timestamp?): no reference forecasts for it\n`);
  BASELINE_KINDS.forEach((kind, k) => {
    const t0 = performance.now();
    const base = runBaseline(kind, l.net, l.series);
    t.baseCpu[kind] += performance.now() - t0;
    writeRows(join(out, '.reference', kind), l, base);
    addNetwork(t.scorers[k + 1], l, base);
    const b = t.budgets.get(kind);
    if (b) addBudget(b, l, base);
  });
}

/** CPU, state, band coverage and the track-record check, in one line. */
function perfLine(t: Totals): string {
  const { stats } = t;
  if (stats.readings === 0) return `${stats.gauges} gauges, no readings`;
  const usPerReading = (1000 * stats.cpuMs) / stats.readings;
  const arxUs = (1000 * t.baseCpu.arx) / stats.readings;
  const band = stats.bandInside.map((v, i) => `${Math.round((100 * v) / Math.max(1, stats.bandTotal[i]))} %`).join(' / ');
  return `${stats.gauges} gauges, ${stats.readings} readings; ours ${usPerReading.toFixed(1)} µs CPU per reading (arx reference port ${arxUs.toFixed(1)} µs, ratio ${(usPerReading / arxUs).toFixed(2)}), state ${Math.round(stats.stateBytes / stats.gauges)} B per gauge; band (nominal 80 %) holds ${band} of outcomes at 30 / 60 / 120 min; ${trackCheckLine(checkTrackPairs(t.pairs, t.pairs.length))}`;
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function main(): void {
  const o = parseOptions(process.argv.slice(2));
  if (!isDir(o.data)) {
    console.error(`bench:forecast: --data ${o.data} is not a directory (expected <river>/network.json + <station>.csv)`);
    process.exit(2);
  }
  const given = o.data;
  o.data = splitDataDir(o.data);
  if (o.data !== given) process.stderr.write(`bench:forecast: reading the rivers of ${o.data} (the split's data folder)\n`);
  if (o.out === o.data) {
    console.error('bench:forecast: --out must not be --data (the forecasts would overwrite the readings)');
    process.exit(2);
  }
  const thin = o.every > 1 || o.drop > 0;
  const load = (net: Network): Loaded => ({
    net,
    series: net.stations.map((s, j) => (thin ? thinSeries(readSeries(o.data, net.river, s.id), o.every, o.drop, j + 1) : readSeries(o.data, net.river, s.id)))
  });
  // One network at a time, each forgotten once scored and written: memory follows the largest
  // network, not the data set (the whole split in memory took ~230 MB per month of 45 gauges). About
  // 1.9 kB per reading of that network (its rows, the references' rows, the scorer's lookups): 9 months of
  // 14 gauges peaked at 1.0 GB, so package.json raises Node's 4 GB heap limit to 12 GB for a long series.
  const nets = listNetworks(o.data);
  if (nets.length === 0) {
    // nothing to forecast is a wrong --data, not a run: a caller must not take the empty OUT for results
    console.error(`bench:forecast: no river folder with a network.json under ${o.data}`);
    process.exit(1);
  }
  const t = newTotals(o.budget);
  nets.forEach((net, i) => {
    process.stderr.write(`bench:forecast: ${net.river} (${i + 1} of ${nets.length}, ${net.stations.length} gauges)\n`);
    const l = load(net);
    try {
      runNetwork(t, l, o.out);
    } catch (e) {
      // One river's failure must not cost the others their forecasts; its own rows still exist (empty: persistence).
      t.failed.push(`${net.river} (${(e as Error).message})`);
      process.stderr.write(`bench:forecast: ${net.river} failed: ${(e as Error).stack}\n`);
      if (!t.written.has(net.river)) writeRows(o.out, l, l.series.map((s) => s.ts.map(() => [null, null, null])));
    }
  });
  const rows: [string, ForecastScores][] = NAMES.map((n, k) => [n, t.scorers[k].result()]);
  const goalLines = goals(rows[0][1]).map(goalLine);
  const learning = o.learning ? `\n\n${learningCurve(nets, load, t.firstS, t.lastS)}` : '';
  const budget = o.budget ? `\n\nWhere the error on moving water lies (--budget):\n\n${budgetTable([...t.budgets].map(([n, b]) => [n, b.result()] as const))}` : '';
  const failed = t.failed.length ? `\n\nFAILED (empty forecasts written, scores incomplete): ${t.failed.join('; ')}` : '';
  const text = `${scoreTable(rows)}\n\n${t.riverLines.join('\n')}\n\n${perfLine(t)}\n\n${goalLines.join('\n')}${budget}${learning}${failed}`;
  console.log(text);
  if (!o.write) return;
  const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const entry = `### ${stamp} UTC · commit ${gitCommit()}\n\nCommand: \`${o.cmd}\` (Node ${process.version}; ${nets.length} networks; references ported from shared/forecast/baselines.py and scored by bench/forecast/score.ts in the same run).\n\n${text}`;
  try {
    appendSectionToFile(join(ROOT, 'bench/RESULTS.md'), '## bench:forecast', entry);
  } catch (e) {
    // the forecasts are written: a checkout where RESULTS.md cannot be written is no failed run
    process.stderr.write(`bench:forecast: bench/RESULTS.md not appended (${(e as Error).message})\n`);
  }
}

main();
