/**
 * npm run bench:detect -- [--sizes 1000,10000] [--rounds 120] [--repeats 3] [--no-write]
 *
 * The detection engine alone (no MQTT, no InfluxDB) over synthetic readings: every sensor of a
 * synthetic catalog (a third each flood, air, traffic) reports once per simulated minute, and the
 * engine ticks once per minute. Prints, per catalog size: readings/s on one core, a baseline in
 * the same run (a loop that only stores the reading in a Map: the floor any per-reading work
 * sits on), their ratio, the engine's own estimate of state bytes per sensor, and the growth per
 * sensor of the JS heap and of typed-array memory (off the heap) with forced GC (first repeat).
 * Rates are readings per CPU-second of this process (process.cpuUsage: time the neighbours held
 * the core does not count), medians of interleaved repeats. A second table times the statistical
 * rule alone (its per-sensor detector fed readings directly, no engine) at each size, against a
 * same-run baseline that keeps one EW mean per watched field (the least any per-series model
 * does), with its state per watched series. Appends both tables to bench/RESULTS.md under
 * `## bench:detect`.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Reading } from '../src/lib/core/reading';
import type { Catalog, Sensor, SensorKind } from '../src/lib/core/sensor';
import { availableParallelism, loadavg } from 'node:os';
import type { Detector } from '../src/lib/core/detector';
import { createDetectionEngine } from '../ingest/detect/engine';
import { createDetectors } from '../ingest/detect/index';
import { STATISTICAL_FIELDS, statisticalDetector } from '../ingest/detect/statistical';
import type { SizedSensorDetector } from '../ingest/detect/finding';
import { appendSectionToFile } from './lib/results-file';
import { gitCommit } from './lib/git';

const ROOT = resolve(import.meta.dirname, '..');
const RESULTS_PATH = resolve(ROOT, 'bench/RESULTS.md');
const HEADING = '## bench:detect';
const MIN_MS = 60_000;
const T0 = Date.UTC(2024, 2, 4, 0, 0, 0);
const VALUE_POOL = 4096;
const WARMUP_ROUNDS = 30;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export function createSyntheticCatalog(n: number): Catalog {
  const sensors: Sensor[] = [];
  const kinds: SensorKind[] = ['flood', 'air', 'traffic'];
  for (let i = 0; i < n; i++) {
    const kind = kinds[i % 3];
    const s: Sensor = { id: `s${i}`, kind, name: `Sensor ${i}`, district: `D${i % 10}`, lat: -0.5, lon: 117.1, intervalS: 60 };
    if (kind === 'flood') {
      s.flood = { siaga3: 200, siaga2: 218, siaga1: 240 };
      if (i + 3 < n && i % 9 === 0) s.downstream = [`s${i + 3}`];
    }
    if (kind === 'traffic') s.traffic = { freeFlowKmh: 50, capacityVehH: 2000 };
    sensors.push(s);
  }
  return { city: 'Synthetic', districts: [], sensors };
}

/** Pools of value objects per kind, so that making readings costs the same in engine and baseline. */
function createValuePools(): Record<SensorKind, Record<string, number>[]> {
  let seed = 42;
  const rnd = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  const pool = (f: (i: number) => Record<string, number>) => Array.from({ length: VALUE_POOL }, (_, i) => f(i));
  return {
    // Mostly normal, a slow swell into Siaga 3 now and then: some alerts, mostly quiet.
    flood: pool((i) => ({ water_level: 150 + 60 * Math.sin(i / 300) + 5 * rnd(), rainfall: rnd() < 0.8 ? 0 : 10 * rnd() })),
    air: pool(() => ({ pm25: 10 + 60 * rnd(), pm10: 20 + 80 * rnd() })),
    traffic: pool(() => ({ speed: 15 + 35 * rnd(), flow: 400 + 1500 * rnd(), occupancy: 5 + 20 * rnd() }))
  };
}

function* readings(catalog: Catalog, pools: Record<SensorKind, Record<string, number>[]>, fromRound: number, toRound: number): Generator<Reading | number> {
  for (let r = fromRound; r < toRound; r++) {
    const base = T0 + r * MIN_MS;
    for (let i = 0; i < catalog.sensors.length; i++) {
      const s = catalog.sensors[i];
      yield { sensorId: s.id, kind: s.kind, ts: base + (i % 1000), values: pools[s.kind][(r + i * 7) % VALUE_POOL] };
    }
    yield base + MIN_MS; // a clock tick at the end of each simulated minute
  }
}

