/**
 * bench:wall: the wall display (`/`, production build) in headless Chromium (SwiftShader WebGL) with a
 * scaled catalog (`--scale 136` ≈ 10,000 sensors), first with a static map (every sensor has one reading,
 * nothing streams), then while `--rate` readings/s stream through ingest and the command center.
 * In the page: requestAnimationFrame deltas and long tasks (PerformanceObserver); from CDP: main-thread
 * task and script time (Performance.getMetrics). Appends to bench/RESULTS.md under "## bench:wall".
 *
 *   npm run bench:wall -- [--rate 2000] [--duration-s 15] [--scale 136] [--steady] [--profile] [--no-write]   (needs `npm run build`)
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CDPSession, Page } from 'playwright-core';
import { launchBrowser } from '../tests/helpers/browser';
import { appendBenchResult } from './lib/results-file';
import { runBench } from './lib/bench-main';
import { createLoadPublisher } from './lib/load';
import { gitCommit, percentile, sleep, spawnTsx } from './lib/proc';
import { createReadingSource, loadScaledCatalog, writeCatalog } from './lib/readings';
import { startBenchStack } from './lib/stack';

const MAP_READY_TIMEOUT_MS = 240_000;
const SETTLE_MS = 5_000;
const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '2000' },
    'duration-s': { type: 'string', default: '15' },
    scale: { type: 'string', default: '136' },
    'no-write': { type: 'boolean', default: false },
    /**
     * Every sensor keeps the values of its first reading (only ts changes), so no state changes while
     * streaming: what readings cost the wall by themselves, apart from repainting changed states.
     */
    steady: { type: 'boolean', default: false },
    /** Also record a CPU profile of the page in each window and print its hottest functions. */
    profile: { type: 'boolean', default: false }
  }
});
const rate = Number(args.rate);
const durationMs = Number(args['duration-s']) * 1000;
const log = (m: string) => console.log(`[bench:wall] ${m}`);

/** Runs in the page before its own scripts: frame deltas and long tasks, recorded while __bench.on. */
const PAGE_PROBE = `
  window.__bench = { on: false, frames: [], longTasks: [] };
  let last = 0;
  const loop = (t) => { if (window.__bench.on && last) window.__bench.frames.push(t - last); last = t; requestAnimationFrame(loop); };
  requestAnimationFrame(loop);
  try {
    new PerformanceObserver((list) => { if (window.__bench.on) for (const e of list.getEntries()) window.__bench.longTasks.push(e.duration); })
      .observe({ type: 'longtask', buffered: false });
  } catch {}
`;

interface WindowStats {
  label: string;
  frames: number;
  fps: number;
  p50: number;
  p95: number;
  p99: number;
  over50: number;
  longTaskMs: number;
  busyPct: number;
  scriptPct: number;
  layoutPct: number;
  stylePct: number;
  nodes: number;
  hot: string[];
  heapMb: number;
}

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

async function measure(page: Page, cdp: CDPSession, label: string, during: () => Promise<unknown>): Promise<WindowStats> {
  await page.evaluate(() => {
    const b = (window as unknown as { __bench: { on: boolean; frames: number[]; longTasks: number[] } }).__bench;
    b.frames = [];
    b.longTasks = [];
    b.on = true;
  });
  if (args.profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
  }
  const before = await metrics(cdp);
  const t0 = performance.now();
  await during();
  const seconds = (performance.now() - t0) / 1000;
  const after = await metrics(cdp);
  const hot = args.profile ? hottest(((await cdp.send('Profiler.stop')) as { profile: CpuProfile }).profile) : [];
  const { frames, longTasks } = await page.evaluate(() => {
    const b = (window as unknown as { __bench: { on: boolean; frames: number[]; longTasks: number[] } }).__bench;
    b.on = false;
    return { frames: b.frames, longTasks: b.longTasks };
  });
  const sorted = frames.sort((a, b) => a - b);
  return {
    label,
    frames: frames.length,
    fps: frames.length / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    over50: frames.filter((f) => f > 50).length,
    longTaskMs: longTasks.reduce((a, b) => a + b, 0),
    busyPct: (100 * (after.TaskDuration - before.TaskDuration)) / seconds,
    scriptPct: (100 * (after.ScriptDuration - before.ScriptDuration)) / seconds,
    layoutPct: (100 * (after.LayoutDuration - before.LayoutDuration)) / seconds,
    stylePct: (100 * (after.RecalcStyleDuration - before.RecalcStyleDuration)) / seconds,
    nodes: after.Nodes,
    hot,
    heapMb: after.JSHeapUsedSize / 1024 ** 2
  };
}

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples: number[];
  timeDeltas: number[];
}

/** The 8 functions with the most self time: evidence for whoever owns the page. */
function hottest(profile: CpuProfile): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = byId.get(id)!;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([k, us]) => `${k} ${((100 * us) / total).toFixed(1)} %`);
}

