import type { DurableLogOptions } from '../../ingest/durable';
import type { InfluxConfig } from '../../src/lib/core/influx-config';
import type { Reading } from '../../src/lib/core/reading';

export const CONTRACT_SENSOR = 'flood-contract';
/** A reading's line is ~70 bytes: a 64 KiB bound holds a few hundred of them. */
export const CONTRACT_MAX_JOURNAL_BYTES = 64 * 1024;

/** Small segments and bound, fast retries: each bound and rotation is reached with a few hundred readings. */
export function contractLogOptions(dir: string, influx: InfluxConfig, maxJournalBytes = CONTRACT_MAX_JOURNAL_BYTES): DurableLogOptions {
  return {
    journal: { dir, segmentMaxBytes: 16 * 1024, fsync: false },
    influx,
    batchSize: 100,
    flushIntervalMs: 10,
    maxJournalBytes,
    retryMaxMs: 200,
    districtOf: () => 'Samarinda Ulu'
  };
}

/** `count` readings of one gauge, one second apart, water_level = their index (so each is told apart). */
export function contractReadings(count: number, from = 0, t0 = Date.UTC(2026, 0, 1)): Reading[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    return { sensorId: CONTRACT_SENSOR, kind: 'flood', ts: t0 + i * 1000, values: { water_level: i } };
  });
}