interface SizeResult {
  sensors: number;
  readings: number;
  engineRate: number;
  /** The same engine without the statistical model, to show what the rules alone cost. */
  rulesOnlyRate: number;
  baselineRate: number;
  engineEstimateBytes: number;
  heapBytesPerSensor: number;
  /** Growth of typed-array backing stores (off the JS heap, so not in heapBytesPerSensor). */
  bufferBytesPerSensor: number;
  events: number;
}

/**
 * CPU seconds (user + system) this process used since `start`: "per core" means per CPU-second,
 * and on a shared machine wall time also counts the moments the neighbours held the core.
 */
function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1e6;
}

function runBaseline(catalog: Catalog, pools: ReturnType<typeof createValuePools>, rounds: number): number {
  const latest = new Map<string, Reading>();
  let n = 0;
  const start = process.cpuUsage();
  for (const item of readings(catalog, pools, WARMUP_ROUNDS, WARMUP_ROUNDS + rounds)) {
    if (typeof item === 'number') continue;
    latest.set(item.sensorId, item);
    n++;
  }
  return n / cpuSecondsSince(start);
}

function runEngine(catalog: Catalog, pools: ReturnType<typeof createValuePools>, rounds: number, detectors?: Record<string, Detector>): Omit<SizeResult, 'baselineRate' | 'rulesOnlyRate'> {
  gc();
  const { heapUsed: heapBefore, arrayBuffers: buffersBefore } = process.memoryUsage();
  const engine = createDetectionEngine({ catalog, detectors });
  let events = 0;
  const step = (item: Reading | number) => {
    if (typeof item === 'number') events += engine.tick(item).length;
    else events += engine.observe(item).length;
  };
  for (const item of readings(catalog, pools, 0, WARMUP_ROUNDS)) step(item);
  let n = 0;
  const start = process.cpuUsage();
  for (const item of readings(catalog, pools, WARMUP_ROUNDS, WARMUP_ROUNDS + rounds)) {
    step(item);
    if (typeof item !== 'number') n++;
  }
  const seconds = cpuSecondsSince(start);
  gc();
  const { heapUsed: heapAfter, arrayBuffers: buffersAfter } = process.memoryUsage();
  return {
    sensors: catalog.sensors.length,
    readings: n,
    engineRate: n / seconds,
    engineEstimateBytes: engine.stateBytesPerSensor(),
    heapBytesPerSensor: Math.max(0, (heapAfter - heapBefore) / catalog.sensors.length),
    bufferBytesPerSensor: Math.max(0, (buffersAfter - buffersBefore) / catalog.sensors.length),
    events
  };
}

interface StatisticalResult {
  sensors: number;
  rate: number;
  baselineRate: number;
  /** The detector's own estimate, per watched series (a sensor watches 1–2 fields). */
  bytesPerSeries: number;
  active: number;
}

/** Readings/s of the statistical rule alone, and of a one-EW-mean-per-field baseline, interleaved. */
function runStatistical(catalog: Catalog, pools: ReturnType<typeof createValuePools>, rounds: number): Omit<StatisticalResult, 'baselineRate'> & { baselineRate: number } {
  const series = catalog.sensors.reduce((n, s) => n + STATISTICAL_FIELDS[s.kind].length, 0);
  const dets = catalog.sensors.map((s) => statisticalDetector.create(s) as SizedSensorDetector);
  const means = catalog.sensors.map((s) => new Float64Array(STATISTICAL_FIELDS[s.kind].length));
  let active = 0;
  const time = (from: number, to: number, step: (i: number, r: Reading) => void): number => {
    let n = 0;
    const start = process.cpuUsage();
    for (const item of readings(catalog, pools, from, to)) {
      if (typeof item === 'number') continue;
      step(n++ % catalog.sensors.length, item);
    }
    return n / cpuSecondsSince(start);
  };
  const model = (i: number, r: Reading) => {
    if (dets[i].observe(r)?.active) active++;
  };
  const baseline = (i: number, r: Reading) => {
    const fields = STATISTICAL_FIELDS[r.kind];
    for (let k = 0; k < fields.length; k++) means[i][k] += 0.02 * ((r.values[fields[k]] ?? 0) - means[i][k]);
  };
  time(0, WARMUP_ROUNDS, model);
  time(0, WARMUP_ROUNDS, baseline);
  const rate = time(WARMUP_ROUNDS, WARMUP_ROUNDS + rounds, model);
  const baselineRate = time(WARMUP_ROUNDS, WARMUP_ROUNDS + rounds, baseline);
  // The rule's own estimate: typed-array growth sampled here would mostly show when V8 releases
  // the previous engine's slabs, not this rule's state (the engine table measures memory).
  const bytes = dets.reduce((n, d) => n + d.stateBytes(), 0);
  return { sensors: catalog.sensors.length, rate, baselineRate, active, bytesPerSeries: Math.round(bytes / series) };
}

