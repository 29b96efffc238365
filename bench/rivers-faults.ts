/**
 * npm run bench:rivers-faults -- --data <dir> [--seed N] [--kinds stuck-6h,gap-2d,...] [--at any|flood] [--json <file>]
 *
 * Sensor faults on real river gauges: for each fault kind (bench/rivers-faults/inject.ts) one gauge
 * with warn_cm of every river of the split gets one seeded fault at a seeded time (--at flood: at a
 * seeded reading where that gauge stands at or above warn_cm; rivers with none are left out), and the river is
 * replayed through the ingest's engine and alert policy as bench:rivers replays it, against the
 * same river replayed clean. Per kind: false emergencies the fault raised, whether and how soon a
 * maintenance alert said so, crossings warned ≥ 30 min, and the faulted gauge's h60 forecast skill
 * on its readings after the fault, and flood_level alerts cleared or lowered while the clean gauge
 * stood above Siaga 3 (bench/rivers-faults/measure.ts defines each). Prints a table;
 * writes nothing unless --json.
 */
import { statSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createRandom } from '../src/lib/core/random';
import { callerPath } from './lib/args';
import { splitDataDir } from './forecast/folders';
import { ForecastScorer } from './forecast/score';
import { loadRivers, type River } from './rivers/data';
import type { AlertRecord } from './rivers/replay';
import { FAULT_KINDS, FAULT_PLACEMENTS, faultStart, faultStartInFlood, floodReadings, injectFault, type FaultKind, type FaultPlacement } from './rivers-faults/inject';
import { compareAlerts, replayWithForecasts, scoreForecasts, type EngineForecasts, type FaultOutcome, type FloodDrop } from './rivers-faults/measure';

interface CleanRun {
  alerts: AlertRecord[];
  forecasts: EngineForecasts;
  drops: readonly FloodDrop[];
}

interface KindResult {
  kind: FaultKind;
  outcomes: FaultOutcome[];
  skill: { clean: ForecastScorer; faulted: ForecastScorer };
}

/** One fault of `kind` in one gauge with warn_cm of `river` (placed by `at`), chosen by `rand`; its outcome. */
function runOne(river: River, clean: CleanRun, kind: FaultKind, at: FaultPlacement, rand: () => number, r: KindResult): FaultOutcome | null {
  const candidates = river.gauges.filter((g) => g.warnCm !== null && g.ts.length > 0 && (at === 'any' || floodReadings(g).length > 0));
  if (candidates.length === 0) return null;
  const g = candidates[Math.floor(rand() * candidates.length)];
  const start = at === 'flood' ? faultStartInFlood(g, rand) : faultStart(g, rand);
  if (start === null) return null;
  const { gauge, label } = injectFault(g, kind, start, rand);
  const faultedRiver = { ...river, gauges: river.gauges.map((x) => (x === g ? gauge : x)) };
  const faulted = replayWithForecasts(faultedRiver);
  const gi = river.gauges.indexOf(g);
  scoreForecasts(g, gauge, label, { clean: clean.forecasts[gi], faulted: faulted.forecasts[gi] }, r.skill);
  return compareAlerts(label, river, clean, faulted);
}

const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '–' : v.toFixed(3));
const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[xs.length >> 1] : null);

function row(r: KindResult): string {
  const o = r.outcomes;
  const sum = (f: (x: FaultOutcome) => number) => o.reduce((n, x) => n + f(x), 0);
  const rules = [...new Set(o.flatMap((x) => x.newFalseRules))].sort().join(', ');
  const delays = o.filter((x) => x.delayMin !== null).map((x) => x.delayMin as number);
  const [c, f] = [r.skill.clean.result(), r.skill.faulted.result()];
  return [
    r.kind,
    o.length,
    `${sum((x) => x.newFalseOnGauge)} / ${sum((x) => x.newFalseElsewhere)}${rules ? ` (${rules})` : ''}`,
    `${o.filter((x) => x.detected).length}/${o.length}`,
    delays.length ? `${median(delays)?.toFixed(0)} min` : '–',
    `${sum((x) => x.warnedClean)} → ${sum((x) => x.warnedFaulted)}${sum((x) => x.lostOnGauge) ? ` (${sum((x) => x.lostOnGauge)} lost at the faulted gauge while faulty)` : ''}`,
    `${fmt(c.skillEvent[60])} → ${fmt(f.skillEvent[60])}`,
    `${fmt(c.skillAll[60])} → ${fmt(f.skillAll[60])}`,
    `${sum((x) => x.clearedClean)} → ${sum((x) => x.clearedFaulted)}`
  ].join(' | ');
}

