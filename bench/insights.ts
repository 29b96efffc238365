/**
 * npm run bench:insights -- [--sensors 300] [--days 92] [--interval 10] [--dense-days 28] [--sparse-interval 60]
 *                           [--runs 3] [--concurrency 2] [--no-results] [--help]
 *
 * What /insights costs: loads a synthetic city (bench/history/data.ts: 60 % traffic, 20 % flood, 20 % air,
 * raw readings with their 1-minute and 1-hour rollups) into a private InfluxDB set up as the ingest sets
 * it up, then times each view's read and computation (src/lib/server/insights/service.ts, the code the
 * page and /api/insights run) over the last 28 days and over the whole load (at most each view's
 * bound; a range past the view's sensors × hours budget is refused as the page refuses it), and the
 * size of its JSON answer. Appends to bench/RESULTS.md.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseInfluxConfig } from '../src/lib/core/influx-config';
import type { Sensor } from '../src/lib/core/sensor';
import { setupInflux } from '../src/lib/influx/setup';
import { INSIGHT_VIEWS, type InsightView } from '../src/lib/insights/types';
import { createInfluxClient } from '../src/lib/server/influx';
import { INSIGHT_MAX_DAYS } from '../src/lib/server/insights/request';
import { overBudget, readInsight } from '../src/lib/server/insights/service';
import { startInfluxd } from '../scripts/lib/influxd';
import { gitCommit } from './lib/git';
import { appendBenchResult } from './lib/results-file';
import { generateBatches, plannedLines, syntheticCity } from './history/data';
import { loadBatches } from './history/load';
import { intArg } from './lib/args';

const DAY_MS = 86_400_000;
const log = (line: string) => console.log(`[bench:insights] ${line}`);

function options() {
  const { values } = parseArgs({
    options: {
      sensors: { type: 'string', default: '300' },
      days: { type: 'string', default: '92' },
      interval: { type: 'string', default: '10' },
      'dense-days': { type: 'string', default: '28' },
      'sparse-interval': { type: 'string', default: '60' },
      runs: { type: 'string', default: '3' },
      concurrency: { type: 'string', default: '2' },
      help: { type: 'boolean', default: false },
      'no-results': { type: 'boolean', default: false }
    }
  });
  const int = intArg;
  return {
    sensors: int('sensors', values.sensors, 10, 100_000),
    days: int('days', values.days, 2, 366),
    intervalMin: int('interval', values.interval, 1, 1440),
    denseDays: int('dense-days', values['dense-days'], 1, 366),
    sparseIntervalMin: int('sparse-interval', values['sparse-interval'], 1, 1440),
    runs: int('runs', values.runs, 1, 20),
    concurrency: int('concurrency', values.concurrency, 1, 8),
    help: values.help,
    results: !values['no-results']
  };
}

/** The synthetic sensors with what the views need: a traffic profile, Siaga levels the daily cycle crosses. */
function withProfiles(sensors: Sensor[], intervalMin: number): Sensor[] {
  return sensors.map((s) => ({
    ...s,
    intervalS: intervalMin * 60,
    ...(s.kind === 'traffic' ? { traffic: { freeFlowKmh: 100, capacityVehH: 2000 } } : {}),
    ...(s.kind === 'flood' ? { flood: { siaga3: 125, siaga2: 135, siaga1: 145 } } : {})
  }));
}

interface Row {
  view: InsightView;
  days: number;
  /** null: refused by the view's sensors × hours budget, as the page and API refuse it. */
  medianMs: number | null;
  bytes: number;
  note: string;
}