function formatStatisticalTable(results: StatisticalResult[]): string {
  const k = (x: number) => `${Math.round(x / 1000)}k`;
  return [
    '| sensors | statistical rule alone, readings/s (1 core) | baseline (one EW mean per field) readings/s | baseline ÷ rule | state estimate B/watched series | active verdicts |',
    '| --- | --- | --- | --- | --- | --- |',
    ...results.map((r) => `| ${r.sensors} | ${k(r.rate)} | ${k(r.baselineRate)} | ${(r.baselineRate / r.rate).toFixed(1)}× | ${r.bytesPerSeries} | ${r.active} |`)
  ].join('\n');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function formatTable(results: SizeResult[]): string {
  const k = (x: number) => `${Math.round(x / 1000)}k`;
  return [
    '| sensors | readings timed (per repeat) | engine readings/s (1 core) | without statistical | baseline Map readings/s | baseline ÷ engine | baseline ÷ engine without statistical | state estimate B/sensor | heap growth B/sensor | typed-array growth B/sensor | alert events |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...results.map(
      (r) =>
        `| ${r.sensors} | ${r.readings} | ${k(r.engineRate)} | ${k(r.rulesOnlyRate)} | ${k(r.baselineRate)} | ${(r.baselineRate / r.engineRate).toFixed(1)}× | ${(r.baselineRate / r.rulesOnlyRate).toFixed(1)}× | ${r.engineEstimateBytes} | ${Math.round(r.heapBytesPerSensor)} | ${Math.round(r.bufferBytesPerSensor)} | ${r.events} |`
    )
  ].join('\n');
}


function main(): void {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { sizes: { type: 'string' }, rounds: { type: 'string' }, repeats: { type: 'string' }, 'no-write': { type: 'boolean' } }
  });
  const sizes = (values.sizes ?? '1000,10000').split(',').map(Number);
  const repeats = Math.max(1, Number(values.repeats ?? 3));
  const pools = createValuePools();
  const results: SizeResult[] = [];
  const statResults: StatisticalResult[] = [];
  for (const size of sizes) {
    // About 200k timed readings per size whatever the catalog, but at least 30 minutes of readings.
    const rounds = Number(values.rounds ?? Math.max(30, Math.round(200_000 / size)));
    const catalog = createSyntheticCatalog(size);
    const { statistical: _, ...rulesOnly } = createDetectors(catalog);
    // Interleaved repeats, medians reported: on a shared machine the load moves within seconds,
    // and a ratio of two runs taken at different moments would measure the neighbours.
    const all: ReturnType<typeof runEngine>[] = [];
    const rulesRates: number[] = [];
    const baseRates: number[] = [];
    for (let k = 0; k < repeats; k++) {
      baseRates.push(runBaseline(catalog, pools, rounds));
      all.push(runEngine(catalog, pools, rounds));
      rulesRates.push(runEngine(catalog, pools, rounds, rulesOnly as Record<string, Detector>).engineRate);
    }
    const engine = { ...all[0], engineRate: median(all.map((r) => r.engineRate)) };
    const stat = Array.from({ length: repeats }, () => runStatistical(catalog, pools, rounds));
    statResults.push({ ...stat[0], rate: median(stat.map((r) => r.rate)), baselineRate: median(stat.map((r) => r.baselineRate)) });
    results.push({ ...engine, rulesOnlyRate: median(rulesRates), baselineRate: median(baseRates) });
    console.log(`${size} sensors: ${Math.round(engine.engineRate)} readings/s, baseline ${Math.round(median(baseRates))}/s, ${engine.engineEstimateBytes} B/sensor (estimate), ${Math.round(engine.heapBytesPerSensor)} B/sensor (heap), ${Math.round(engine.bufferBytesPerSensor)} B/sensor (typed arrays)`);
  }
  const table = `${formatTable(results)}\n\nThe statistical rule alone:\n\n${formatStatisticalTable(statResults)}`;
  console.log(`\n${table}`);
  if (values['no-write']) return;
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const cmd = `npm run bench:detect${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const entry = `### ${when} UTC · commit ${gitCommit()}\n\nCommand: \`${cmd}\` (Node ${process.version}, one process, ${WARMUP_ROUNDS} warm-up minutes untimed; medians of ${values.repeats ?? 3} interleaved repeats; every rule in ingest/detect/index.ts including statistical; load average at the end ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores).\n\n${table}`;
  appendSectionToFile(RESULTS_PATH, HEADING, entry);
  console.log(`appended to ${RESULTS_PATH}`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) main();
