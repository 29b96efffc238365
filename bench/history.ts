/**
 * npm run bench:history -- [--sensors 10000] [--days 365] [--interval 720] [--minute-days 2] [--runs 3] [--keep] [--no-results]
 *
 * Loads `days` of readings of `sensors` generated sensors (one every `interval` minutes), with their
 * 1-minute and 1-hour rollups, into a private InfluxDB (scripts/lib/influxd.ts, temp dir) set up as the
 * ingest sets it up (retention policies, continuous queries), then times a 1-year chart of one
 * sensor, a 30-day district chart and a 1-day city replay through the product's query code, each
 * beside the same read of raw readings (rollups off). Goal: under 1 s each. Appends to bench/RESULTS.md.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseInfluxConfig } from '../src/lib/core/influx-config';
import { setupInflux } from '../src/lib/influx/setup';
import { startInfluxd } from '../scripts/lib/influxd';
import { appendSectionToFile } from './lib/results-file';
import { generateBatches, plannedLines, syntheticCity } from './history/data';
import { loadBatches } from './history/load';
import { benchClient, cases, time, type Timing } from './history/measure';

const ROOT = path.resolve(import.meta.dirname, '..');
const GOAL_MS = 1000;
const log = (line: string) => console.log(`[bench:history] ${line}`);

function options() {
  const { values } = parseArgs({
    options: {
      sensors: { type: 'string', default: '10000' },
      days: { type: 'string', default: '365' },
      interval: { type: 'string', default: '720' },
      'minute-days': { type: 'string', default: '2' },
      runs: { type: 'string', default: '3' },
      concurrency: { type: 'string', default: '2' },
      keep: { type: 'boolean', default: false },
      'no-results': { type: 'boolean', default: false }
    }
  });
  const int = (name: string, v: string, min: number, max: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer in ${min}..${max}`);
    return n;
  };
  return {
    sensors: int('sensors', values.sensors, 10, 100_000),
    days: int('days', values.days, 2, 400),
    intervalMin: int('interval', values.interval, 1, 1440),
    // The 1-minute rollup of only the newest days: at 10,000 sensors no measured read uses older ones.
    minuteDays: values['minute-days'] === undefined ? undefined : int('minute-days', values['minute-days'], 0, 400),
    runs: int('runs', values.runs, 1, 20),
    concurrency: int('concurrency', values.concurrency, 1, 8),
    keep: values.keep,
    results: !values['no-results']
  };
}

function row(name: string, ours: Timing, raw: Timing): string {
  const ratio = raw.medianMs / Math.max(ours.medianMs, 0.001);
  const goal = ours.medianMs < GOAL_MS ? 'yes' : 'no';
  return `| ${name} | ${ours.medianMs.toFixed(0)} ms (${ours.detail}, ${ours.points} points) | ${raw.medianMs.toFixed(0)} ms (${raw.detail}) | ×${ratio.toFixed(1)} | ${goal} |`;
}

async function main(): Promise<void> {
  const o = options();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pantau-bench-history-'));
  const influxd = await startInfluxd({ dataDir: path.join(dir, 'influxdb') });
  try {
    // Raw readings kept for the whole load, so the raw baseline has the year to read.
    const config = parseInfluxConfig({ INFLUX_URL: influxd.url, INFLUX_DB: 'bench', INFLUX_RAW_RETENTION: `${o.days + 2}d` });
    await setupInflux(config);
    const sensors = syntheticCity(o.sensors);
    const endMs = Math.floor(Date.now() / 60_000) * 60_000;
    const minuteDays = o.minuteDays ?? o.days;
    const planned = plannedLines(o.sensors, o.days, o.intervalMin, minuteDays);
    const total = planned.raw + planned.minute + planned.hour;
    log(`InfluxDB ${influxd.url} in ${dir}; loading ${o.days} days × ${o.sensors} sensors, one reading every ${o.intervalMin} min: ` +
      `${planned.raw} readings + ${planned.minute} 1-minute (last ${minuteDays} days) + ${planned.hour} 1-hour rollup points`);
    const batches = generateBatches({ sensors, startMs: endMs - o.days * 86_400_000, endMs, intervalMin: o.intervalMin, batchLines: 20_000, minuteFromMs: endMs - minuteDays * 86_400_000 });
    const loaded = await loadBatches(config, batches, total, o.concurrency, (p) =>
      log(`loaded ${(p.lines / 1e6).toFixed(1)}M / ${(total / 1e6).toFixed(1)}M lines (${((100 * p.lines) / total).toFixed(0)} %), ` +
        `${Math.round(p.lines / p.elapsedS / 1000)}k lines/s, ~${Math.round(((total - p.lines) * p.elapsedS) / Math.max(1, p.lines) / 60)} min left`));
    log(`loaded ${loaded.lines} lines in ${(loaded.elapsedS / 60).toFixed(1)} min (${Math.round(loaded.lines / loaded.elapsedS / 1000)}k lines/s)`);
    const ours = benchClient(config, true);
    const raw = benchClient(config, false);
    const rows: string[] = [];
    for (const c of cases(sensors, endMs)) {
      const a = await time(c, ours, o.runs);
      const b = await time(c, raw, o.runs);
      rows.push(row(c.name, a, b));
      log(rows[rows.length - 1]);
    }
    if (o.results) report(o, loaded.lines, loaded.elapsedS, rows);
  } finally {
    await influxd.stop();
    if (!o.keep) await rm(dir, { recursive: true, force: true });
  }
}

function report(o: ReturnType<typeof options>, lines: number, loadS: number, rows: string[]): void {
  const args = `--sensors ${o.sensors} --days ${o.days} --interval ${o.intervalMin}${o.minuteDays === undefined ? '' : ` --minute-days ${o.minuteDays}`}`;
  const entry = [
    `### ${new Date().toISOString().slice(0, 16)}Z: \`npm run bench:history -- ${args}\``,
    '',
    `${o.sensors} sensors (60 % traffic, 20 % flood, 20 % air, 10 districts), one reading every ${o.intervalMin} min for ${o.days} days, ` +
      `with 1-hour rollups and 1-minute rollups${o.minuteDays === undefined ? '' : ` (last ${o.minuteDays} days)`}: ${(lines / 1e6).toFixed(1)}M lines loaded in ${(loadS / 60).toFixed(1)} min (InfluxDB ${'1.6'}, ${os.cpus().length} cores shared). ` +
      `Median of ${o.runs} after a warm-up; baseline = the same product read with rollups off (raw readings).`,
    '',
    '| read | product (rollups) | raw baseline | raw / product | under 1 s |',
    '| --- | --- | --- | --- | --- |',
    ...rows
  ].join('\n');
  appendSectionToFile(path.join(ROOT, 'bench/RESULTS.md'), '## bench:history', entry);
  log('appended to bench/RESULTS.md');
}

main().catch((err) => {
  console.error(`[bench:history] failed: ${(err as Error).stack ?? err}`);
  process.exit(1);
});