async function main(): Promise<void> {
  const o = options();
  if (o.help) {
    console.log(readFileSync(import.meta.filename, 'utf8').split('*/')[0].replace(/^\/\*\*\n| \* ?/gm, ''));
    return;
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pantau-bench-insights-'));
  const influxd = await startInfluxd({ dataDir: path.join(dir, 'influxdb') });
  try {
    const config = parseInfluxConfig({ INFLUX_URL: influxd.url, INFLUX_DB: 'bench', INFLUX_RAW_RETENTION: `${o.days + 2}d` });
    await setupInflux(config);
    const sensors = withProfiles(syntheticCity(o.sensors), o.intervalMin);
    const endMs = Math.floor(Date.now() / 60_000) * 60_000;
    const planned = plannedLines(o.sensors, o.days, o.intervalMin, o.days, o.denseDays, o.sparseIntervalMin);
    const total = planned.raw + planned.minute + planned.hour;
    log(`InfluxDB ${influxd.url}; loading ${total} lines (${o.sensors} sensors, ${o.days} days)`);
    const batches = generateBatches({
      sensors, startMs: endMs - o.days * DAY_MS, endMs, intervalMin: o.intervalMin, batchLines: 20_000,
      denseFromMs: endMs - o.denseDays * DAY_MS, sparseIntervalMin: o.sparseIntervalMin
    });
    const loaded = await loadBatches(config, batches, total, o.concurrency, (p) => log(`loaded ${p.lines} / ${p.total} lines`));
    log(`loaded ${loaded.lines} lines in ${loaded.elapsedS.toFixed(0)} s`);
    const client = createInfluxClient(config);
    const byId = new Map(sensors.map((s) => [s.id, s]));
    const rows: Row[] = [];
    for (const view of INSIGHT_VIEWS) {
      for (const days of [...new Set([28, Math.min(o.days, INSIGHT_MAX_DAYS[view])])]) {
        const range = { fromMs: endMs - days * DAY_MS, toMs: endMs };
        const refused = overBudget(view, byId, range);
        if (refused) {
          rows.push({ view, days, medianMs: null, bytes: 0, note: refused.error });
          log(`${view} ${days} d: refused (${refused.error})`);
          continue;
        }
        let bytes = JSON.stringify(await readInsight(view, client, byId, range, endMs)).length; // warm-up
        const times: number[] = [];
        for (let r = 0; r < o.runs; r++) {
          const started = performance.now();
          bytes = JSON.stringify(await readInsight(view, client, byId, range, endMs)).length;
          times.push(performance.now() - started);
        }
        times.sort((a, b) => a - b);
        rows.push({ view, days, medianMs: times[Math.floor(times.length / 2)], bytes, note: '' });
        log(`${view} ${days} d: ${times[Math.floor(times.length / 2)].toFixed(0)} ms, ${bytes} bytes of JSON`);
      }
    }
    await client.close();
    if (o.results) report(o, loaded.lines, loaded.elapsedS, rows);
  } finally {
    await influxd.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

function report(o: ReturnType<typeof options>, lines: number, loadS: number, rows: Row[]): void {
  const args = `--sensors ${o.sensors} --days ${o.days} --interval ${o.intervalMin} --dense-days ${o.denseDays} --sparse-interval ${o.sparseIntervalMin} --runs ${o.runs}`;
  const entry = [
    `### ${new Date().toISOString().slice(0, 16)}Z: \`npm run bench:insights -- ${args}\` (commit ${gitCommit()})`,
    '',
    `${o.sensors} synthetic sensors (bench/history/data.ts), ${o.days} days: a reading every ${o.intervalMin} min for the last ${Math.min(o.days, o.denseDays)} days, ` +
      `every ${o.sparseIntervalMin} min before, with their 1-minute and 1-hour rollups (${(lines / 1e6).toFixed(1)}M lines, loaded in ${loadS.toFixed(0)} s; ` +
      `InfluxDB 1.6, ${os.cpus().length} cores shared, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} at the end). ` +
      `Each view as the page and /api/insights read it (query, parse, compute), median of ${o.runs} after a warm-up.`,
    '',
    '| view | range | median | JSON answer |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) =>
      r.medianMs === null ? `| ${r.view} | ${r.days} days | refused: ${r.note} | |` : `| ${r.view} | ${r.days} days | ${r.medianMs.toFixed(0)} ms | ${(r.bytes / 1024).toFixed(0)} KiB |`
    )
  ].join('\n');
  appendBenchResult('insights', entry);
}

main().catch((err) => {
  console.error(`[bench:insights] failed: ${(err as Error).stack ?? err}`);
  process.exit(1);
});
