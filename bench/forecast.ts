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
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { appendSectionToFile } from './lib/results-file';
import { gitCommit } from './lib/git';
import { BASELINE_KINDS, runBaseline, type StationRows } from './forecast/baselines';
import { ErrorBudget, budgetTable, highWaterHours } from './forecast/budget';
import { formatForecastCsv, listNetworks, readSeries, thinSeries, type Network, type Series, type StationForecasts } from './forecast/data';
import { goalLine, goals, scoreTable } from './forecast/report';
import { runOurs, type RunStats } from './forecast/run';
import { checkTrackRecords, trackCheckLine, type TrackCheckGauge } from './forecast/track-check';
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
    const [a, b, c] = rows[k];
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
  l.net.stations.forEach((s, j) => writeFileSync(join(dir, l.net.river, `${s.id}.csv`), formatForecastCsv(l.series[j].ts, all[j])));
}

function score(loaded: readonly Loaded[], rowsOf: (l: Loaded) => StationRows[], fromS = -Infinity): ForecastScores {
  const sc = new ForecastScorer();
  for (const l of loaded) {
    const rows = rowsOf(l);
    l.net.stations.forEach((s, j) => {
      const keep = l.series[j].ts.map((t) => t >= fromS);
      const ser = { ts: l.series[j].ts.filter((_, k) => keep[k]), level: l.series[j].level.filter((_, k) => keep[k]) };
      sc.add(ser, rowsToForecasts(l.series[j], rows[j], fromS), s.warnCm);
    });
  }
  return sc.result();
}

/** The event error split by what the water was doing (bench/forecast/budget.ts), ours against the references. */
function errorBudget(loaded: readonly Loaded[], forecasters: readonly (readonly [string, ReadonlyMap<Loaded, StationRows[]>])[]): string {
  const budgets = forecasters.map(([name, rowsOf]) => {
    const b = new ErrorBudget();
    for (const l of loaded) {
      const hw = highWaterHours(l.net.stations.map((s, j) => ({ series: l.series[j], warnCm: s.warnCm })));
      const rows = rowsOf.get(l) as StationRows[];
      l.net.stations.forEach((_, j) => b.add(l.series[j], rowsToForecasts(l.series[j], rows[j]), hw));
    }
    return [name, b.result()] as const;
  });
  return `Where the error on moving water lies (--budget):\n\n${budgetTable(budgets)}`;
}

/** How fast a new gauge improves: start D days before a fixed window, score only the window. */
function learningCurve(loaded: readonly Loaded[]): string {
  const first = Math.min(...loaded.flatMap((l) => l.series.map((s) => s.ts[0])));
  const last = Math.max(...loaded.flatMap((l) => l.series.map((s) => s.ts[s.ts.length - 1])));
  const windowS = Math.min(last - 16 * DAY_S, first + 14 * DAY_S);
  const lines = ['| history before the window | skill_event h30 / h60 / h120 | skill_all h60 | CSI h60 | crossings ≥ 30 min ahead |', '| --- | --- | --- | --- | --- |'];
  for (const d of [0, 1, 3, 7, 14]) {
    const startS = windowS - d * DAY_S;
    if (startS < first - DAY_S) continue;
    const s = score(loaded, (l) => runOurs(l.net, l.series, {}, startS, windowS).rows, windowS);
    const e = s.skillEvent;
    lines.push(`| ${d} days | ${e[30]} / ${e[60]} / ${e[120]} | ${s.skillAll[60]} | ${s.csi[60]} | ${s.warned30} of ${s.warnEvents} |`);
  }
  return `Learning curve (scoring window from ${new Date(windowS * 1000).toISOString().slice(0, 16)} UTC to the end; the forecaster started D days before it):\n\n${lines.join('\n')}`;
}

/** Ours per river: a change that helps on average but hurts most rivers shows here. */
function riverTable(loaded: readonly Loaded[], ours: ReadonlyMap<Loaded, StationRows[]>): string {
  const lines = ['| river (ours) | skill_event h30 / h60 / h120 | CSI h30 / h60 / h120 | crossings ≥ 30 min ahead |', '| --- | --- | --- | --- |'];
  for (const l of loaded) {
    const s = score([l], (x) => ours.get(x) as StationRows[]);
    const [e, c] = [s.skillEvent, s.csi];
    lines.push(`| ${l.net.river} | ${e[30]} / ${e[60]} / ${e[120]} | ${c[30]} / ${c[60]} / ${c[120]} | ${s.warned30} of ${s.warnEvents} |`);
  }
  return lines.join('\n');
}

