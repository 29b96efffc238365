/**
 * bench:live: publish → browser latency through the whole live path (sensor → Mosquitto → ingest,
 * coalesced every INGEST_LIVE_MS → command center, at most one broadcast per READINGS_FLUSH_MS → Socket.IO client) at
 * `--rate` readings/s over a scaled catalog, with `--clients` Socket.IO clients connected from two child
 * processes (lib/live-clients.ts), and the command center's CPU from /proc. Baseline in the same run:
 * the same readings' latency on the ingest's live MQTT topic (a plain subscriber), i.e. before the web.
 * Appends to bench/RESULTS.md under "## bench:live" unless --no-write. Without --ingest-live-ms the
 * ingest runs with its own default, so the bench measures what `npm start` runs.
 *
 *   npm run bench:live -- [--rate 10000] [--clients 200] [--duration-s 20] [--scale 136] [--ingest-live-ms N] [--no-write]
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import { TOPICS } from '../src/lib/core/topic';
import type { LiveReading } from '../src/lib/core/reading';
import { spawnManaged, type ManagedProcess } from '../scripts/lib/managed-process';
import { appendSectionToFile } from './lib/results-file';
import { createLoadPublisher } from './lib/load';
import { cpuSeconds, gitCommit, percentile, ROOT, rssBytes, sleep, spawnTsx } from './lib/proc';
import { createReadingSource, loadScaledCatalog, writeCatalog } from './lib/readings';
import { startBenchStack } from './lib/stack';

const WARMUP_MS = 4_000;
/** Raw clients' processes; the measuring socket.io clients get a process of their own, so receiving for 200 clients does not delay them. */
const RAW_CLIENT_PROCESSES = 2;
const MEASURED_CLIENTS = 4;
const GOAL_P99_MS = 250;

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '10000' },
    clients: { type: 'string', default: '200' },
    'duration-s': { type: 'string', default: '20' },
    scale: { type: 'string', default: '136' },
    'ingest-live-ms': { type: 'string' },
    'no-write': { type: 'boolean', default: false }
  }
});
const rate = Number(args.rate);
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

