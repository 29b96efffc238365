import { describe, expect, it } from 'vitest';
import { decodePayload, DEFAULT_DECODE_LIMITS } from '../../src/lib/core/decode';
import { createReadingSource, loadScaledCatalog, PACK_STEP_MS } from './readings';

describe('benchmark reading source', () => {
  const catalog = loadScaledCatalog(1);
  const kinds = ['flood', 'air', 'traffic'] as const;

  it.each(kinds)('packs N readings of one %s sensor into a SenML pack the ingest decoder accepts', (kind) => {
    const sensor = catalog.sensors.find((s) => s.kind === kind)!;
    const now = Date.now();
    const message = createReadingSource([sensor], 7, 5).message(0, now);
    const decoded = decodePayload(Buffer.from(message.payload), { kind, sensorId: sensor.id, now, limits: DEFAULT_DECODE_LIMITS });
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.readings.map((r) => r.ts)).toEqual([4, 3, 2, 1, 0].map((k) => now - k * PACK_STEP_MS));
    // The same values as the one-reading source gives for that sensor (the first variant of the rotation).
    const single = JSON.parse(createReadingSource([sensor]).message(0, now).payload) as { values: Record<string, number> };
    expect(decoded.readings[0].values).toEqual(single.values);
  });
});
