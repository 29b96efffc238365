import { describe, expect, it } from 'vitest';
import { runScenario } from '../../bench/faults/scenarios';

const N = 3000;

describe('no reading lost: the ingest process dies or stops mid-stream', () => {
  it('stores exactly N distinct readings after ingest is SIGKILLed and restarted (journal replay + broker redelivery)', async () => {
    const r = await runScenario({ fault: 'ingest-kill', n: N, ratePerS: 600, at: [0.3], settleTimeoutMs: 30_000 });
    expect(r.stored, r.ingestLogs.slice(-4000)).toBe(N);
    // The second run found the first one's journal.
    expect(r.ingestLogs).toMatch(/----- ingest restarted -----[\s\S]*journal .*bytes to replay/);
  });

  it('on SIGTERM flushes and exits 0; after the restart exactly N distinct readings are stored', async () => {
    const r = await runScenario({ fault: 'ingest-term', n: N, ratePerS: 600, at: [0.3], settleTimeoutMs: 30_000 });
    expect(r.faults[0].exitCode).toBe(0);
    expect(r.ingestLogs).toMatch(/SIGTERM: stopping[\s\S]*stopped; stored \d+ lines/);
    expect(r.stored, r.ingestLogs.slice(-4000)).toBe(N);
  });
});
