/**
 * bench:public: the public page's data (GET /api/public/summary) at `--rate` requests/s against the
 * production build (scripts/web.ts; run `npm run build` first) while the live wall is fed: live
 * batches at `--feed-rate` readings/s on the live topic (lib/live-feed.ts, as the ingest publishes
 * them) reach a Socket.IO client in a process of its own (lib/live-clients.ts). The client's
 * delivery lag (now − reading time) is measured twice in one run: without public load (baseline),
 * then with it; the ratio of the p99s says what the public load costs the wall. Requests come from
 * `--addresses` residents (X-Real-IP, trusted via ADDRESS_HEADER) at the default per-address limit.
 * Appends to bench/RESULTS.md under "## bench:public" unless --no-write.
 *
 * --gzip: the load asks for gzip as browsers do (body KB is then the compressed size).
 *
 *   npm run bench:public -- [--rate 1000] [--duration-s 20] [--feed-rate 2000] [--addresses 1000] [--scale 1] [--gzip] [--no-write]
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { spawnManaged, type ManagedProcess } from '../scripts/lib/managed-process';
import { appendBenchResult } from './lib/results-file';
import { runBench } from './lib/bench-main';
import { cpuSeconds, gitCommit, ROOT, rssBytes, sleep, spawnTsx } from './lib/proc';
import { createReadingSource, loadScaledCatalog, writeCatalog } from './lib/readings';
import { createLiveFeed, type LiveFeed } from './lib/live-feed';
import { startBenchStack } from './lib/stack';

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '1000' },
    'duration-s': { type: 'string', default: '20' },
    'feed-rate': { type: 'string', default: '2000' },
    addresses: { type: 'string', default: '1000' },
    scale: { type: 'string', default: '1' },
    gzip: { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false }
  }
});
const rate = Number(args.rate);
const durationS = Number(args['duration-s']);
const feedRate = Number(args['feed-rate']);
const addresses = Number(args.addresses);
const FEED_INTERVAL_MS = 50;
const WARMUP_MS = 3_000;
/** Seconds the load runs before it is recorded (connections opening, the server's JIT). */
const LOAD_WARMUP_S = 2;
const log = (m: string) => console.log(`[bench:public] ${m}`);

interface LagReport {
  samples: number;
  p50: number;
  p99: number;
  max: number;
}
interface LoadReport {
  sent: number;
  answered: number;
  perS: number;
  statuses: Record<string, number>;
  bytes: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  unanswered: number;
  /** The load generator's own CPU cores. */
  cores: number;
}

/** One line of JSON from a child: its result. */
function spawnReporting<T>(name: string, script: string, argv: string[], onReady?: () => void): { proc: ManagedProcess; result: Promise<T> } {
  let resolve!: (r: T) => void;
  const result = new Promise<T>((r) => (resolve = r));
  const proc = spawnManaged({
    name,
    command: process.execPath,
    args: ['--import', 'tsx', script, ...argv],
    cwd: ROOT,
    onLine: (line) => {
      if (line.startsWith('ready')) onReady?.();
      else if (line.startsWith('{')) resolve(JSON.parse(line) as T);
      else console.log(`  [${name}] ${line}`);
    }
  });
  return { proc, result: Promise.race([result, proc.exited.then(() => Promise.reject(new Error(`${name} exited:\n${proc.logs.text()}`)))]) };
}

/** The wall's client: records lag over one phase (with the public load, once the load is past its warm-up). */
async function measureLag(url: string, feed: LiveFeed, startLoad?: () => { ready: Promise<void>; result: Promise<LoadReport> }): Promise<{ lag: LagReport; load?: LoadReport }> {
  let ready!: () => void;
  const readyP = new Promise<void>((r) => (ready = r));
  const client = spawnReporting<LagReport>('wall-client', 'bench/lib/live-clients.ts', [url, '1', '1'], () => ready());
  await Promise.race([readyP, client.result]);
  const load = startLoad?.();
  await Promise.all([feed.run({ ratePerS: feedRate, durationMs: WARMUP_MS }), load?.ready]);
  client.proc.child.kill('SIGUSR1');
  const [loadReport] = await Promise.all([load?.result, feed.run({ ratePerS: feedRate, durationMs: durationS * 1000 })]);
  await sleep(500);
  client.proc.child.kill('SIGUSR2');
  const lag = await client.result;
  await client.proc.stop();
  return { lag, load: loadReport };
}

