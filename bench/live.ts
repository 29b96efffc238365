/**
 * bench:live: publish → browser latency through the whole live path (sensor → Mosquitto → ingest,
 * coalesced every INGEST_LIVE_MS → command center, at most one broadcast per READINGS_FLUSH_MS → Socket.IO client) at
 * `--rate` readings/s over a scaled catalog, with `--clients` Socket.IO clients connected from two child
 * processes (lib/live-clients.ts), and the command center's CPU from /proc. Baseline in the same run:
 * the same readings' latency on the ingest's live MQTT topic (a plain subscriber), i.e. before the web.
 * Appends to bench/RESULTS.md under "## bench:live" unless --no-write. Without --ingest-live-ms the
 * ingest runs with its own default, so the bench measures what `npm start` runs.
 *
 * --direct leaves the ingest out: the bench publishes the coalesced batches on the live topic itself
 * (lib/live-feed.ts), which measures the command center at rates this machine's ingest cannot keep up with.
 *
 *   npm run bench:live -- [--rate 10000] [--clients 200] [--duration-s 20] [--scale 136] [--ingest-live-ms N] [--direct] [--pack N] [--no-write]
 *
 * --pack N: sensors send SenML packs of N readings (newest at publish time), rate/N messages/s; a
 * live batch carries each sensor's newest reading, so latency is still publish → browser.
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import { TOPICS } from '../src/lib/core/topic';
import type { LiveReading } from '../src/lib/core/reading';
import { spawnManaged, type ManagedProcess } from '../scripts/lib/managed-process';
import { appendBenchResult } from './lib/results-file';
import { runBench } from './lib/bench-main';
import { createLoadPublisher } from './lib/load';
import { cpuSeconds, gitCommit, percentile, ROOT, rssBytes, sleep, spawnTsx } from './lib/proc';
import { createReadingSource, loadScaledCatalog, writeCatalog, type ReadingSource } from './lib/readings';
import { createLiveFeed } from './lib/live-feed';
import { startBenchStack } from './lib/stack';
import { INGEST_NODE_FLAGS } from '../ingest/node-flags';

const WARMUP_MS = 4_000;
/** Raw clients' processes; the measuring socket.io clients get a process of their own, so receiving for 200 clients does not delay them. */
const RAW_CLIENT_PROCESSES = 2;
const MEASURED_CLIENTS = 4;
const GOAL_P99_MS = 250;
/** --direct: batch interval of the stand-in for the ingest, its INGEST_LIVE_MS default. */
const DIRECT_INTERVAL_MS = 50;

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '10000' },
    pack: { type: 'string', default: '1' },
    clients: { type: 'string', default: '200' },
    'duration-s': { type: 'string', default: '20' },
    scale: { type: 'string', default: '136' },
    'ingest-live-ms': { type: 'string' },
    'no-write': { type: 'boolean', default: false },
    direct: { type: 'boolean', default: false }
  }
});
const rate = Number(args.rate);
const pack = Number(args.pack);
const clients = Number(args.clients);
const durationMs = Number(args['duration-s']) * 1000;
const log = (m: string) => console.log(`[bench:live] ${m}`);

