/**
 * A sensor fleet for fault tests: N flood readings with distinct (sensor, ts), published with QoS 1
 * from a persistent-session mqtt.js client at a steady rate, each one retried until the broker
 * acknowledges it. When `done` resolves, the broker has accepted all N: from then on every missing
 * row in InfluxDB is a reading the pipeline lost.
 */
import mqtt, { type MqttClient } from 'mqtt';
import catalog from '../../src/lib/catalog/samarinda.json';
import { sensorTopic } from '../../src/lib/core/topic';

export const FLOOD_SENSOR_IDS: readonly string[] = catalog.sensors.filter((s) => s.kind === 'flood').map((s) => s.id);

/** Readings of one sensor are this far apart, so every (sensor, ts) is distinct. */
const STEP_MS = 1000;
const RETRY_DELAY_MS = 200;

export interface FleetMessage {
  topic: string;
  payload: string;
}

/** Message i of a run starting at t0: sensors in turn, then the next second. */
export function fleetMessage(i: number, t0: number): FleetMessage {
  const sensor = FLOOD_SENSOR_IDS[i % FLOOD_SENSOR_IDS.length];
  const ts = t0 + Math.floor(i / FLOOD_SENSOR_IDS.length) * STEP_MS;
  // A gentle wave well inside the physical range and below the alert levels.
  const level = 40 + (i % 13) * 0.5;
  return { topic: sensorTopic('flood', sensor), payload: JSON.stringify({ ts, values: { water_level: level, rainfall: 0 } }) };
}

/** The first reading time for n readings, so that the last one is still in the past. */
export function fleetStart(n: number, now = Date.now()): number {
  const span = Math.ceil(n / FLOOD_SENSOR_IDS.length) * STEP_MS;
  return Math.floor((now - span - 60_000) / 1000) * 1000;
}

export interface FleetRun {
  /** Messages the broker has acknowledged so far. */
  acked(): number;
  /** Publishes that failed and were sent again. */
  retries(): number;
  done: Promise<void>;
  client: MqttClient;
  close(): Promise<void>;
}

export interface FleetOptions {
  url: string;
  clientId: string;
  n: number;
  t0: number;
  ratePerS: number;
  /** Publishes in flight at most. */
  window?: number;
}

export async function startFleet(opts: FleetOptions): Promise<FleetRun> {
  const client = await mqtt.connectAsync(opts.url, { clientId: opts.clientId, clean: false, reconnectPeriod: 250, protocolVersion: 5 });
  client.on('error', () => undefined); // reconnects on its own; failed publishes are retried below
  let acked = 0;
  let retries = 0;
  let closed = false;

  async function publishOne(i: number): Promise<void> {
    const m = fleetMessage(i, opts.t0);
    for (;;) {
      try {
        await client.publishAsync(m.topic, m.payload, { qos: 1 });
        acked++;
        return;
      } catch {
        if (closed) return;
        retries++;
        await new Promise((r) => setTimeout(r, RETRY_DELAY_MS));
      }
    }
  }

  async function run(): Promise<void> {
    const window = opts.window ?? 200;
    const inFlight = new Set<Promise<void>>();
    const started = Date.now();
    for (let i = 0; i < opts.n && !closed; i++) {
      // Pace by schedule, not by sleeping per message: the rate holds however long a publish takes.
      const due = started + (i * 1000) / opts.ratePerS;
      if (due > Date.now() + 5) await new Promise((r) => setTimeout(r, due - Date.now()));
      while (inFlight.size >= window) await Promise.race(inFlight);
      const p = publishOne(i).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await Promise.all(inFlight);
  }

  return {
    acked: () => acked,
    retries: () => retries,
    done: run(),
    client,
    async close() {
      closed = true;
      await client.endAsync(true).catch(() => undefined);
    }
  };
}
