/**
 * bench:ingest: the ingest pipeline end to end on this machine, at rising rates.
 * Own Mosquitto + InfluxDB (temp dir, free loopback ports), ingest as a child process, a paced QoS 1
 * publisher over several connections with a scaled catalog (`--scale`, default 136 ≈ 10k sensors).
 * Per rate: readings/s published and stored, lost, drain time, ingest CPU per reading (/proc utime+stime),
 * publish→stored latency p50/p99 (probe sensors, see lib/probes.ts), ingest RSS. Baselines in the same
 * run: InfluxDB's raw batched write rate, the broker alone (plain subscriber counting) and the ingest
 * pipeline's own CPU per reading without MQTT (lib/pipeline.ts).
 * Appends the table to bench/RESULTS.md under "## bench:ingest".
 *
 *   npm run bench:ingest -- [--rates 5000,10000,20000,30000,40000] [--phase-s 20] [--scale 136] [--connections 4] [--pack 1]
 *
 * Rates are readings/s. With --pack N each message is a SenML pack of N readings of one sensor (a
 * gateway or logger sending what it buffered), so the broker carries rate/N messages/s.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { appendBenchResult } from './lib/results-file';
import { runBench } from './lib/bench-main';
import { measureBroker, measureRawWrites } from './lib/baselines';
import { createLoadPublisher } from './lib/load';
import { cpuSeconds, gitCommit, percentile, rssBytes, sleep, spawnTsx } from './lib/proc';
import { runPipeline } from './lib/pipeline';
import { createProbes } from './lib/probes';
import { createReadingSource, loadScaledCatalog, PACK_STEP_MS, writeCatalog, type ReadingSource } from './lib/readings';
import { influxSelect, startBenchStack, type BenchStack } from './lib/stack';
import { INGEST_NODE_FLAGS } from '../ingest/node-flags';
import type { Sensor, SensorKind } from '../src/lib/core/sensor';

const BASELINE_MS = 8_000;
/** Readings through the in-process pipeline baseline. */
const PIPELINE_READINGS = 100_000;
const DRAIN_TIMEOUT_MS = 30_000;
const PROBE_SENSORS = 8;
const DB = 'pantau';
/** Goals from the issue: per reading CPU, end-to-end rate with nothing lost, publish→stored p99. */
const GOAL_CPU_US = 7;
const GOAL_P99_MS = 1500;

const { values: args } = parseArgs({
  options: {
    rates: { type: 'string', default: '5000,10000,20000,30000,40000' },
    'phase-s': { type: 'string', default: '20' },
    scale: { type: 'string', default: '136' },
    connections: { type: 'string', default: '4' },
    pack: { type: 'string', default: '1' },
    'no-write': { type: 'boolean', default: false }
  }
});
const rates = args.rates!.split(',').map(Number);
const phaseMs = Number(args['phase-s']) * 1000;
const connections = Number(args.connections);
const pack = Number(args.pack);

interface PhaseResult {
  target: number;
  publishedPerS: number;
  storedPerS: number;
  lost: number;
  drainMs: number;
  cpuUsPerReading: number;
  p50: number;
  p99: number;
  probes: number;
  probesMissing: number;
  rssMb: number;
}

const log = (m: string) => console.log(`[bench:ingest] ${m}`);

async function countStored(influxUrl: string, fields: Map<SensorKind, string>, fromMs: number, toMs: number): Promise<number> {
  let total = 0;
  for (const [kind, field] of fields) {
    const rows = await influxSelect(influxUrl, DB, `SELECT count(${field}) FROM ${kind} WHERE time >= ${fromMs}ms AND time <= ${toMs}ms`);
    total += Number(rows[0]?.count ?? 0);
  }
  return total;
}

