/**
 * The live messages the ingest publishes, read as the command center reads them (mqtt-feed.ts's byte bound,
 * live-state.ts's parser): a window holding every sensor of a large city must reach the wall, not be dropped whole.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_DECODE_LIMITS } from '../../src/lib/core/decode';
import type { Catalog, Sensor } from '../../src/lib/core/sensor';
import { TOPICS, sensorTopic } from '../../src/lib/core/topic';
import { MAX_LIVE_PAYLOAD_BYTES } from '../../src/lib/server/mqtt-feed';
import { parseLiveBatch } from '../../src/lib/server/live-state';
import { createIngest } from '../../ingest/app';
import { createDetectionEngine } from '../../ingest/detect/engine';
import { loopbackDurableLog } from '../../ingest/durable/test-support';
import { packJsonArrays } from '../../ingest/outputs/live';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('ingest live output', () => {
  it('splits a window of 20,000 sensors into messages the command center takes: every reading arrives', async () => {
    const sensors: Sensor[] = Array.from({ length: 20_000 }, (_, i) => ({
      id: `air-${i}`, kind: 'air', name: `Udara ${i}`, district: 'Samarinda Kota', lat: -0.5, lon: 117.15, intervalS: 60
    }));
    const catalog: Catalog = { city: 'Samarinda', districts: [], sensors };
    const { sink } = await loopbackDurableLog(cleanups);
    const live: string[] = [];
    const now = Date.UTC(2026, 11, 6, 12, 0, 0);
    const ingest = createIngest({
      catalog,
      limits: DEFAULT_DECODE_LIMITS,
      maxSensorRatePerS: 20,
      sink,
      engine: createDetectionEngine({ catalog }),
      publish: (topic, payload) => void (topic === TOPICS.live && live.push(payload)),
      now: () => now,
      log: () => undefined
    });
    const values = { pm25: 35.5, pm10: 60.2, o3: 40, no2: 20, co: 1000, so2: 10 };
    for (const s of sensors) ingest.onMessage(sensorTopic('air', s.id), new TextEncoder().encode(JSON.stringify({ ts: now, values })));
    ingest.flushLive();
    // larger than the command center takes in one message
    expect(live.reduce((n, m) => n + Buffer.byteLength(m), 0)).toBeGreaterThan(MAX_LIVE_PAYLOAD_BYTES);
    const heard = new Set<string>();
    for (const message of live) {
      expect(Buffer.byteLength(message)).toBeLessThanOrEqual(MAX_LIVE_PAYLOAD_BYTES);
      const { readings, dropped } = parseLiveBatch(message);
      expect(dropped).toBe(0);
      for (const r of readings) heard.add(r.sensorId);
    }
    expect(heard.size).toBe(sensors.length);
  });

  it('packs JSON texts into arrays within the byte and count bounds, in order; one larger text goes alone', () => {
    const items = ['1', '22', '333', '4444', '55555'];
    expect(packJsonArrays(items, 8, 10)).toEqual(['[1,22]', '[333]', '[4444]', '[55555]']);
    expect(packJsonArrays(items, 100, 2)).toEqual(['[1,22]', '[333,4444]', '[55555]']);
    expect(packJsonArrays(['"a-long-text"'], 4, 10)).toEqual(['["a-long-text"]']);
    expect(packJsonArrays([], 4, 10)).toEqual([]);
    for (const m of packJsonArrays(items, 9, 10)) expect(m.length <= 9 || !m.includes(',')).toBe(true);
  });
});
