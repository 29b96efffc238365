/**
 * npm run bench:history -- [--sensors 10000] [--days 365] [--interval 60] [--dense-days 31] [--sparse-interval 720]
 *                          [--minute-days 2] [--runs 3] [--concurrency 2] [--keep] [--no-results] [--help]
 *
 * Loads `days` of readings of `sensors` generated sensors, with their 1-minute and 1-hour rollups,
 * into a private InfluxDB (scripts/lib/influxd.ts, temp dir) set up as the ingest sets it up
 * (retention policies, continuous queries), runs the replay frames job over the last 2 days as
 * `npm run rollups -- --follow` would have, then times a 1-year chart of one sensor, a 30-day
 * district chart and a 1-day city replay through the product's query code, each beside the same
 * read of raw readings (rollups off), with the CPU InfluxDB and Node spent. Goal: under 1 s each.
 * Appends to bench/RESULTS.md.
 *
 * Density: one reading every `interval` minutes for the last `dense-days` days (and all year for the
 * year chart's sensor), one every `sparse-interval` minutes before. From one reading an hour on, the
 * 1-hour rollup the long reads use is as dense as a city's (a row per sensor and hour whatever the
 * rate); a real rate (a reading a minute: 14.4M lines a day at 10,000 sensors) only makes the raw
 * baselines slower, and a year of it is more than 2 shared cores load in a day.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseInfluxConfig } from '../src/lib/core/influx-config';
import type { Sensor } from '../src/lib/core/sensor';
import { setupInflux } from '../src/lib/influx/setup';
import { startInfluxd } from '../scripts/lib/influxd';
import { appendBenchResult } from './lib/results-file';
import { gitCommit } from './lib/git';
import { generateBatches, plannedLines, syntheticCity } from './history/data';
import { loadBatches } from './history/load';
import { benchClient, cases, time, withoutFrames, type Timing } from './history/measure';
import { writeReplayFrames } from '../src/lib/server/replay-frames-job';
import { intArg } from './lib/args';

const DAY_MS = 86_400_000;
/** The year chart's sensor (measure.ts reads the first flood gauge): read at the dense rate all year. */
const yearSensor = (sensors: Sensor[]) => sensors.find((s) => s.kind === 'flood')!;

const GOAL_MS = 1000;
const log = (line: string) => console.log(`[bench:history] ${line}`);

function options() {
  const { values } = parseArgs({
    options: {
      sensors: { type: 'string', default: '10000' },
      days: { type: 'string', default: '365' },
      interval: { type: 'string', default: '60' },
      'dense-days': { type: 'string', default: '31' },
      'sparse-interval': { type: 'string', default: '720' },
      help: { type: 'boolean', default: false },
      'minute-days': { type: 'string', default: '2' },
      runs: { type: 'string', default: '3' },
      concurrency: { type: 'string', default: '2' },
      keep: { type: 'boolean', default: false },
      'no-results': { type: 'boolean', default: false }
    }
  });
  const int = intArg;
  return {
    sensors: int('sensors', values.sensors, 10, 100_000),
    days: int('days', values.days, 2, 400),
    intervalMin: int('interval', values.interval, 1, 1440),
    denseDays: int('dense-days', values['dense-days'], 1, 400),
    sparseIntervalMin: int('sparse-interval', values['sparse-interval'], 1, 1440),
    help: values.help,
    // The 1-minute rollup of only the newest days: at 10,000 sensors no measured read uses older ones.
    minuteDays: values['minute-days'] === undefined ? undefined : int('minute-days', values['minute-days'], 0, 400),
    runs: int('runs', values.runs, 1, 20),
    concurrency: int('concurrency', values.concurrency, 1, 8),
    keep: values.keep,
    results: !values['no-results']
  };
}

const cpu = (t: Timing) => `${t.influxCpuMs.toFixed(0)} + ${t.nodeCpuMs.toFixed(0)} ms`;

function row(name: string, ours: Timing, raw: Timing): string {
  const ratio = raw.medianMs / Math.max(ours.medianMs, 0.001);
  const goal = ours.medianMs < GOAL_MS ? 'yes' : 'no';
  return `| ${name} | ${ours.medianMs.toFixed(0)} ms (${ours.detail}, ${ours.points} points) | ${cpu(ours)} | ${raw.medianMs.toFixed(0)} ms (${raw.detail}) | ${cpu(raw)} | ×${ratio.toFixed(1)} | ${goal} |`;
}

