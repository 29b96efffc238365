import { describe, expect, it } from 'vitest';
import { runScenario } from '../../bench/faults/scenarios';

const N = 3000;

describe('no reading lost: InfluxDB dies mid-stream', () => {
  it('stores exactly N distinct readings after InfluxDB is SIGKILLed and restarted 5 s later', async () => {
    const r = await runScenario({ fault: 'influx-kill', n: N, ratePerS: 600, at: [0.3], settleTimeoutMs: 30_000 });
    expect(r.stored, r.ingestLogs.slice(-4000)).toBe(N);
    expect(r.faults).toHaveLength(1);
  });
});
