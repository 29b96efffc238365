import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setLogger } from '@influxdata/influxdb-client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseInfluxConfig } from '../../src/lib/core/influx-config';
import { openJournal } from './journal';
import { createInfluxSink } from './influx-sink';
import { startWriteServer, type WriteAnswer } from './test-support';

beforeAll(() => void setLogger({ error: () => undefined, warn: () => undefined }));
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function openSink(answers: WriteAnswer[], batchSize: number) {
  const influx = await startWriteServer(answers);
  const dir = mkdtempSync(path.join(tmpdir(), 'pantau-shipper-batch-'));
  const sink = createInfluxSink({
    influx: parseInfluxConfig({ INFLUX_URL: influx.url, INFLUX_DB: 'test' }),
    journal: openJournal({ dir, segmentMaxBytes: 64 << 20, fsync: false }),
    batchSize, writeConcurrency: 1, flushIntervalMs: 60_000, maxJournalBytes: 1 << 30, retryMaxMs: 20, districtOf: () => 'ulu'
  });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => new Promise((r) => influx.server.close(r)), () => sink.close(1000));
  return { sink, requests: influx.requests };
}

describe('the shipper commits a batch only when InfluxDB confirmed all of it', () => {
  it('with a batch of more than 10,000 journal appends, a 503 means the whole batch is written again', async () => {
    const { sink, requests } = await openSink([{ status: 503 }, { status: 503 }], 20_000);
    // One append per group commit (one message per window, or a backlog): 20,000 ranges in one batch.
    for (let i = 0; i < 20_000; i++) {
      void sink.writeReadings([{ sensorId: `fl-${i % 50}`, kind: 'flood', ts: 1_700_000_000_000 + i, values: { water_level: i % 300 } }]);
      sink.sync();
    }
    await sink.flush();
    expect(requests.map((r) => [r.status, r.lines.length])).toEqual([[503, 20_000], [503, 20_000], [204, 20_000]]);
    expect(new Set(requests[2].lines.map((l) => l.split(' ')[2])).size).toBe(20_000);
    expect(sink.stats()).toMatchObject({ storedLines: 20_000, droppedLines: 0, pendingBytes: 0 });
  });
});