async function main(): Promise<void> {
  const o = options();
  if (o.help) {
    console.log(readFileSync(import.meta.filename, 'utf8').split('*/')[0].replace(/^\/\*\*\n| \* ?/gm, ''));
    return;
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pantau-bench-history-'));
  const influxd = await startInfluxd({ dataDir: path.join(dir, 'influxdb') });
  try {
    // Raw readings kept for the whole load, so the raw baseline has the year to read.
    const config = parseInfluxConfig({ INFLUX_URL: influxd.url, INFLUX_DB: 'bench', INFLUX_RAW_RETENTION: `${o.days + 2}d` });
    await setupInflux(config);
    const sensors = syntheticCity(o.sensors);
    const endMs = Math.floor(Date.now() / 60_000) * 60_000;
    const minuteDays = o.minuteDays ?? o.days;
    const planned = plannedLines(o.sensors, o.days, o.intervalMin, minuteDays, o.denseDays, o.sparseIntervalMin);
    const total = planned.raw + planned.minute + planned.hour;
    log(`InfluxDB ${influxd.url} in ${dir}; loading ${o.days} days × ${o.sensors} sensors, one reading every ${o.intervalMin} min ` +
      `for ${Math.min(o.days, o.denseDays)} days, every ${o.sparseIntervalMin} min before: ` +
      `${planned.raw} readings + ${planned.minute} 1-minute (last ${minuteDays} days) + ${planned.hour} 1-hour rollup points`);
    const batches = generateBatches({
      sensors, startMs: endMs - o.days * DAY_MS, endMs, intervalMin: o.intervalMin, batchLines: 20_000, minuteFromMs: endMs - minuteDays * DAY_MS,
      denseFromMs: endMs - o.denseDays * DAY_MS, sparseIntervalMin: o.sparseIntervalMin, denseSensor: yearSensor(sensors).id
    });
    const loaded = await loadBatches(config, batches, total, o.concurrency, (p) =>
      log(`loaded ${(p.lines / 1e6).toFixed(1)}M / ${(total / 1e6).toFixed(1)}M lines (${((100 * p.lines) / total).toFixed(0)} %), ` +
        `${Math.round(p.lines / p.elapsedS / 1000)}k lines/s, ~${Math.round(((total - p.lines) * p.elapsedS) / Math.max(1, p.lines) / 60)} min left`));
    log(`loaded ${loaded.lines} lines in ${(loaded.elapsedS / 60).toFixed(1)} min (${Math.round(loaded.lines / loaded.elapsedS / 1000)}k lines/s)`);
    // The frames job, as `npm run rollups -- --follow` would have run it (from a day boundary: the daily frames need every hour).
    const framesStarted = Date.now();
    const framesFrom = Math.floor((endMs - 2 * DAY_MS) / DAY_MS) * DAY_MS;
    const frames = await writeReplayFrames(config, framesFrom, endMs, endMs);
    const framesS = (Date.now() - framesStarted) / 1000;
    log(`replay frames job: ${frames.points} points for ${frames.hours} h in ${framesS.toFixed(1)} s`);
    const ours = benchClient(config, true);
    const raw = benchClient(config, false);
    const rows: string[] = [];
    for (const c of cases(sensors, endMs)) {
      const a = await time(c, ours, o.runs, influxd.pid);
      const b = await time(c, raw, o.runs, influxd.pid);
      rows.push(row(c.name, a, b));
      log(rows[rows.length - 1]);
      if (!c.name.includes('replay')) continue;
      const before = await time(c, withoutFrames(ours), o.runs, influxd.pid);
      rows.push(row(c.name.replace('replay', 'replay per sensor, as before frames'), before, b));
      log(rows[rows.length - 1]);
    }
    if (o.results) report(o, { lines: loaded.lines, loadS: loaded.elapsedS, frameHours: frames.hours, framesS }, rows);
  } finally {
    await influxd.stop();
    if (!o.keep) await rm(dir, { recursive: true, force: true });
  }
}

interface LoadFacts {
  lines: number;
  loadS: number;
  frameHours: number;
  framesS: number;
}

function report(o: ReturnType<typeof options>, f: LoadFacts, rows: string[]): void {
  const args =
    `--sensors ${o.sensors} --days ${o.days} --interval ${o.intervalMin} --dense-days ${o.denseDays} --sparse-interval ${o.sparseIntervalMin}` +
    `${o.minuteDays === undefined ? '' : ` --minute-days ${o.minuteDays}`}`;
  const dense = Math.min(o.days, o.denseDays);
  const entry = [
    `### ${new Date().toISOString().slice(0, 16)}Z: \`npm run bench:history -- ${args}\` (commit ${gitCommit()})`,
    '',
    `${o.sensors} sensors (60 % traffic, 20 % flood, 20 % air, 10 districts), ${o.days} days: one reading every ${o.intervalMin} min for the last ${dense} days ` +
      `(all ${o.days} for the year chart's sensor), every ${o.sparseIntervalMin} min before; ` +
      `with 1-hour rollups and 1-minute rollups${o.minuteDays === undefined ? '' : ` (last ${o.minuteDays} days)`}: ${(f.lines / 1e6).toFixed(1)}M lines loaded in ${(f.loadS / 60).toFixed(1)} min ` +
      `(InfluxDB 1.6, ${os.cpus().length} cores shared, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} at the end). ` +
      `Replay frames job over the last ${f.frameHours} h: ${f.framesS.toFixed(1)} s. ` +
      `Median of ${o.runs} after a warm-up; CPU = InfluxDB + Node over that run; baseline = the same product read with rollups off (raw readings).`,
    '',
    '| read | product | product CPU | raw baseline | raw CPU | raw / product | under 1 s |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows
  ].join('\n');
  appendBenchResult('history', entry);
}

main().catch((err) => {
  console.error(`[bench:history] failed: ${(err as Error).stack ?? err}`);
  process.exit(1);
});
