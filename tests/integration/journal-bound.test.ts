import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFaultStack, waitUntil } from '../../bench/faults/harness';
import { fleetStart, startFleet } from '../../bench/faults/publisher';
import { sleep } from '../helpers/wait';

const N = 6000;
const BOUND = 64 * 1024;
const SEGMENT = 8192;
/** One fleet message's line (about 90 bytes) may cross the bound: its PUBACK then waits for room. */
const ONE_MESSAGE = 256;

/** Bytes of each segment file in the journal dir now (a file deleted meanwhile counts 0). */
function segmentSizes(dir: string): number[] {
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((f) => f.startsWith('seg-'));
  } catch {
    return [];
  }
  return names.map((f) => {
    try {
      return statSync(path.join(dir, f)).size;
    } catch {
      return 0;
    }
  });
}

describe('journal bound while catching up', () => {
  it('holds the disk bound and the segment bound during an InfluxDB outage and while the broker’s backlog is caught up; stores exactly N', async () => {
    const stack = await startFaultStack({
      name: 'journal-bound',
      ingestEnv: { INGEST_WAL_MAX_BYTES: String(BOUND), INGEST_WAL_SEGMENT_BYTES: String(SEGMENT) }
    });
    let maxTotal = 0;
    let maxSegment = 0;
    let samples = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const sizes = segmentSizes(stack.walDir);
        maxTotal = Math.max(maxTotal, sizes.reduce((a, b) => a + b, 0));
        maxSegment = Math.max(maxSegment, ...sizes, 0);
        samples++;
        await sleep(2);
      }
    })();
    const t0 = fleetStart(N);
    const fleet = await stack.startIngest().then(() => startFleet({ url: stack.mosquitto.url, clientId: `fleet-${stack.clientId}`, n: N, t0, ratePerS: 1000 }));
    try {
      await waitUntil('a fifth acknowledged', () => fleet.acked() >= N / 5, 60_000);
      await stack.killInflux();
      // Down long enough for the journal to fill and the broker to queue thousands behind it.
      await waitUntil('the rest acknowledged by the broker', () => fleet.acked() >= N, 60_000);
      await sleep(2000);
      const atRestart = segmentSizes(stack.walDir).reduce((a, b) => a + b, 0);
      await stack.influx.restart();
      await fleet.done;
      await waitUntil(`${N} readings stored`, async () => (await stack.countStored(t0)) >= N, 60_000, 100).catch(() => undefined);
      const stored = await stack.countStored(t0);
      sampling = false;
      await sampler;
      const logs = stack.ingestLogs();
      console.log(`journal-bound: largest journal ${maxTotal} B (bound ${BOUND}), largest segment ${maxSegment} B (bound ${SEGMENT}), ${samples} samples, ${atRestart} B at the restart`);
      expect(stored, logs.slice(-4000)).toBe(N);
      // The outage did fill the journal (so the catch-up below started from a full one).
      expect(logs).toMatch(/WAL_FULL: journal \d+ B ≥ 65536 B[\s\S]*journal below its bound again/);
      expect(atRestart).toBeGreaterThan(BOUND / 2);
      expect(samples).toBeGreaterThan(100);
      expect(maxTotal, `largest journal seen ${maxTotal} B`).toBeLessThanOrEqual(BOUND + ONE_MESSAGE);
      expect(maxSegment, `largest segment seen ${maxSegment} B`).toBeLessThanOrEqual(SEGMENT);
    } finally {
      sampling = false;
      await sampler;
      await fleet.close();
      await stack.stop();
    }
  }, 180_000);
});