async function main(): Promise<void> {
  const catalog = loadScaledCatalog(Number(args.scale));
  const source = createReadingSource(catalog.sensors);
  log(`${catalog.sensors.length} sensors, ${rate} readings/s for ${durationMs / 1000} s, ${clients} Socket.IO clients (${MEASURED_CLIENTS} measuring in one process, the rest in ${RAW_CLIENT_PROCESSES})`);
  const stack = await startBenchStack('pantau-bench-live-');
  const children: Array<{ stop(): Promise<void> }> = [];
  try {
    const catalogFile = writeCatalog(catalog, path.join(stack.dir, 'catalog.json'));
    const env = { MQTT_URL: stack.mqtt.url, INFLUX_URL: stack.influx.url, INFLUX_DB: 'pantau', PANTAU_CATALOG: catalogFile };
    const liveMsEnv: Record<string, string> = args['ingest-live-ms'] ? { INGEST_LIVE_MS: args['ingest-live-ms'] } : {};
    const ingest = await spawnTsx({
      name: 'ingest',
      script: 'ingest/main.ts',
      env: { ...env, INGEST_WAL_DIR: path.join(stack.dir, 'wal'), INGEST_CLIENT_ID: 'bench-live-ingest', ...liveMsEnv },
      readyLine: /connected to/
    });
    children.push(ingest);
    const web = await spawnTsx({ name: 'web', script: 'scripts/web.ts', env: { ...env, PORT: '0', PANTAU_LIVE_MAX_CLIENTS: String(clients + 50) }, readyLine: /command center: http:\/\// });
    children.push(web);
    const url = /http:\/\/[\d.]+:\d+/.exec(web.logs.text())![0];
    log(`web ${url} (pid ${web.pid}), ingest pid ${ingest.pid}`);
    const raw = clients - MEASURED_CLIENTS;
    const groups = await Promise.all([
      startClients(url, MEASURED_CLIENTS, MEASURED_CLIENTS),
      ...Array.from({ length: RAW_CLIENT_PROCESSES }, (_, k) => startClients(url, Math.floor(raw / RAW_CLIENT_PROCESSES) + (k < raw % RAW_CLIENT_PROCESSES ? 1 : 0), 0))
    ]);
    for (const g of groups) children.push(g.proc);
    log(`${clients} clients connected`);

    // Baseline: the same readings on the ingest's live topic, before the command center.
    const liveSub = await mqtt.connectAsync(stack.mqtt.url, { clientId: `bench-live-sub-${process.pid}` });
    const mqttLatencies: number[] = [];
    let recording = false;
    liveSub.on('message', (_t, payload) => {
      if (!recording) return;
      const now = Date.now();
      for (const r of JSON.parse(payload.toString()) as LiveReading[]) mqttLatencies.push(now - r.ts);
    });
    await liveSub.subscribeAsync(TOPICS.live, { qos: 0 });

    const load = await createLoadPublisher({ url: stack.mqtt.url, connections: 2, windowPerConnection: 2000, idPrefix: 'bench-live-pub' });
    const next = (i: number) => source.message(i, Date.now());
    log('warm-up …');
    await load.run({ ratePerS: rate, durationMs: WARMUP_MS, next });
    for (const g of groups) g.proc.child.kill('SIGUSR1');
    recording = true;
    const cpu0 = { web: cpuSeconds(web.pid), ingest: cpuSeconds(ingest.pid) };
    const t0 = performance.now();
    const progress = setInterval(() => log(`  ${Math.round((performance.now() - t0) / 1000)} s`), 5000);
    const result = await load.run({ ratePerS: rate, durationMs, next });
    clearInterval(progress);
    const seconds = (performance.now() - t0) / 1000;
    const webCores = (cpuSeconds(web.pid) - cpu0.web) / seconds;
    const ingestCores = (cpuSeconds(ingest.pid) - cpu0.ingest) / seconds;
    const webRss = rssBytes(web.pid);
    await sleep(1000);
    recording = false;
    const reports = await Promise.all(groups.map((g) => g.report()));
    await load.close();
    await liveSub.endAsync(true);

    const mqttSorted = mqttLatencies.sort((a, b) => a - b);
    const p = (k: 'p50' | 'p99') => reports[0][k];
    const connected = reports.reduce((n, r) => n + r.connected, 0);
    const rawMbPerS = reports.reduce((n, r) => n + r.rawBytes, 0) / 1024 ** 2 / seconds;
    const row = [rate, Math.round(result.issued / (result.elapsedMs / 1000)), connected, p('p50'), p('p99'), percentile(mqttSorted, 50), percentile(mqttSorted, 99), (p('p99') / percentile(mqttSorted, 99)).toFixed(2), webCores.toFixed(2), ingestCores.toFixed(2), Math.round(webRss / 1024 ** 2), rawMbPerS.toFixed(1), p('p99') <= GOAL_P99_MS ? 'yes' : 'no'];
    const table = [
      '| rate/s | published/s | clients | browser p50 ms | browser p99 ms | live topic p50 ms | live topic p99 ms | p99 ÷ live topic | web CPU cores | ingest CPU cores | web RSS MB | MB/s to raw clients | p99 ≤ 250 ms |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      `| ${row.join(' | ')} |`
    ].join('\n');
    console.log('\n' + table + '\n');
    const load1 = os.loadavg()[0].toFixed(1);
    log(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    const entry = [
      `### ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · commit ${gitCommit()}`,
      '',
      `Command: \`npm run bench:live -- --rate ${rate} --clients ${clients} --duration-s ${durationMs / 1000} --scale ${args.scale}${args['ingest-live-ms'] ? ` --ingest-live-ms ${args['ingest-live-ms']}` : ''}\` (${catalog.sensors.length} sensors, Node ${process.version}, ${os.cpus().length} cores, load average ${load1} at the end: other work shared the machine).`,
      `Browser latency: ${MEASURED_CLIENTS} socket.io-client clients in a process of their own recording now − ts of every reading (${reports[0].samples} samples); the other ${clients - MEASURED_CLIENTS} clients are raw Engine.IO WebSockets in ${RAW_CLIENT_PROCESSES} processes that receive everything and parse nothing. Baseline: the same readings on \`${TOPICS.live}\`.`,
      '',
      table
    ].join('\n');
    if (!args['no-write']) {
      appendSectionToFile(path.join(ROOT, 'bench/RESULTS.md'), '## bench:live', entry);
      log('appended to bench/RESULTS.md');
    }
  } finally {
    for (const c of children.reverse()) await c.stop();
    await stack.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`[bench:live] failed: ${(err as Error).stack ?? err}`);
    process.exit(1);
  }
);