function entry(url: string, base: LagReport, under: LagReport, load: LoadReport, webCores: number, webRssMb: number, sensors: number, bodyKb: number): string {
  const ok = load.statuses['200'] ?? 0;
  const ratio = (under.p99 / Math.max(1, base.p99)).toFixed(2);
  const table = [
    '| target req/s | answered req/s | 200 | 429 | other | p50 / p90 / p99 / max ms | body KB | wall lag p99 without / with public load ms | ratio | web CPU cores | load generator CPU cores | web RSS MB |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    `| ${rate} | ${Math.round(load.perS)} | ${ok} | ${load.statuses['429'] ?? 0} | ${load.sent - ok - (load.statuses['429'] ?? 0)} | ${[load.p50, load.p90, load.p99, load.max].map((x) => x.toFixed(1)).join(' / ')} | ${bodyKb.toFixed(1)} | ${base.p99} / ${under.p99} | ${ratio} | ${webCores.toFixed(2)} | ${load.cores.toFixed(2)} | ${webRssMb} |`
  ].join('\n');
  console.log(`\n${table}\n`);
  return [
    `### ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · commit ${gitCommit()}`,
    '',
    `Command: \`npm run bench:public -- --rate ${rate} --duration-s ${durationS} --feed-rate ${feedRate} --addresses ${addresses} --scale ${args.scale}${args.gzip ? ' --gzip' : ''}\` (${sensors} sensors, production build via scripts/web.ts at ${url}, Node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)} at the end: other work shared the machine).`,
    `GET /api/public/summary open loop over keep-alive connections from ${addresses} addresses, recorded after ${LOAD_WARMUP_S} s at the rate (X-Real-IP, default per-address limit); the load generator, the wall's Socket.IO client, Mosquitto and InfluxDB share the same cores. Wall lag: now − reading time of every reading a socket.io-client receives, live batches of ${feedRate} readings/s every ${FEED_INTERVAL_MS} ms; baseline measured first in the same run without public load. Web CPU: over the whole loaded phase, warm-ups included.`,
    '',
    table
  ].join('\n');
}

async function main(): Promise<void> {
  if (!existsSync(path.join(ROOT, 'build/handler.js'))) throw new Error('build/handler.js is missing: run `npm run build` first');
  const catalog = loadScaledCatalog(Number(args.scale));
  const stack = await startBenchStack('pantau-bench-public-');
  const children: ManagedProcess[] = [];
  try {
    const env = { MQTT_URL: stack.mqtt.url, INFLUX_URL: stack.influx.url, INFLUX_DB: 'pantau', PANTAU_CATALOG: writeCatalog(catalog, path.join(stack.dir, 'catalog.json')), PORT: '0', ADDRESS_HEADER: 'x-real-ip' };
    const web = await spawnTsx({ name: 'web', script: 'scripts/web.ts', env, readyLine: /command center: http:\/\// });
    children.push(web);
    const url = /http:\/\/[\d.]+:\d+/.exec(web.logs.text())![0];
    const feed = await createLiveFeed(stack.mqtt.url, createReadingSource(catalog.sensors, 7, 1), FEED_INTERVAL_MS);
    log(`${catalog.sensors.length} sensors, web ${url}; baseline: wall fed at ${feedRate} readings/s for ${durationS} s without public load …`);
    const base = await measureLag(url, feed);
    log(`baseline wall lag p99 ${base.lag.p99} ms; now ${rate} req/s of /api/public/summary for ${durationS} s …`);
    const cpu0 = cpuSeconds(web.pid);
    const t0 = performance.now();
    const loaded = await measureLag(url, feed, () => {
      let ready!: () => void;
      const readyP = new Promise<void>((r) => (ready = r));
      const child = spawnReporting<LoadReport>('public-load', 'bench/lib/public-load.ts', [url, '/api/public/summary', String(rate), String(durationS), String(addresses), String(LOAD_WARMUP_S), args.gzip ? 'gzip' : ''], () => ready());
      children.push(child.proc);
      return { ready: Promise.race([readyP, child.result.then(() => undefined)]), result: child.result };
    });
    const webCores = (cpuSeconds(web.pid) - cpu0) / ((performance.now() - t0) / 1000);
    const load = loaded.load!;
    const bodyKb = load.bytes / Math.max(1, load.answered) / 1024;
    await feed.close();
    const text = entry(url, base.lag, loaded.lag, load, webCores, Math.round(rssBytes(web.pid) / 1024 ** 2), catalog.sensors.length, bodyKb);
    if (!args['no-write']) {
      appendBenchResult('public', text);
    }
  } finally {
    for (const c of children.reverse()) await c.stop();
    await stack.stop();
  }
}

runBench('public', main);
