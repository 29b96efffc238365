import net from 'node:net';
import { Aedes } from 'aedes';
import { boundedMemoryPersistence, type QueueDrop } from './bounded-persistence';
import { aedesAuthOptions, createBrokerPolicy } from './broker-auth';
import { LOOPBACK } from './free-port';
import { MAX_PACKET_BYTES, type MqttCredential } from './mqtt-acl';
import { guardSocket } from './mqtt-frame-guard';

/**
 * Messages kept per client while it is away (persistent session): ~2 hours of the demo's 74 sensors
 * every 5 s, ~30 MB. Past it the oldest go, as with Mosquitto's max_queued_messages.
 */
export const MAX_QUEUED_PER_CLIENT = 100_000;
/** How often a client's growing drop count is logged again. */
const DROP_LOG_INTERVAL_MS = 60_000;

export interface EmbeddedBrokerOptions {
  maxQueuedPerClient?: number;
  log?: (line: string) => void;
}

export interface EmbeddedBroker {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * An in-process aedes MQTT broker for `npm start` without MQTT_URL: zero setup for a demo, but not
 * open: only the given credentials connect, each under the ACL of its role (broker-auth.ts).
 * Production points MQTT_URL at Mosquitto (or another broker) instead.
 */
export async function startEmbeddedBroker(port: number, credentials: readonly MqttCredential[], opts: EmbeddedBrokerOptions = {}): Promise<EmbeddedBroker> {
  const maxQueued = opts.maxQueuedPerClient ?? MAX_QUEUED_PER_CLIENT;
  const log = opts.log ?? ((l: string) => console.log(`[broker] ${l}`));
  const persistence = boundedMemoryPersistence(maxQueued, dropLogger(maxQueued, log));
  const broker = await Aedes.createBroker({ ...aedesAuthOptions(createBrokerPolicy(credentials)), persistence });
  // Each packet's size is judged from its header, before aedes buffers the body (mqtt-frame-guard.ts).
  const server = net.createServer((socket) => {
    const from = `${socket.remoteAddress}:${socket.remotePort}`;
    broker.handle(guardSocket(socket, MAX_PACKET_BYTES, (err) => log(`connection from ${from} ended: ${err.message}`)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => resolve());
  });
  return {
    url: `mqtt://${LOOPBACK}:${port}`,
    port,
    async close() {
      // Connected clients keep the server open: aedes.close() ends them, then the listener closes.
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  };
}

/** The first drop for a client at once, then its running total at most once a minute. */
function dropLogger(maxQueued: number, log: (line: string) => void): (drop: QueueDrop) => void {
  const lastLogged = new Map<string, number>();
  return ({ clientId, dropped }) => {
    const now = Date.now();
    if (now - (lastLogged.get(clientId) ?? -Infinity) < DROP_LOG_INTERVAL_MS) return;
    lastLogged.set(clientId, now);
    log(`${clientId} is away with ${maxQueued} messages queued for it: dropping the oldest (${dropped} dropped so far)`);
  };
}
