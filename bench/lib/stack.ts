/** A private InfluxDB + Mosquitto on free loopback ports in a temp dir, for one benchmark run. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseInfluxConfig, type InfluxConfig } from '../../src/lib/core/influx-config';
import { influxQl, seriesRows } from '../../src/lib/influx/query';
import { startInfluxd, type InfluxdHandle } from '../../scripts/lib/influxd';
import { startMosquitto, type MosquittoHandle } from '../../scripts/lib/mosquitto';

export interface BenchStack {
  dir: string;
  influx: InfluxdHandle;
  mqtt: MosquittoHandle;
  stop(): Promise<void>;
}

export async function startBenchStack(prefix: string): Promise<BenchStack> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  const [influx, mqtt] = await Promise.all([
    startInfluxd({ dataDir: path.join(dir, 'influx'), logLevel: 'error' }),
    startMosquitto({ dataDir: path.join(dir, 'mosquitto') })
  ]);
  return {
    dir,
    influx,
    mqtt,
    async stop() {
      await Promise.allSettled([influx.stop(), mqtt.stop()]);
      await rm(dir, { recursive: true, force: true });
    }
  };
}

/** The product's InfluxConfig for a bench database ('' for statements on the server). */
function benchInflux(url: string, db: string): InfluxConfig {
  return { ...parseInfluxConfig({ INFLUX_URL: url }), database: db };
}

/** POST an InfluxQL statement (CREATE DATABASE, …). */
export async function influxCommand(url: string, q: string): Promise<void> {
  await influxQl(benchInflux(url, ''), q, 'POST');
}

/** A SELECT's rows as objects (epoch ms times). */
export async function influxSelect(url: string, db: string, q: string): Promise<Array<Record<string, unknown>>> {
  const body = await influxQl(benchInflux(url, db), q);
  return (body.results?.[0]?.series ?? []).flatMap((s) => seriesRows(s).map((row) => ({ ...s.tags, ...row })));
}