function formatRow(s: WindowStats): string {
  return `| ${s.label} | ${s.frames} | ${s.fps.toFixed(1)} | ${s.p50.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.p99.toFixed(1)} | ${s.over50} | ${Math.round(s.longTaskMs)} | ${s.busyPct.toFixed(1)} | ${s.scriptPct.toFixed(1)} | ${s.stylePct.toFixed(1)} | ${s.layoutPct.toFixed(1)} | ${s.nodes} | ${Math.round(s.heapMb)} |`;
}

async function main(): Promise<void> {
  const catalog = loadScaledCatalog(Number(args.scale));
  const source = createReadingSource(catalog.sensors);
  log(`${catalog.sensors.length} sensors; static ${durationMs / 1000} s, then ${rate} readings/s for ${durationMs / 1000} s`);
  const stack = await startBenchStack('pantau-bench-wall-');
  const children: Array<{ stop(): Promise<void> }> = [];
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  try {
    const catalogFile = writeCatalog(catalog, path.join(stack.dir, 'catalog.json'));
    const env = { MQTT_URL: stack.mqtt.url, INFLUX_URL: stack.influx.url, INFLUX_DB: 'pantau', PANTAU_CATALOG: catalogFile };
    children.push(await spawnTsx({ name: 'ingest', script: 'ingest/main.ts', env: { ...env, INGEST_WAL_DIR: path.join(stack.dir, 'wal'), INGEST_CLIENT_ID: 'bench-wall-ingest' }, readyLine: /connected to/ }));
    const web = await spawnTsx({ name: 'web', script: 'scripts/web.ts', env: { ...env, PORT: '0' }, readyLine: /command center: http:\/\// });
    children.push(web);
    const url = /http:\/\/[\d.]+:\d+/.exec(web.logs.text())![0];
    const load = await createLoadPublisher({ url: stack.mqtt.url, connections: 2, windowPerConnection: 2000, idPrefix: 'bench-wall-pub' });
    const n = catalog.sensors.length;
    const next = (i: number) => source.message(args.steady ? i % n : i, Date.now());
    // One reading for every sensor: the static map shows the whole live city.
    await load.run({ ratePerS: 5000, durationMs: (catalog.sensors.length / 5000) * 1000 + 100, next });
    await load.drain(10_000);
    await sleep(1000);

    browser = await launchBrowser({ viewport: { width: 1920, height: 1080 } });
    const page = await browser.context.newPage();
    await page.addInitScript(PAGE_PROBE);
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const t0 = Date.now();
    await page.goto(url);
    await page.locator('[data-testid="map"][data-ready="true"]').waitFor({ timeout: MAP_READY_TIMEOUT_MS });
    log(`map ready after ${Date.now() - t0} ms; settling ${SETTLE_MS / 1000} s`);
    await sleep(SETTLE_MS);
    const quiet = await measure(page, cdp, 'static map', () => sleep(durationMs));
    log(`static: ${quiet.fps.toFixed(1)} fps, p99 frame ${quiet.p99.toFixed(1)} ms, busy ${quiet.busyPct.toFixed(1)} %`);
    const streaming = await measure(page, cdp, `${rate} readings/s${args.steady ? ' (steady states)' : ''}`, () => load.run({ ratePerS: rate, durationMs, next }));
    log(`streaming: ${streaming.fps.toFixed(1)} fps, p99 frame ${streaming.p99.toFixed(1)} ms, busy ${streaming.busyPct.toFixed(1)} %`);
    await load.close();

    const table = [
      '| window | frames | fps | frame p50 ms | p95 ms | p99 ms | frames > 50 ms | long tasks ms | main thread busy % | script % | style % | layout % | DOM nodes | JS heap MB |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      formatRow(quiet),
      formatRow(streaming),
      `| ratio streaming ÷ static | | ${(streaming.fps / quiet.fps).toFixed(2)} | ${(streaming.p50 / quiet.p50).toFixed(2)} | ${(streaming.p95 / quiet.p95).toFixed(2)} | ${(streaming.p99 / quiet.p99).toFixed(2)} | | | ${(streaming.busyPct / Math.max(0.1, quiet.busyPct)).toFixed(2)} | | | | | |`
    ].join('\n');
    console.log('\n' + table + '\n');
    const entry = [
      `### ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · commit ${gitCommit()}`,
      '',
      `Command: \`npm run bench:wall -- --rate ${rate} --duration-s ${durationMs / 1000} --scale ${args.scale}\` (${catalog.sensors.length} sensors, Chromium headless with SwiftShader WebGL at 1920×1080, ${os.cpus().length} cores shared with ingest, web, Mosquitto, InfluxDB and the publisher; load average ${os.loadavg()[0].toFixed(1)} at the end).`,
      '',
      table,
      ...(args.profile ? ['', 'Hottest page functions (self time), static: ' + quiet.hot.join('; '), '', 'Streaming: ' + streaming.hot.join('; ')] : [])
    ].join('\n');
    if (args.profile) console.log(`hot (static): ${quiet.hot.join('\n  ')}\nhot (streaming): ${streaming.hot.join('\n  ')}`);
    if (!args['no-write']) {
      appendBenchResult('wall', entry);
    }
  } finally {
    await browser?.close();
    for (const c of children.reverse()) await c.stop();
    await stack.stop();
  }
}

runBench('wall', main);
