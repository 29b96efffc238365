/**
 * The ingest pipeline in one process, without MQTT: pre-built messages into createIngest (decode,
 * detect, live coalescing, line protocol, journal, WriteApi to a loopback endpoint answering 204).
 * What bench:ingest's ingest process pays per reading minus the broker connection, measured as CPU
 * time of this process (not wall time), so neighbours on a shared machine count for little.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createIngest } from '../../ingest/app';
import { createDetectionEngine } from '../../ingest/detect/engine';
import { createInfluxSink } from '../../ingest/durable/influx-sink';
import { openJournal } from '../../ingest/durable/journal';
import { DEFAULT_DECODE_LIMITS } from '../../src/lib/core/decode';
import { parseInfluxConfig } from '../../src/lib/core/influx-config';
import type { Catalog } from '../../src/lib/core/sensor';
import { createReadingSource } from './readings';

export interface PipelineResult {
  readings: number;
  messages: number;
  cpuUsPerReading: number;
  wallMs: number;
}

/** Runs `messages` messages of `pack` readings each through the pipeline; turns of `perTurn` messages. */
export async function runPipeline(catalog: Catalog, o: { messages: number; pack: number; perTurn?: number }): Promise<PipelineResult> {
  let bodyBytes = 0;
  const server = createServer((req, res) => {
    req.on('data', (c: Buffer) => (bodyBytes += c.length));
    req.on('end', () => res.writeHead(204).end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const dir = mkdtempSync(path.join(tmpdir(), 'pantau-bench-pipeline-'));
  const districts = new Map(catalog.sensors.map((s) => [s.id, s.district]));
  const sink = createInfluxSink({
    influx: parseInfluxConfig({ INFLUX_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, INFLUX_DB: 'bench' }),
    journal: openJournal({ dir, segmentMaxBytes: 64 * 1024 ** 2, fsync: false, checkpointEveryMs: 1000 }),
    batchSize: 5000,
    flushIntervalMs: 200,
    maxJournalBytes: 1024 ** 3,
    retryMaxMs: 1000,
    districtOf: (id) => districts.get(id) ?? 'unknown'
  });
  const ingest = createIngest({
    catalog,
    limits: { ...DEFAULT_DECODE_LIMITS, maxPastMs: 366 * 86_400_000 },
    maxSensorRatePerS: 100_000,
    sink,
    engine: createDetectionEngine({ catalog }),
    publish: () => undefined,
    now: Date.now,
    log: () => undefined
  });
  const source = createReadingSource(catalog.sensors, 7, o.pack);
  const perTurn = o.perTurn ?? 200;
  // Messages a second apart, ending now; built before the clock starts (the publisher's work, not the ingest's).
  const t0 = Date.now() - o.messages * 1000;
  const messages = Array.from({ length: o.messages }, (_, i) => {
    const m = source.message(i, t0 + i * 1000);
    return { topic: m.topic, payload: Buffer.from(m.payload) };
  });
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  for (let i = 0; i < o.messages; ) {
    for (const end = Math.min(o.messages, i + perTurn); i < end; i++) {
      ingest.onMessage(messages[i].topic, messages[i].payload);
    }
    sink.sync(); // the MQTT source's group commit at the end of a turn
    if (i % (perTurn * 25) === 0) ingest.flushLive();
    await new Promise((r) => setImmediate(r));
  }
  await sink.flush();
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - wall0;
  await sink.close(1000);
  server.close();
  rmSync(dir, { recursive: true, force: true });
  const readings = ingest.stats().readings;
  if (readings !== o.messages * o.pack || bodyBytes === 0) throw new Error(`pipeline: ${readings} readings of ${o.messages * o.pack} accepted (${JSON.stringify(ingest.stats().rejectedByCode)})`);
  return { readings, messages: o.messages, cpuUsPerReading: ((cpu.user + cpu.system) / readings), wallMs };
}
