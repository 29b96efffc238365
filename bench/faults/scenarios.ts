/**
 * Fault scenarios: publish N readings, inject a fault once a share of them is acknowledged by the
 * broker, let the stack recover, and count what InfluxDB holds. Used by the integration tests
 * (small N, one fault) and by bench/faults.ts (large N, several faults).
 */
import mqtt from 'mqtt';
import { TOPICS } from '../../src/lib/core/topic';
import { sleep } from '../../tests/helpers/wait';
import { startFaultStack, waitUntil, type FaultStack } from './harness';
import { influxQuery } from '../../tests/helpers/influx';
import { fleetMessage, fleetStart, startFleet } from './publisher';

export type FaultKind = 'influx-kill' | 'ingest-kill' | 'broker-restart' | 'ingest-term';

export const FAULT_DESCRIPTIONS: Record<FaultKind, string> = {
  'influx-kill': 'InfluxDB SIGKILLed, restarted after 5 s',
  'ingest-kill': 'ingest SIGKILLed, restarted',
  'broker-restart': 'Mosquitto stopped (SIGTERM, persists), restarted',
  'ingest-term': 'ingest SIGTERM (flush, exit 0), restarted'
};

export interface ScenarioOptions {
  fault: FaultKind;
  n: number;
  ratePerS: number;
  /** Faults injected at these shares of N acknowledged (e.g. [0.3] or [0.2, 0.5, 0.8]). */
  at: number[];
  /** How long to wait for all N to be stored after the last publish. */
  settleTimeoutMs: number;
  influxDownMs?: number;
  /** Extra ingest environment (e.g. a small INGEST_WAL_MAX_BYTES). */
  ingestEnv?: Record<string, string>;
  log?(message: string): void;
}

export interface FaultRecord {
  /** When the fault was injected and when the faulty piece was running again (ms since epoch). */
  at: number;
  restoredAt: number;
  /** ms from the fault until InfluxDB held more readings than the broker had acknowledged at the fault (or all N). */
  recoveryMs: number;
  /** What the fault left behind, e.g. the SIGTERMed ingest's exit code. */
  exitCode?: number | null;
}

export interface ScenarioResult {
  fault: FaultKind;
  n: number;
  stored: number;
  lost: number;
  /** Points InfluxDB accepted beyond the distinct ones (batches replayed or re-sent); harmless overwrites. */
  rewrites: number;
  publishRetries: number;
  faults: FaultRecord[];
  durationMs: number;
  /** When live batches (pantau/v1/live/readings) arrived (ms since epoch; the first 20k). */
  liveTimes: number[];
  /** When readings are missing: the first indexes of those (message i of the run), to see when they were sent. */
  missing: number[];
  ingestLogs: string;
}

const MAX_LIVE_TIMES = 20_000;

async function inject(stack: FaultStack, opts: ScenarioOptions): Promise<number | null | undefined> {
  switch (opts.fault) {
    case 'influx-kill':
      await stack.killInflux();
      await sleep(opts.influxDownMs ?? 5000);
      await stack.influx.restart();
      return undefined;
    case 'ingest-kill':
      await stack.ingest().kill();
      await stack.startIngest();
      return undefined;
    case 'broker-restart':
      await stack.mosquitto.restart();
      return undefined;
    case 'ingest-term': {
      const proc = stack.ingest();
      await proc.stop();
      const { code } = await proc.exited;
      await stack.startIngest();
      return code;
    }
  }
}

async function findMissing(stack: FaultStack, t0: number, n: number): Promise<number[]> {
  const rows = await influxQuery(stack.influx.url, stack.db, `SELECT water_level, sensor FROM flood WHERE time >= ${t0}ms`);
  const have = new Set(rows.map((r) => `${r.sensor}@${r.time}`));
  const out: number[] = [];
  for (let i = 0; i < n && out.length < 50; i++) {
    const m = fleetMessage(i, t0);
    const key = `${m.topic.split('/').pop()}@${JSON.parse(m.payload).ts}`;
    if (!have.has(key)) out.push(i);
  }
  return out;
}

export async function runScenario(opts: ScenarioOptions): Promise<ScenarioResult> {
  const log = opts.log ?? (() => {});
  const started = Date.now();
  const stack = await startFaultStack({ name: opts.fault, ingestEnv: opts.ingestEnv });
  const t0 = fleetStart(opts.n);
  let fleet: Awaited<ReturnType<typeof startFleet>> | null = null;
  const liveTimes: number[] = [];
  const watcher = await mqtt.connectAsync(stack.mosquitto.url, { clientId: `live-${stack.clientId}`, reconnectPeriod: 250 });
  watcher.on('error', () => undefined);
  watcher.on('message', () => liveTimes.length < MAX_LIVE_TIMES && liveTimes.push(Date.now()));
  try {
    await watcher.subscribeAsync(TOPICS.live, { qos: 0 });
    await stack.startIngest();
    fleet = await startFleet({ url: stack.mosquitto.url, clientId: `fleet-${stack.clientId}`, n: opts.n, t0, ratePerS: opts.ratePerS });
    const f = fleet;
    const faults: FaultRecord[] = [];
    for (const share of opts.at) {
      const mark = Math.floor(opts.n * share);
      await waitUntil(`${mark} readings acknowledged by the broker`, () => f.acked() >= mark, 120_000);
      const ackedAtFault = f.acked();
      const faultAt = Date.now();
      log(`${opts.fault}: fault at ${ackedAtFault}/${opts.n} acknowledged, ${Date.now() - started} ms into the run`);
      const exitCode = await inject(stack, opts);
      const restoredAt = Date.now();
      // If the publisher finished meanwhile, "recovered" can only mean "everything stored".
      const target = Math.min(ackedAtFault + 1, opts.n);
      const recoveredAt = await waitUntil('a reading published after the fault stored', async () => (await stack.countStored(t0)) >= target, 120_000, 25);
      faults.push({ at: faultAt, restoredAt, recoveryMs: recoveredAt - faultAt, exitCode });
    }
    await f.done;
    log(`${opts.fault}: all ${opts.n} acknowledged by the broker (${f.retries()} publishes retried)`);
    let stored = 0;
    await waitUntil(`${opts.n} readings stored`, async () => (stored = await stack.countStored(t0)) >= opts.n, opts.settleTimeoutMs, 100).catch(() => undefined);
    stored = await stack.countStored(t0);
    const missing = stored < opts.n ? await findMissing(stack, t0, opts.n) : [];
    const alertLines = await stack.countAlertLines();
    const rewrites = Math.max(0, (await stack.pointsWritten()) - stored - alertLines);
    return {
      fault: opts.fault,
      n: opts.n,
      stored,
      lost: opts.n - stored,
      rewrites,
      publishRetries: f.retries(),
      faults,
      durationMs: Date.now() - started,
      liveTimes,
      missing,
      ingestLogs: stack.ingestLogs()
    };
  } finally {
    await fleet?.close();
    await watcher.endAsync(true).catch(() => undefined);
    await stack.stop();
  }
}