export function table(results: readonly KindResult[]): string {
  return [
    '| fault | faults | new false emergencies on the gauge / elsewhere (rules) | detected (maintenance alert) | median delay | crossings warned ≥ 30 min, clean → faulted | h60 event skill after the fault, clean → faulted | h60 skill (all), clean → faulted | flood alerts cleared or lowered above Siaga 3, clean → faulted |',
    '|---|---|---|---|---|---|---|---|---|',
    ...results.map((r) => `| ${row(r)} |`)
  ].join('\n');
}

function parse() {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { data: { type: 'string' }, seed: { type: 'string', default: '1' }, kinds: { type: 'string' }, at: { type: 'string', default: 'any' }, json: { type: 'string' } } });
  const dir = values.data ? callerPath(values.data) : '';
  if (!dir || !statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    console.error('bench:rivers-faults: --data <dir> (a forecast split: <river>/network.json + <station>.csv) is required');
    process.exit(2);
  }
  const kinds = values.kinds ? values.kinds.split(',') : [...FAULT_KINDS];
  const unknown = kinds.filter((k) => !(FAULT_KINDS as readonly string[]).includes(k));
  if (unknown.length) {
    console.error(`bench:rivers-faults: unknown --kinds ${unknown.join(', ')} (known: ${FAULT_KINDS.join(', ')})`);
    process.exit(2);
  }
  if (!(FAULT_PLACEMENTS as readonly string[]).includes(values.at)) {
    console.error(`bench:rivers-faults: unknown --at ${values.at} (known: ${FAULT_PLACEMENTS.join(', ')})`);
    process.exit(2);
  }
  const seed = Number(values.seed);
  return { dir: splitDataDir(dir), seed: Number.isInteger(seed) ? seed : 1, kinds: kinds as FaultKind[], at: values.at as FaultPlacement, json: values.json };
}

function main(): void {
  const opt = parse();
  const wall0 = Date.now();
  const rivers = loadRivers(opt.dir);
  const clean = rivers.map((r) => replayWithForecasts(r));
  console.error(`bench:rivers-faults: ${rivers.length} rivers replayed clean (${((Date.now() - wall0) / 1000).toFixed(0)} s)`);
  const results: KindResult[] = [];
  opt.kinds.forEach((kind) => {
    const r: KindResult = { kind, outcomes: [], skill: { clean: new ForecastScorer(), faulted: new ForecastScorer() } };
    rivers.forEach((river, i) => {
      // one generator per (kind, river): a kind run alone (--kinds) faults the same gauges at the same times
      const rand = createRandom(opt.seed * 1_000_003 + FAULT_KINDS.indexOf(kind) * 101 + i);
      const o = runOne(river, clean[i], kind, opt.at, rand, r);
      if (o) r.outcomes.push(o);
    });
    results.push(r);
    console.error(`bench:rivers-faults: ${kind} done (${((Date.now() - wall0) / 1000).toFixed(0)} s): ${row(r)}`);
  });
  const where = opt.at === 'flood' ? ', each starting where its gauge stood at or above warn_cm' : '';
  console.log(`\nSeed ${opt.seed}, ${rivers.length} rivers, one fault per river and kind${where}:\n\n${table(results)}\n`);
  if (opt.json) writeFileSync(callerPath(opt.json), JSON.stringify(results.map((r) => ({ kind: r.kind, outcomes: r.outcomes, skill: { clean: r.skill.clean.result(), faulted: r.skill.faulted.result() } })), null, 1));
}

if (process.argv[1] && process.argv[1].endsWith('rivers-faults.ts')) main();
