/**
 * The pipeline (createIngest) with a detector that throws: the reading must still reach the store.
 * Real detection engine and real durable log (journal in a temp dir); InfluxDB's /write is a loopback
 * server that records the lines, as in durable/influx-sink.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_DECODE_LIMITS } from '../src/lib/core/decode';
import { parseInfluxConfig } from '../src/lib/core/influx-config';
import { TOPICS } from '../src/lib/core/topic';
import { createIngest } from './app';
import type { RuleDetector } from './detect/context';
import { createDetectionEngine } from './detect/engine';
import { CATALOG, KP3 } from './detect/test-support';
import { openDurableLog } from './durable';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function writeServer(): Promise<{ url: string; lines: string[] }> {
  const lines: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      lines.push(...body.split('\n').filter(Boolean));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise((r) => server.close(r)));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, lines };
}

/** A rule that throws on every flood reading (a detector bug). */
const THROWING: RuleDetector = {
  rule: 'flood_level',
  kinds: ['flood'],
  create: () => ({
    observe: () => {
      throw new Error('detector bug');
    }
  })
};

async function start() {
  const influx = await writeServer();
  const dir = mkdtempSync(path.join(tmpdir(), 'pantau-app-'));
  const { log: sink } = openDurableLog({
    journal: { dir, segmentMaxBytes: 1 << 20, fsync: false },
    influx: parseInfluxConfig({ INFLUX_URL: influx.url, INFLUX_DB: 'test' }),
    batchSize: 100,
    flushIntervalMs: 10,
    maxJournalBytes: 1 << 20,
    retryMaxMs: 50,
    districtOf: () => 'Samarinda Ulu'
  });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => sink.close(1000));
  const logs: string[] = [];
  const published: string[] = [];
  let now = Date.UTC(2026, 11, 6, 12, 0, 0);
  const ingest = createIngest({
    catalog: CATALOG,
    limits: DEFAULT_DECODE_LIMITS,
    maxSensorRatePerS: 20,
    sink,
    engine: createDetectionEngine({ catalog: CATALOG, detectors: { flood_level: THROWING } }),
    publish: (topic) => void published.push(topic),
    now: () => now,
    log: (m) => void logs.push(m)
  });
  return { ingest, sink, influx, logs, published, advance: (ms: number) => (now += ms), now: () => now };
}

const payload = (ts: number, level: number) => new TextEncoder().encode(JSON.stringify({ ts, values: { water_level: level } }));

describe('ingest pipeline: a detector that throws', () => {
  it('stores the reading anyway, counts the error and logs it once a minute', async () => {
    const s = await start();
    const topic = `pantau/v1/sensors/flood/${KP3.id}`;
    for (let i = 0; i < 3; i++) {
      // The MQTT source turns a throw into an acknowledged message: it must not throw at all.
      expect(() => s.ingest.onMessage(topic, payload(s.now(), 150 + i))).not.toThrow();
      s.advance(1000);
    }
    s.sink.sync();
    await s.sink.flush();
    const stored = s.influx.lines.filter((l) => l.startsWith('flood,'));
    expect(stored).toHaveLength(3);
    expect(stored.map((l) => /water_level=([\d.]+)/.exec(l)?.[1])).toEqual(['150', '151', '152']);
    expect(s.ingest.stats()).toMatchObject({ accepted: 3, readings: 3, detectorErrors: 3 });
    expect(s.logs.filter((m) => m.includes('detector bug'))).toHaveLength(1);
    expect(s.published).not.toContain(TOPICS.deadLetter);
  });
});
