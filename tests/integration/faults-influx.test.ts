import { describe, expect, it } from 'vitest';
import { runScenario } from '../../bench/faults/scenarios';

const N = 3000;

/** What a failure needs to be read: which readings are missing, and the ingest's log without the bound's edges (hundreds of lines at the bound). */
function whyShort(r: { missing: number[]; ingestLogs: string }): string {
  const lines = r.ingestLogs.split('\n').filter((l) => !/WAL_FULL|below its bound again/.test(l));
  return `missing (indices) ${JSON.stringify(r.missing.slice(0, 20))}\n${lines.slice(-40).join('\n')}`;
}

describe('no reading lost: InfluxDB dies mid-stream', () => {
  it('stores exactly N distinct readings after InfluxDB is SIGKILLed and restarted 5 s later; the live feed runs meanwhile', async () => {
    const r = await runScenario({ fault: 'influx-kill', n: N, ratePerS: 600, at: [0.3], settleTimeoutMs: 30_000 });
    expect(r.stored, whyShort(r)).toBe(N);
    const [fault] = r.faults;
    // The live view does not wait for storage: batches keep coming while InfluxDB is away.
    expect(r.liveTimes.filter((t) => t > fault.at + 500 && t < fault.restoredAt - 500).length).toBeGreaterThan(3);
    expect(r.ingestLogs).toMatch(/INFLUX_UNAVAILABLE[\s\S]*InfluxDB is back/);
  });

  it('with the journal at its disk bound, withholds PUBACKs (the broker queues) and still stores exactly N', async () => {
    const r = await runScenario({
      fault: 'influx-kill',
      n: N,
      ratePerS: 600,
      at: [0.3],
      settleTimeoutMs: 30_000,
      ingestEnv: { INGEST_WAL_MAX_BYTES: String(64 * 1024), INGEST_WAL_SEGMENT_BYTES: '8192' }
    });
    expect(r.stored, whyShort(r)).toBe(N);
    expect(r.ingestLogs).toMatch(/WAL_FULL: journal \d+ B ≥ 65536 B[\s\S]*journal below its bound again/);
    // The low-water mark and the log's limit keep the edges' lines few (one per deleted 8 KiB segment before: ~90).
    const edgeLines = r.ingestLogs.split('\n').filter((l) => /WAL_FULL|below its bound again/.test(l)).length;
    expect(edgeLines).toBeLessThan(40);
  });
});
