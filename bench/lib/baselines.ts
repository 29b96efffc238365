/** Baselines measured in the same run as the pipeline: InfluxDB's raw write limit and the broker alone. */
import { formatLine } from '../../src/lib/core/line-protocol';
import type { Sensor } from '../../src/lib/core/sensor';
import { createLoadPublisher } from './load';
import { sleep, spawnTsx } from './proc';
import type { ReadingSource } from './readings';
import { influxCommand } from './stack';

const RAW_BATCH_LINES = 5000;
const RAW_IN_FLIGHT = 2;

/** Batched line protocol (5000 lines per POST, 2 requests in flight) to a scratch database: points/s. */
export async function measureRawWrites(influxUrl: string, sensors: readonly Sensor[], source: ReadingSource, durationMs: number): Promise<number> {
  const db = 'bench_raw';
  await influxCommand(influxUrl, `CREATE DATABASE ${db}`);
  let ts = Date.now() - 3_600_000;
  let i = 0;
  const batch = () => {
    const lines: string[] = [];
    for (let k = 0; k < RAW_BATCH_LINES; k++, i++) {
      const s = sensors[i % sensors.length];
      const values = JSON.parse(source.messageFor(s, 0).payload).values as Record<string, number>;
      lines.push(formatLine(s.kind, { sensor: s.id, district: s.district }, values, ts++));
    }
    return lines.join('\n');
  };
  // Bodies built before the clock starts: the baseline is InfluxDB's, not this process's formatting.
  const bodies = Array.from({ length: 40 }, batch);
  let points = 0;
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    while (performance.now() - start < durationMs) {
      const body = bodies[next++ % bodies.length];
      const res = await fetch(`${influxUrl}/write?db=${db}&precision=ms`, { method: 'POST', body });
      if (res.status !== 204) throw new Error(`raw write: ${res.status} ${await res.text()}`);
      points += RAW_BATCH_LINES;
    }
  };
  await Promise.all(Array.from({ length: RAW_IN_FLIGHT }, worker));
  const rate = points / ((performance.now() - start) / 1000);
  await influxCommand(influxUrl, `DROP DATABASE ${db}`);
  return rate;
}

/**
 * The broker alone: a plain QoS 1 subscriber in its own process (as the ingest runs) counting what
 * the same publisher sends flat out; messages/s received.
 */
export async function measureBroker(mqttUrl: string, source: ReadingSource, durationMs: number, connections: number): Promise<number> {
  let counted = 0;
  const counter = await spawnTsx({
    name: 'count-subscriber',
    script: 'bench/lib/count-subscriber.ts',
    env: { MQTT_URL: mqttUrl },
    readyLine: /count-subscriber ready/,
    onLine: (line) => {
      const m = /^count (\d+)$/.exec(line);
      if (m) counted = Number(m[1]);
    }
  });
  const load = await createLoadPublisher({ url: mqttUrl, connections, windowPerConnection: 1000, idPrefix: `bench-base-${process.pid}` });
  try {
    await sleep(200);
    const before = counted;
    const start = performance.now();
    await load.run({ ratePerS: Infinity, durationMs, next: (i) => source.message(i, Date.now()) });
    await sleep(150); // the counter prints every 100 ms
    return (counted - before) / ((performance.now() - start) / 1000);
  } finally {
    await load.close();
    await counter.stop();
  }
}
