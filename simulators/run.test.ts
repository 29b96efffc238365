import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Sensor, SensorKind } from '../src/lib/core/sensor';
import samarinda from '../src/lib/catalog/samarinda.json';
import { generate } from './generators/index';
import { createSimulation } from './run';
import { createScenarioPlayer } from './scenario-player';
import { SCENARIOS } from './scenarios/index';

const sensors = (samarinda.sensors as Sensor[]).filter((s) => ['flood-benanga', 'traffic-mugirejo-n', 'air-palaran-1'].includes(s.id));
const START = Date.UTC(2026, 0, 12, 6, 0);

function fakePublisher() {
  const sent: { kind: SensorKind; id: string; ts: number }[] = [];
  return {
    sent,
    publish: async (kind: SensorKind, id: string, payload: Buffer) => void sent.push({ kind, id, ts: JSON.parse(payload.toString()).ts }),
    stats: () => ({ sent: sent.length, failed: 0, droppedOffline: 0, inFlight: 0 })
  };
}

async function simulate(scenario: string, opts: { speed: number; durationS: number; maxRate?: number }) {
  const publisher = fakePublisher();
  const player = createScenarioPlayer({ scenario: SCENARIOS[scenario], seed: 5, startMs: START, intervalMs: 5_000, generate });
  const lines: string[] = [];
  const sim = createSimulation({
    sensors, seed: 5, intervalS: 5, speed: opts.speed, startSimMs: START, durationS: opts.durationS, format: 'json',
    maxRate: opts.maxRate ?? Infinity, player, publisher, log: (l) => lines.push(l)
  });
  const done = sim.run();
  await vi.advanceTimersByTimeAsync(opts.durationS * 1000 + 200);
  return { summary: await done, sent: publisher.sent, lines };
}

describe('simulation loop (fake clock)', () => {
  beforeEach(() => void vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => void vi.useRealTimers());

  it('publishes every sensor once per simulated interval, in order, with simulated timestamps', async () => {
    const { sent, lines } = await simulate('none', { speed: 10, durationS: 30 });
    for (const s of sensors) {
      const ts = sent.filter((m) => m.id === s.id).map((m) => m.ts);
      expect(ts.length).toBeGreaterThanOrEqual(59);
      expect(ts.length).toBeLessThanOrEqual(61);
      expect(ts.every((t, i) => i === 0 || t - ts[i - 1] === 5_000)).toBe(true);
      expect(ts[0]).toBeGreaterThanOrEqual(START);
      expect(ts[ts.length - 1]).toBeLessThanOrEqual(START + 300_000);
    }
    // Progress every 10 s: at 10 s and 20 s; the run ends at 30 s.
    expect(lines.filter((l) => l.startsWith('sim: ')).length).toBe(2);
  });

  it('leaves a silent sensor out for the scenario window', async () => {
    const { sent, summary } = await simulate('fault-silent', { speed: 60, durationS: 15 });
    const silent = sent.filter((m) => m.id === 'traffic-mugirejo-n').map((m) => (m.ts - START) / 1000);
    expect(silent.some((s) => s >= 60 && s < 660)).toBe(false);
    expect(silent.some((s) => s >= 660)).toBe(true);
    expect(summary.silenced).toBeGreaterThan(100);
  });

  it('holds to --max-rate by skipping ahead instead of queueing', async () => {
    const { sent, summary } = await simulate('none', { speed: 100, durationS: 10, maxRate: 5 });
    expect(sent.length).toBeLessThanOrEqual(5 * 10 + 1);
    expect(summary.skipped).toBeGreaterThan(0);
  });
});
