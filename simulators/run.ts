/**
 * The simulation loop: every sensor reports once per simulated interval (phases spread by seed so
 * the broker sees a steady stream), values come from the pure generators with the scenario laid
 * over them, and publishing is bounded by the publisher's window and the optional token bucket.
 */
import type { Sensor } from '../src/lib/core/sensor';
import { hashUnit } from '../src/lib/core/random';
import { generate } from './generators/index';
import { formatPayload, type PayloadFormat } from './payload';
import type { Publisher } from './publish';
import type { ScenarioPlayer } from './scenario-player';
import { createTokenBucket, takeToken } from './token-bucket';

export interface SimulationConfig {
  sensors: readonly Sensor[];
  seed: number;
  intervalS: number;
  speed: number;
  startSimMs: number;
  durationS: number;
  format: PayloadFormat;
  maxRate: number;
  player: ScenarioPlayer;
  publisher: Pick<Publisher, 'publish' | 'stats'>;
  now?: () => number;
  log?: (line: string) => void;
}

export interface RunSummary {
  built: number;
  skipped: number;
  silenced: number;
  endSimMs: number;
}

const PROGRESS_EVERY_MS = 10_000;
/** A sensor more than this many intervals behind (broker too slow) skips ahead instead of bursting. */
const MAX_LAG_INTERVALS = 3;
const MAX_SLEEP_MS = 100;

export function createSimulation(c: SimulationConfig): { run(): Promise<RunSummary>; stop(): void } {
  const now = c.now ?? Date.now;
  const log = c.log ?? ((line: string) => console.log(line));
  const intervalMs = c.intervalS * 1000;
  const next = c.sensors.map((s) => c.startSimMs + hashUnit(c.seed, `${s.id}:phase`, 0) * intervalMs);
  const bucket = Number.isFinite(c.maxRate) ? createTokenBucket(c.maxRate, undefined, now()) : null;
  let stopped = false;
  const summary: RunSummary = { built: 0, skipped: 0, silenced: 0, endSimMs: c.startSimMs };

  async function emit(sensor: Sensor, tMs: number): Promise<void> {
    const values = c.player.apply(sensor, tMs, generate(sensor, tMs, c.seed));
    if (values === null) {
      summary.silenced++;
      return;
    }
    if (bucket) await takeToken(bucket, now);
    await c.publisher.publish(sensor.kind, sensor.id, formatPayload(c.format, sensor.id, sensor.kind, tMs, values));
    summary.built++;
  }

  let lastProgress = 0;
  let lastSent = 0;
  /** Checked after every message: under a rate cap one pass over the sensors can take seconds. */
  function maybeReportProgress(simNow: number): void {
    const t = now();
    if (t - lastProgress < PROGRESS_EVERY_MS) return;
    const st = c.publisher.stats();
    const rate = ((st.sent - lastSent) * 1000) / (t - lastProgress);
    log(`sim: ${st.sent} sent (${rate.toFixed(0)} msg/s), ${st.failed} failed, ${st.droppedOffline} dropped offline, ` +
      `${summary.skipped} skipped, ${st.inFlight} in flight, sim time ${new Date(simNow).toISOString()}`);
    lastProgress = t;
    lastSent = st.sent;
  }

  async function run(): Promise<RunSummary> {
    const realStart = now();
    const realEnd = realStart + c.durationS * 1000;
    lastProgress = realStart;
    const simAt = (real: number) => c.startSimMs + (real - realStart) * c.speed;
    // Checked per message too: under a rate cap one pass can outlast --duration.
    const over = () => stopped || now() >= realEnd;
    while (!over()) {
      const simNow = simAt(now());
      summary.endSimMs = simNow;
      let soonest = Infinity;
      for (let i = 0; i < c.sensors.length && !over(); i++) {
        if (simNow - next[i] > MAX_LAG_INTERVALS * intervalMs) {
          const behind = Math.floor((simNow - next[i]) / intervalMs);
          next[i] += behind * intervalMs;
          summary.skipped += behind;
        }
        while (next[i] <= simNow && !over()) {
          const t = next[i];
          next[i] += intervalMs;
          await emit(c.sensors[i], t);
          maybeReportProgress(t);
        }
        soonest = Math.min(soonest, next[i]);
      }
      maybeReportProgress(simNow);
      const t = now();
      const sleepMs = Math.min(MAX_SLEEP_MS, Math.max(1, (soonest - simAt(t)) / c.speed), Math.max(1, realEnd - t));
      await new Promise((r) => setTimeout(r, sleepMs));
    }
    return summary;
  }

  return { run, stop: () => void (stopped = true) };
}
