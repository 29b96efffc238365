/**
 * The MQTT side of the simulator: one client, QoS per option, a bounded window of unacknowledged
 * publishes (the caller awaits a slot, so a slow broker slows the simulator instead of filling memory).
 * mqtt.js reconnects by itself; while offline, readings are dropped and counted, as a sensor without
 * a buffer would lose them.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { sensorTopic } from '../src/lib/core/topic';
import type { SensorKind } from '../src/lib/core/sensor';

export interface PublisherOptions {
  url: string;
  username?: string;
  password?: string;
  qos: 0 | 1;
  maxInFlight: number;
  clientId?: string;
  log?: (line: string) => void;
}

export interface PublishStats {
  sent: number;
  failed: number;
  droppedOffline: number;
  inFlight: number;
}

export interface Publisher {
  /** Resolves once the message is handed over (a slot in the window is free), not when it is acknowledged. */
  publish(kind: SensorKind, sensorId: string, payload: Buffer): Promise<void>;
  connected(): boolean;
  stats(): PublishStats;
  /** Waits for in-flight publishes (up to drainMs), then disconnects. */
  close(drainMs?: number): Promise<void>;
}

const RECONNECT_PERIOD_MS = 1_000;
const CONNECT_TIMEOUT_MS = 5_000;
/** How long start-up waits for the first connection before simulating anyway (and dropping). */
const FIRST_CONNECT_WAIT_MS = 10_000;

export async function createPublisher(o: PublisherOptions): Promise<Publisher> {
  const log = o.log ?? (() => {});
  const client: MqttClient = mqtt.connect(o.url, {
    clientId: o.clientId ?? `pantau-sim-${process.pid}-${Date.now().toString(36)}`,
    username: o.username,
    password: o.password,
    reconnectPeriod: RECONNECT_PERIOD_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
    clean: true
  });
  client.on('offline', () => log('mqtt: offline, reconnecting'));
  client.on('reconnect', () => log('mqtt: reconnecting'));
  client.on('connect', () => log('mqtt: connected'));
  client.on('error', (err) => log(`mqtt: ${err.message}`));
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      log(`mqtt: no connection to ${o.url} after ${FIRST_CONNECT_WAIT_MS} ms; simulating anyway, readings are dropped until it connects`);
      resolve();
    }, FIRST_CONNECT_WAIT_MS);
    client.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
  });

  // A counter and a queue of waiters, not Promise.race over a set: race costs O(window) per message.
  let inFlight = 0;
  const waiters: (() => void)[] = [];
  const stats = { sent: 0, failed: 0, droppedOffline: 0 };
  const settle = () => {
    inFlight--;
    waiters.shift()?.();
  };

  async function publish(kind: SensorKind, sensorId: string, payload: Buffer): Promise<void> {
    while (inFlight >= o.maxInFlight) await new Promise<void>((r) => waiters.push(r));
    if (!client.connected) {
      stats.droppedOffline++;
      return;
    }
    inFlight++;
    client.publishAsync(sensorTopic(kind, sensorId), payload, { qos: o.qos }).then(
      () => {
        stats.sent++;
        settle();
      },
      () => {
        stats.failed++;
        settle();
      }
    );
  }

  async function close(drainMs = 5_000): Promise<void> {
    const deadline = Date.now() + drainMs;
    while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await client.endAsync(inFlight > 0);
  }

  return {
    publish,
    connected: () => client.connected,
    stats: () => ({ ...stats, inFlight }),
    close
  };
}
