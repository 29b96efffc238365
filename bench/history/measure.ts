/**
 * The three reads of bench:history through the product's own query code (history.ts,
 * district-history.ts, replay.ts): once as the product runs (rollups on) and once with rollups off,
 * which is the raw-data query of the same chart: the baseline. Median of `runs` after a warm-up.
 */
import type { InfluxConfig } from '../../src/lib/core/influx-config';
import { createInfluxDB } from '../../src/lib/influx/client';
import { runInfluxQl } from '../../src/lib/influx/query';
import { indexSensors, type Sensor } from '../../src/lib/core/sensor';
import type { InfluxClient, InfluxSeries } from '../../src/lib/server/influx';
import { readDistrictHistory } from '../../src/lib/server/district-history';
import { readSensorHistory } from '../../src/lib/server/history';
import { readReplay } from '../../src/lib/server/replay';
import { readFileSync } from 'node:fs';
import { DISTRICTS } from './data';

const DAY_MS = 86_400_000;
/** Long enough for any raw baseline read of the bench's year of data. */
const BENCH_QUERY_TIMEOUT_MS = 600_000;

/** The product's InfluxClient without its 5 s timeout: a raw baseline may take longer, and we want its time. */
export function benchClient(config: InfluxConfig, rollups: boolean): InfluxClient {
  const influx = createInfluxDB(config, BENCH_QUERY_TIMEOUT_MS);
  return {
    retention: { ...config.retention, rollups },
    async query(q: string): Promise<InfluxSeries[]> {
      return (await runInfluxQl(influx, config, q)).results?.[0]?.series ?? [];
    },
    ping: async () => true,
    writeAlertEvent: async () => {
      throw new Error('the bench client does not write');
    },
    close: async () => {}
  };
}

export interface Case {
  name: string;
  /** Runs the read; returns the points it answered with and the resolution it chose. */
  run(client: InfluxClient): Promise<{ points: number; detail: string }>;
}

export function cases(sensors: Sensor[], nowMs: number): Case[] {
  const index = indexSensors({ city: 'Bench', districts: [], sensors });
  const gauge = sensors.find((s) => s.kind === 'flood')!;
  const count = (fields: Record<string, [number, number][]>) => Object.values(fields).reduce((n, f) => n + f.length, 0);
  return [
    {
      name: `1-year chart of one sensor (${gauge.id})`,
      async run(c) {
        const h = await readSensorHistory(c, gauge, 8760, nowMs);
        return { points: count(h.fields), detail: `${h.intervalS} s buckets` };
      }
    },
    {
      name: `30-day district chart (${DISTRICTS[0]}, ${sensors.filter((s) => s.district === DISTRICTS[0] && s.kind === 'traffic').length} traffic sensors)`,
      async run(c) {
        const d = await readDistrictHistory(c, 'traffic', DISTRICTS[0], 720, nowMs);
        return { points: count(d.fields), detail: `${d.resolution}, ${d.intervalS} s buckets` };
      }
    },
    {
      name: `1-day city replay (${sensors.length} sensors)`,
      async run(c) {
        const r = await readReplay(c, index, { from: nowMs - DAY_MS, to: nowMs, stepS: 1 }, nowMs);
        const points = Object.values(r.sensors).reduce((n, p) => n + p.length, 0);
        return { points, detail: `${r.frames} frames of ${r.stepS} s` };
      }
    }
  ];
}

/**
 * The product's client with the replay frames hidden (their query answers nothing): the per-sensor
 * replay as it was before frames, to show beside the frames.
 */
export function withoutFrames(client: InfluxClient): InfluxClient {
  return { ...client, query: (q) => (q.includes('"replay_frame"') ? Promise.resolve([]) : client.query(q)) };
}

export interface Timing {
  medianMs: number;
  /** CPU of InfluxDB and of this process over the median run, ms: what the read costs whatever else runs on the machine. */
  influxCpuMs: number;
  nodeCpuMs: number;
  points: number;
  detail: string;
}

/** utime + stime of a process, ms (Linux /proc; 10 ms ticks). */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export async function time(c: Case, client: InfluxClient, runs: number, influxPid: number): Promise<Timing> {
  let last = await c.run(client); // warm-up: the first read of a shard pays for opening it
  const samples: { ms: number; influx: number; node: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const i0 = processCpuMs(influxPid);
    const n0 = process.cpuUsage();
    last = await c.run(client);
    const n = process.cpuUsage(n0);
    samples.push({ ms: performance.now() - t, influx: processCpuMs(influxPid) - i0, node: (n.user + n.system) / 1000 });
  }
  samples.sort((a, b) => a.ms - b.ms);
  const median = samples[Math.floor(samples.length / 2)];
  return { medianMs: median.ms, influxCpuMs: median.influx, nodeCpuMs: median.node, ...last };
}