interface ClientReport {
  connected: number;
  samples: number;
  batches: number;
  rawBytes: number;
  rawMessages: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

function startClients(url: string, count: number, measured: number): Promise<{ proc: ManagedProcess; report(): Promise<ClientReport> }> {
  let ready: () => void;
  let reported: (r: ClientReport) => void;
  const readyP = new Promise<void>((r) => (ready = r));
  const reportP = new Promise<ClientReport>((r) => (reported = r));
  const proc = spawnManaged({
    name: 'live-clients',
    command: process.execPath,
    args: ['--import', 'tsx', 'bench/lib/live-clients.ts', url, String(count), String(measured)],
    cwd: ROOT,
    onLine: (line) => {
      if (line.startsWith('ready')) ready();
      else if (line.startsWith('{')) reported(JSON.parse(line));
      else console.log(`  [clients] ${line}`);
    }
  });
  return Promise.race([
    readyP.then(() => ({
      proc,
      report: () => {
        proc.child.kill('SIGUSR2');
        return reportP;
      }
    })),
    proc.exited.then(() => Promise.reject(new Error(`live clients exited:\n${proc.logs.text()}`)))
  ]);
}

/** Readings in: through Mosquitto and the ingest (default), or straight onto the live topic (--direct). */
interface Driver {
  ingest: ManagedProcess | null;
  run(o: { ratePerS: number; durationMs: number }): Promise<{ issued: number; elapsedMs: number }>;
  close(): Promise<void>;
}

async function startDriver(mqttUrl: string, env: Record<string, string>, walDir: string, source: ReadingSource): Promise<Driver> {
  const liveMs = args['ingest-live-ms'];
  if (args.direct) {
    const feed = await createLiveFeed(mqttUrl, source, Number(liveMs ?? DIRECT_INTERVAL_MS));
    return { ingest: null, run: feed.run, close: feed.close };
  }
  const ingest = await spawnTsx({
    name: 'ingest',
    script: 'ingest/main.ts',
    env: { ...env, INGEST_WAL_DIR: walDir, INGEST_CLIENT_ID: 'bench-live-ingest', ...(liveMs ? { INGEST_LIVE_MS: liveMs } : {}) },
    readyLine: /connected to/,
    nodeArgs: [...INGEST_NODE_FLAGS]
  });
  const load = await createLoadPublisher({ url: mqttUrl, connections: 2, windowPerConnection: 2000, idPrefix: 'bench-live-pub' });
  const next = (i: number) => source.message(i, Date.now());
  // Rates stay readings/s: with packs, the publisher sends rate / pack messages/s.
  const run = async (o: { ratePerS: number; durationMs: number }) => {
    const r = await load.run({ ...o, ratePerS: o.ratePerS / pack, next });
    return { ...r, issued: r.issued * pack };
  };
  return { ingest, run, close: () => load.close() };
}

/** Baseline: the same readings on the ingest's live topic, before the command center. */
async function subscribeLiveTopic(mqttUrl: string) {
  const sub = await mqtt.connectAsync(mqttUrl, { clientId: `bench-live-sub-${process.pid}` });
  const latencies: number[] = [];
  const state = { recording: false };
  sub.on('message', (_t, payload) => {
    if (!state.recording) return;
    const now = Date.now();
    for (const r of JSON.parse(payload.toString()) as LiveReading[]) latencies.push(now - r.ts);
  });
  await sub.subscribeAsync(TOPICS.live, { qos: 0 });
  return { latencies, state, close: () => sub.endAsync(true) };
}

function commandLine(): string {
  const extra = `${args['ingest-live-ms'] ? ` --ingest-live-ms ${args['ingest-live-ms']}` : ''}${args.direct ? ' --direct' : ''}${pack > 1 ? ` --pack ${pack}` : ''}`;
  return `npm run bench:live -- --rate ${rate} --clients ${clients} --duration-s ${durationMs / 1000} --scale ${args.scale}${extra}`;
}

async function main(): Promise<void> {
  const catalog = loadScaledCatalog(Number(args.scale));
  const source = createReadingSource(catalog.sensors, 7, args.direct ? 1 : pack);
  log(`${catalog.sensors.length} sensors, ${rate} readings/s for ${durationMs / 1000} s, ${clients} Socket.IO clients (${MEASURED_CLIENTS} measuring in one process, the rest in ${RAW_CLIENT_PROCESSES})${args.direct ? ', readings straight onto the live topic (no ingest)' : ''}`);
  const stack = await startBenchStack('pantau-bench-live-');
  const children: Array<{ stop(): Promise<void> }> = [];
  try {
    const catalogFile = writeCatalog(catalog, path.join(stack.dir, 'catalog.json'));
    const env = { MQTT_URL: stack.mqtt.url, INFLUX_URL: stack.influx.url, INFLUX_DB: 'pantau', PANTAU_CATALOG: catalogFile };
    const driver = await startDriver(stack.mqtt.url, env, path.join(stack.dir, 'wal'), source);
    const ingest = driver.ingest;
    if (ingest) children.push(ingest);
    const web = await spawnTsx({ name: 'web', script: 'scripts/web.ts', env: { ...env, PORT: '0', PANTAU_LIVE_MAX_CLIENTS: String(clients + 50), PANTAU_LIVE_MAX_PER_ADDRESS: String(clients + 50) }, readyLine: /command center: http:\/\// });
    children.push(web);
    const url = /http:\/\/[\d.]+:\d+/.exec(web.logs.text())![0];
    log(`web ${url} (pid ${web.pid}), ingest pid ${ingest?.pid ?? '-'}`);
    const raw = clients - MEASURED_CLIENTS;
    const groups = await Promise.all([
      startClients(url, MEASURED_CLIENTS, MEASURED_CLIENTS),
      ...Array.from({ length: RAW_CLIENT_PROCESSES }, (_, k) => startClients(url, Math.floor(raw / RAW_CLIENT_PROCESSES) + (k < raw % RAW_CLIENT_PROCESSES ? 1 : 0), 0))
    ]);
    for (const g of groups) children.push(g.proc);
    log(`${clients} clients connected`);
    const liveTopic = await subscribeLiveTopic(stack.mqtt.url);

    log('warm-up …');
    await driver.run({ ratePerS: rate, durationMs: WARMUP_MS });
    for (const g of groups) g.proc.child.kill('SIGUSR1');
    liveTopic.state.recording = true;
    const cpu0 = { web: cpuSeconds(web.pid), ingest: ingest ? cpuSeconds(ingest.pid) : 0 };
    const t0 = performance.now();
    const progress = setInterval(() => log(`  ${Math.round((performance.now() - t0) / 1000)} s`), 5000);
    const result = await driver.run({ ratePerS: rate, durationMs });
    clearInterval(progress);
    const seconds = (performance.now() - t0) / 1000;
    const webCores = (cpuSeconds(web.pid) - cpu0.web) / seconds;
    const ingestCores = ingest ? ((cpuSeconds(ingest.pid) - cpu0.ingest) / seconds).toFixed(2) : '-';
    const webRss = rssBytes(web.pid);
    await sleep(1000);
    liveTopic.state.recording = false;
    const reports = await Promise.all(groups.map((g) => g.report()));
    await driver.close();
    await liveTopic.close();

    const mqttSorted = liveTopic.latencies.sort((a, b) => a - b);
    const p = (k: 'p50' | 'p99') => reports[0][k];
    const connected = reports.reduce((n, r) => n + r.connected, 0);
    const rawMbPerS = reports.reduce((n, r) => n + r.rawBytes, 0) / 1024 ** 2 / seconds;
    const row = [rate, Math.round(result.issued / (result.elapsedMs / 1000)), connected, p('p50'), p('p99'), percentile(mqttSorted, 50), percentile(mqttSorted, 99), (p('p99') / percentile(mqttSorted, 99)).toFixed(2), webCores.toFixed(2), ingestCores, Math.round(webRss / 1024 ** 2), rawMbPerS.toFixed(1), p('p99') <= GOAL_P99_MS ? 'yes' : 'no'];
    const table = [
      '| rate/s | published/s | clients | browser p50 ms | browser p99 ms | live topic p50 ms | live topic p99 ms | p99 ÷ live topic | web CPU cores | ingest CPU cores | web RSS MB | MB/s to raw clients | p99 ≤ 250 ms |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      `| ${row.join(' | ')} |`
    ].join('\n');
    console.log('\n' + table + '\n');
    const load1 = os.loadavg()[0].toFixed(1);
    log(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; measured clients: ${reports[0].batches} batches (${(reports[0].batches / MEASURED_CLIENTS / seconds).toFixed(1)}/s each), p90 ${reports[0].p90} ms, max ${reports[0].max} ms`);
    const entry = [
      `### ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · commit ${gitCommit()}`,
      '',
      `Command: \`${commandLine()}\` (${catalog.sensors.length} sensors, Node ${process.version}, ${os.cpus().length} cores, load average ${load1} at the end: other work shared the machine).`,
      `Browser latency: ${MEASURED_CLIENTS} socket.io-client clients in a process of their own recording now − ts of every reading (${reports[0].samples} samples); the other ${clients - MEASURED_CLIENTS} clients are raw Engine.IO WebSockets in ${RAW_CLIENT_PROCESSES} processes that receive everything and parse nothing. Baseline: the same readings on \`${TOPICS.live}\`${args.direct ? ', published there by the bench itself every ' + (args['ingest-live-ms'] ?? DIRECT_INTERVAL_MS) + ' ms (--direct: no ingest, the command center alone)' : ''}.`,
      '',
      table
    ].join('\n');
    if (!args['no-write']) {
      appendBenchResult('live', entry);
    }
  } finally {
    for (const c of children.reverse()) await c.stop();
    await stack.stop();
  }
}

runBench('live', main);