function main(): void {
  const { values } = parseArgs({
    args: process.argv.slice(2),
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
  const thin = every > 1 || drop > 0;
  const data = resolve(ROOT, values.data ?? '../shared/forecast/data');
  const out = resolve(ROOT, values.out ?? '.tmp/forecast-out');
  const loaded: Loaded[] = listNetworks(data).map((net) => ({
    net,
    series: net.stations.map((s, j) => (thin ? thinSeries(readSeries(data, net.river, s.id), every, drop, j + 1) : readSeries(data, net.river, s.id)))
  }));
  const ours = new Map<Loaded, StationRows[]>();
  const stats: RunStats = { readings: 0, cpuMs: 0, stateBytes: 0, gauges: 0, bandTotal: [0, 0, 0], bandInside: [0, 0, 0] };
  const tracked: TrackCheckGauge[] = [];
  for (const l of loaded) {
    const r = runOurs(l.net, l.series);
    ours.set(l, r.rows);
    l.series.forEach((series, j) => tracked.push({ series, rows: r.rows[j], stated: r.lastSkill60[j] }));
    writeRows(out, l, r.rows);
    for (const k of ['readings', 'cpuMs', 'stateBytes', 'gauges'] as const) stats[k] += r.stats[k];
    for (let i = 0; i < 3; i++) [stats.bandTotal[i], stats.bandInside[i]] = [stats.bandTotal[i] + r.stats.bandTotal[i], stats.bandInside[i] + r.stats.bandInside[i]];
  }
  const rows: [string, ForecastScores][] = [['pantau (ingest/forecast)', score(loaded, (l) => ours.get(l) as StationRows[])]];
  const baseCpu: Record<string, number> = {};
  const budgetRows: [string, ReadonlyMap<Loaded, StationRows[]>][] = [['ours', ours]];
  for (const kind of BASELINE_KINDS) {
    const t0 = performance.now();
    const base = new Map(loaded.map((l) => [l, runBaseline(kind, l.net, l.series)] as const));
    baseCpu[kind] = performance.now() - t0;
    for (const l of loaded) writeRows(join(out, '.reference', kind), l, base.get(l) as StationRows[]);
    rows.push([`${kind} (reference)`, score(loaded, (l) => base.get(l) as StationRows[])]);
    if (kind !== 'persistence') budgetRows.push([kind, base]);
  }
  const perRiver = riverTable(loaded, ours);
  const usPerReading = (1000 * stats.cpuMs) / stats.readings;
  const arxUs = (1000 * baseCpu.arx) / stats.readings;
  const table = scoreTable(rows);
  const goalLines = goals(rows[0][1]).map(goalLine);
  const perf = `${stats.gauges} gauges, ${stats.readings} readings; ours ${usPerReading.toFixed(1)} µs CPU per reading (arx reference port ${arxUs.toFixed(1)} µs, ratio ${(usPerReading / arxUs).toFixed(2)}), state ${Math.round(stats.stateBytes / stats.gauges)} B per gauge; band (nominal 80 %) holds ${stats.bandInside.map((v, i) => `${Math.round((100 * v) / Math.max(1, stats.bandTotal[i]))} %`).join(' / ')} of outcomes at 30 / 60 / 120 min; ${trackCheckLine(checkTrackRecords(tracked))}`;
  const learning = values.learning ? `\n\n${learningCurve(loaded)}` : '';
  const budget = values.budget ? `\n\n${errorBudget(loaded, budgetRows)}` : '';
  const text = `${table}\n\n${perRiver}\n\n${perf}\n\n${goalLines.join('\n')}${budget}${learning}`;
  console.log(text);
  if (values['no-results']) return;
  const thinArgs = `${every > 1 ? ` --every ${every}` : ''}${drop > 0 ? ` --drop ${drop}` : ''}`;
  const cmd = `npm run bench:forecast -- --data ${values.data ?? '../shared/forecast/data'} --out ${values.out ?? '.tmp/forecast-out'}${thinArgs}${values.budget ? ' --budget' : ''}${values.learning ? ' --learning' : ''}`;
  const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ');
  appendSectionToFile(join(ROOT, 'bench/RESULTS.md'), '## bench:forecast', `### ${stamp} UTC · commit ${gitCommit()}\n\nCommand: \`${cmd}\` (Node ${process.version}; ${loaded.length} networks; references ported from shared/forecast/baselines.py and scored by bench/forecast/score.ts in the same run).\n\n${text}`);
}

main();
