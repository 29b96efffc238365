import { describe, expect, it } from 'vitest';
import { runScenario } from '../../bench/faults/scenarios';

const N = 3000;

describe('no reading lost: the broker restarts mid-stream', () => {
  it('stores exactly N distinct readings after Mosquitto is stopped and restarted (publisher and ingest reconnect)', async () => {
    const r = await runScenario({ fault: 'broker-restart', n: N, ratePerS: 600, at: [0.3], settleTimeoutMs: 30_000 });
    expect(r.stored, r.ingestLogs.slice(-4000)).toBe(N);
    // The ingest came back by itself, on its persistent session.
    expect(r.ingestLogs).toMatch(/reconnected to mqtt:\/\/127\.0\.0\.1:\d+ \(session resumed\)/);
  });
});