async function runPhase(stack: BenchStack, pid: number, source: ReadingSource, probes: Awaited<ReturnType<typeof createProbes>>, fields: Map<SensorKind, string>, target: number): Promise<PhaseResult> {
  const load = await createLoadPublisher({ url: stack.mqtt.url, connections, windowPerConnection: 2000, idPrefix: `bench-load-${target}` });
  // A pack's readings reach back (pack - 1) steps before its message: count from there, and start
  // that long after the previous phase so its readings are not counted twice.
  const packSpanMs = (pack - 1) * PACK_STEP_MS;
  await sleep(packSpanMs + 10);
  const t0 = Date.now();
  const cpu0 = cpuSeconds(pid);
  let rss = rssBytes(pid);
  const rssTimer = setInterval(() => (rss = Math.max(rss, rssBytes(pid))), 500);
  const progress = setInterval(() => log(`  ${target}/s: ${Math.round((Date.now() - t0) / 1000)} s`), 5000);
  const probeRun = probes.start();
  const result = await load.run({ ratePerS: target / pack, durationMs: phaseMs, next: (i) => source.message(i, Date.now()) });
  probeRun.stop();
  await load.drain(DRAIN_TIMEOUT_MS);
  const t1 = Date.now();
  clearInterval(progress);
  const expected = result.issued * pack;
  let stored = 0;
  // The probes are stored in the same measurement; count the load sensors' readings only through the total minus probes.
  const probeOutcome = probeRun.finish(DRAIN_TIMEOUT_MS);
  const { latencies, published, missing } = await probeOutcome;
  let drainedAt = Date.now();
  for (const deadline = t1 + DRAIN_TIMEOUT_MS; Date.now() < deadline; await sleep(500)) {
    stored = (await countStored(stack.influx.url, fields, t0 - packSpanMs, t1 + 1000)) - (published - missing);
    drainedAt = Date.now();
    if (stored >= expected) break;
  }
  const cpu = cpuSeconds(pid) - cpu0;
  clearInterval(rssTimer);
  await load.close();
  const sorted = latencies.sort((a, b) => a - b);
  const seconds = (t1 - t0) / 1000;
  return {
    target,
    publishedPerS: (result.issued * pack) / (result.elapsedMs / 1000),
    storedPerS: stored / seconds,
    lost: expected - stored,
    drainMs: Math.max(0, drainedAt - t1),
    cpuUsPerReading: (cpu / Math.max(1, stored + published)) * 1e6,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    probes: published,
    probesMissing: missing,
    rssMb: rss / 1024 ** 2
  };
}

/**
 * One reading per sensor before measuring: InfluxDB 1.x pays for each new series on its first write
 * (index), which would otherwise land on whichever rate runs first.
 */
async function warmUp(stack: BenchStack, source: ReadingSource, fields: Map<SensorKind, string>): Promise<void> {
  const t0 = Date.now();
  const load = await createLoadPublisher({ url: stack.mqtt.url, connections, windowPerConnection: 2000, idPrefix: 'bench-warm' });
  const n = source.sensors.length;
  await load.run({ ratePerS: 5000, durationMs: (n / 5000) * 1000 + 50, next: (i) => source.message(i % n, Date.now()) });
  await load.drain(DRAIN_TIMEOUT_MS);
  await load.close();
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; await sleep(1000)) {
    const stored = await countStored(stack.influx.url, fields, t0, Date.now() + 1000);
    if (stored >= n) break;
  }
  log(`warm-up: every sensor stored once in ${Date.now() - t0} ms (series created)`);
}

/** The pipeline's own CPU per reading: a warm-up run, then the measured one (bench/lib/pipeline.ts). */
async function measurePipeline(catalog: ReturnType<typeof loadScaledCatalog>): Promise<number> {
  const messages = Math.round(PIPELINE_READINGS / pack);
  await runPipeline(catalog, { messages: Math.round(messages / 5), pack });
  return (await runPipeline(catalog, { messages, pack })).cpuUsPerReading;
}

function sustained(r: PhaseResult): boolean {
  return r.lost === 0 && r.probesMissing === 0 && r.publishedPerS >= 0.97 * r.target && r.p99 <= GOAL_P99_MS;
}

function formatTable(results: PhaseResult[], rawRate: number, brokerRate: number, pipelineUs: number): string {
  const rows = results.map((r) =>
    [r.target, Math.round(r.publishedPerS), Math.round(r.storedPerS), r.lost, r.drainMs, r.cpuUsPerReading.toFixed(2), Math.round(1e6 / r.cpuUsPerReading), r.p50, r.p99, r.probes, Math.round(r.rssMb), (r.storedPerS / rawRate).toFixed(2), (r.storedPerS / brokerRate).toFixed(2), (r.cpuUsPerReading / pipelineUs).toFixed(2), sustained(r) ? 'yes' : 'no'].join(' | ')
  );
  return [
    '| target/s | published/s | stored/s | lost | drain ms | ingest CPU µs/reading | readings/core-s | p50 ms | p99 ms | probes | RSS MB | ÷ raw write | ÷ broker alone | CPU ÷ pipeline alone | sustained |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r} |`)
  ].join('\n');
}

