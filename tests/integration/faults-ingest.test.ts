import { describe, expect, it } from 'vitest';
import { startFaultStack } from '../../bench/faults/harness';
import { fleetStart, startFleet } from '../../bench/faults/publisher';
import { runScenario } from '../../bench/faults/scenarios';
import { waitFor } from '../helpers/wait';

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

describe('SIGTERM while InfluxDB is down', () => {
  it('exits 0 after the grace period with the rest kept in the journal, and the next start ships it', async () => {
    const stack = await startFaultStack({ name: 'term-down', ingestEnv: { INGEST_SHUTDOWN_GRACE_MS: '1000' } });
    const n = 600;
    const t0 = fleetStart(n);
    let fleet: Awaited<ReturnType<typeof startFleet>> | undefined;
    try {
      // The ingest's session must exist before the first publish, or the broker has nobody to queue for.
      await stack.startIngest();
      await stack.killInflux();
      fleet = await startFleet({ url: stack.mosquitto.url, clientId: `fleet-${stack.clientId}`, n, t0, ratePerS: 2000 });
      await fleet.done;
      const first = stack.ingest();
      // The sink has tried to write and holds readings in the journal; the rest may still wait at the broker.
      await waitFor('a failed write', () => /INFLUX_UNAVAILABLE/.test(first.logs()), { timeoutMs: 15_000 });
      await first.stop();
      expect((await first.exited).code).toBe(0);
      expect(first.logs()).toMatch(/stopped; stored \d+ lines; \d+ bytes stay in the journal for the next start/);
      await stack.influx.restart();
      await stack.startIngest();
      const stored = await waitFor('all readings stored', async () => ((await stack.countStored(t0)) >= n ? stack.countStored(t0) : 0), { timeoutMs: 30_000 });
      expect(stored, stack.ingestLogs().slice(-4000)).toBe(n);
    } finally {
      await fleet?.close();
      await stack.stop();
    }
  });
});
