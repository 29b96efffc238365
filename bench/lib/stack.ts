/** A private InfluxDB + Mosquitto on free loopback ports in a temp dir, for one benchmark run. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
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

/** POST an InfluxQL statement (CREATE DATABASE, …). */
export async function influxCommand(url: string, q: string): Promise<void> {
  const res = await fetch(`${url}/query`, { method: 'POST', body: new URLSearchParams({ q }) });
  if (!res.ok) throw new Error(`InfluxDB ${res.status}: ${await res.text()}`);
}

/** A SELECT's rows as objects (epoch ms times). */
export async function influxSelect(url: string, db: string, q: string): Promise<Array<Record<string, unknown>>> {
  const res = await fetch(`${url}/query?db=${encodeURIComponent(db)}&epoch=ms&q=${encodeURIComponent(q)}`);
  if (!res.ok) throw new Error(`InfluxDB ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { results: Array<{ series?: Array<{ columns: string[]; values: unknown[][]; tags?: Record<string, string> }> }> };
  const rows: Array<Record<string, unknown>> = [];
  for (const s of body.results[0]?.series ?? []) {
    for (const v of s.values) rows.push({ ...s.tags, ...Object.fromEntries(s.columns.map((c, i) => [c, v[i]])) });
  }
  return rows;
}