async function main(): Promise<void> {
  const scale = Number(args.scale);
  const catalog = loadScaledCatalog(scale);
  const probeSensors = catalog.sensors.filter((s) => s.kind === 'flood').slice(0, PROBE_SENSORS);
  const probeIds = new Set(probeSensors.map((s) => s.id));
  const loadSensors: Sensor[] = catalog.sensors.filter((s) => !probeIds.has(s.id));
  const source = createReadingSource(loadSensors, 7, pack);
  const probeSource = createReadingSource(probeSensors);
  const fields = new Map<SensorKind, string>();
  for (const s of loadSensors) if (!fields.has(s.kind)) fields.set(s.kind, Object.keys(JSON.parse(createReadingSource([s]).messageFor(s, 0).payload).values)[0]);
  log(`${catalog.sensors.length} sensors (scale ${scale}); rates ${rates.join(', ')}/s for ${phaseMs / 1000} s each; ${connections} publisher connections; ${pack} reading(s) per message`);
  const loadAtStart = (await import('node:os')).loadavg()[0].toFixed(1);
  const stack = await startBenchStack('pantau-bench-ingest-');
  const children: Array<{ stop(): Promise<void> }> = [];
  try {
    log(`InfluxDB ${stack.influx.url}, Mosquitto ${stack.mqtt.url}`);
    const pipelineUs = await measurePipeline(catalog);
    log(`baseline: the ingest pipeline alone (one process, no MQTT) ${pipelineUs.toFixed(2)} µs CPU per reading`);
    const rawRate = await measureRawWrites(stack.influx.url, loadSensors, createReadingSource(loadSensors), BASELINE_MS);
    log(`baseline: InfluxDB raw batched writes ${Math.round(rawRate)} points/s`);
    const brokerMessages = await measureBroker(stack.mqtt.url, source, BASELINE_MS, connections);
    const brokerRate = brokerMessages * pack;
    log(`baseline: broker alone ${Math.round(brokerMessages)} messages/s (${Math.round(brokerRate)} readings/s) to one QoS 1 subscriber`);
    const catalogFile = writeCatalog(catalog, path.join(stack.dir, 'catalog.json'));
    const ingest = await spawnTsx({
      name: 'ingest',
      script: 'ingest/main.ts',
      env: { MQTT_URL: stack.mqtt.url, INFLUX_URL: stack.influx.url, INFLUX_DB: DB, PANTAU_CATALOG: catalogFile, INGEST_WAL_DIR: path.join(stack.dir, 'wal'), INGEST_CLIENT_ID: 'bench-ingest' },
      // BENCH_INGEST_PROFILE=<dir>: a V8 CPU profile of the ingest; BENCH_INGEST_NODE_ARGS: e.g. "--trace-gc" (with BENCH_ECHO=1).
      nodeArgs: [
        ...INGEST_NODE_FLAGS,
        ...(process.env.BENCH_INGEST_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_INGEST_PROFILE}`] : []),
        ...(process.env.BENCH_INGEST_NODE_ARGS?.split(' ').filter(Boolean) ?? [])
      ],
      readyLine: /connected to/,
      echo: process.env.BENCH_ECHO === '1'
    });
    children.push(ingest);
    await warmUp(stack, source, fields);
    const probes = await createProbes({ mqttUrl: stack.mqtt.url, influxUrl: stack.influx.url, db: DB, probes: probeSensors, source: probeSource });
    const results: PhaseResult[] = [];
    for (const target of rates) {
      log(`rate ${target}/s …`);
      const r = await runPhase(stack, ingest.pid, source, probes, fields, target);
      log(`  published ${Math.round(r.publishedPerS)}/s stored ${Math.round(r.storedPerS)}/s lost ${r.lost} drain ${r.drainMs} ms; CPU ${r.cpuUsPerReading.toFixed(2)} µs/reading; p50 ${r.p50} ms p99 ${r.p99} ms; RSS ${Math.round(r.rssMb)} MB`);
      results.push(r);
    }
    await probes.close();
    const table = formatTable(results, rawRate, brokerRate, pipelineUs);
    const best = results.filter(sustained).reduce((m, r) => Math.max(m, r.storedPerS), 0);
    const entry = [
      `### ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · commit ${gitCommit()}`,
      '',
      `Command: \`npm run bench:ingest -- --rates ${rates.join(',')} --phase-s ${phaseMs / 1000} --scale ${scale} --connections ${connections} --pack ${pack}\` (${catalog.sensors.length} sensors, Node ${process.version}, ${(await import('node:os')).cpus().length} cores; publisher, ingest, Mosquitto and InfluxDB share them; load average ${loadAtStart} at the start, ${(await import('node:os')).loadavg()[0].toFixed(1)} at the end: other work shared the machine).`,
      '',
      `Baselines (same run): InfluxDB raw batched line protocol ${Math.round(rawRate)} points/s (5000 lines per POST, 2 in flight); broker alone ${Math.round(brokerMessages)} messages/s = ${Math.round(brokerRate)} readings/s (same publisher flat out, one plain QoS 1 subscriber counting); the ingest pipeline alone ${pipelineUs.toFixed(2)} µs CPU per reading (createIngest fed the same messages in one process, no MQTT, writes to a loopback 204).`,
      '',
      table,
      '',
      `Highest sustained rate (nothing lost, ≥ 97 % of target published, p99 ≤ ${GOAL_P99_MS} ms): ${Math.round(best)} readings/s. Goals: ≤ ${GOAL_CPU_US} µs CPU per reading, ≥ 30k/s, p99 ≤ ${GOAL_P99_MS} ms. Latency: probe readings every 20 ms, InfluxDB polled every 50 ms (resolution ≈ 50 ms + one query).`
    ].join('\n');
    console.log('\n' + table + '\n');
    if (!args['no-write']) {
      appendBenchResult('ingest', entry);
    }
  } finally {
    for (const c of children) await c.stop();
    await stack.stop();
  }
}

runBench('ingest', main);
