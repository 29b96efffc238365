import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setLogger } from '@influxdata/influxdb-client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseInfluxConfig } from '../../src/lib/core/influx-config';
import { testAlert, testEvent } from '../../src/lib/server/alert-fixtures';
import { openJournal } from './journal';
import { createInfluxSink } from './influx-sink';
import { startWriteServer } from './test-support';

beforeAll(() => void setLogger({ error: () => undefined, warn: () => undefined }));
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Two readings and an alert event in one journal window, shipped with one write request in flight. */
async function shipWindow(statuses: number[], env: Record<string, string> = {}) {
  const influx = await startWriteServer(statuses);
  const dir = mkdtempSync(path.join(tmpdir(), 'pantau-shipper-'));
  const sink = createInfluxSink({
    influx: parseInfluxConfig({ INFLUX_URL: influx.url, INFLUX_DB: 'test', ...env }),
    journal: openJournal({ dir, segmentMaxBytes: 1 << 20, fsync: false }),
    batchSize: 100, writeConcurrency: 1, flushIntervalMs: 10, maxJournalBytes: 1 << 20, retryMaxMs: 20, districtOf: () => 'ulu'
  });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => new Promise((r) => influx.server.close(r)), () => sink.close(1000));
  void sink.writeReadings([{ sensorId: 'fl-1', kind: 'flood', ts: 1_000, values: { water_level: 1 } }]);
  void sink.writeAlertEvents([testEvent('raised', testAlert('a-1', 1_500))]);
  await sink.writeReadings([{ sensorId: 'fl-1', kind: 'flood', ts: 2_000, values: { water_level: 2 } }]);
  await sink.flush();
  return { requests: influx.requests, stats: sink.stats() };
}

describe('the shipper writes alert events to their own retention policy', () => {
  it('sends a batch as two requests, readings to the default policy and alert events with rp=events', async () => {
    const { requests, stats } = await shipWindow([]);
    expect(requests.map((r) => [r.url.includes('&rp=events'), r.lines.length])).toEqual([[false, 2], [true, 1]]);
    expect(requests[0].lines.every((l) => l.startsWith('flood,'))).toBe(true);
    expect(requests[1].lines[0]).toMatch(/^alert_events,/);
    expect(stats).toMatchObject({ storedLines: 3, droppedLines: 0, pendingBytes: 0 });
  });

  it('retries only the part InfluxDB did not confirm: readings are not written twice', async () => {
    const { requests, stats } = await shipWindow([204, 503, 500]);
    expect(requests.map((r) => [r.url.includes('&rp=events'), r.status])).toEqual([[false, 204], [true, 503], [true, 500], [true, 204]]);
    expect(stats).toMatchObject({ storedLines: 3, droppedLines: 0, pendingBytes: 0 });
  });

  it('with the v2 API (a bucket, no policies) sends the batch as it is', async () => {
    const { requests } = await shipWindow([], { INFLUX_API: 'v2', INFLUX_TOKEN: 't', INFLUX_ORG: 'o' });
    expect(requests).toHaveLength(1);
    expect(requests[0].url).toMatch(/^\/api\/v2\/write\?org=o&bucket=test/);
    expect(requests[0].lines).toHaveLength(3);
  });
});
