import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { TOPICS } from '../../src/lib/core/topic';
import { redactUrl } from '../../src/lib/core/redact-url';
import { createAckGate } from '../durable/ack-gate';
import { createFailureLog } from './failure-log';

/** How long close() waits for a clean disconnect before dropping the connection. */
const CLOSE_TIMEOUT_MS = 2000;

export interface MqttSourceOptions {
  url: string;
  username: string;
  password: string;
  clientId: string;
  protocolVersion: 4 | 5;
  /** MQTT 5 shared-subscription group: workers in one group split the sensor stream. */
  shareGroup: string;
  /**
   * Called for every sensor message. A returned promise defers the acknowledgement (PUBACK) until it
   * settles; MQTT.js then reads no further packets, which is how back-pressure reaches the broker.
   */
  onReading(topic: string, payload: Buffer): Promise<void> | undefined;
  onAlertEvent(payload: Buffer): void;
  /**
   * Makes everything handled so far durable (the sink's group commit); false when it could not.
   * PUBACKs of the turn's messages leave only after it returned true.
   */
  beforeAck(): boolean;
  /** How long a turn's PUBACKs may wait to leave together (0: the end of the event-loop turn). */
  ackBatchMs: number;
  /** The Last Will the broker publishes if the connection is lost (the retained `offline` status: ../status-topic.ts). */
  will?: IClientOptions['will'];
  /** Called on every connect (the retained `online` status goes out here). */
  onConnect?(): void;
  log(message: string): void;
}

export function sensorSubscription(shareGroup: string): string {
  return shareGroup ? `$share/${shareGroup}/${TOPICS.sensorsFilter}` : TOPICS.sensorsFilter;
}

/** What MQTT.js itself saw on the connection, since the start. */
export interface MqttPacketCounts {
  publishesIn: number;
  pubacksOut: number;
}

/**
 * Persistent session (clean start off; with MQTT 5 a one-day expiry): while ingest is down or restarting,
 * the broker keeps its QoS 1 messages and delivers them when it is back.
 */
export function createMqttSource(opts: MqttSourceOptions): { client: MqttClient; packets(): MqttPacketCounts; close(): Promise<void> } {
  const client = mqtt.connect(opts.url, {
    clientId: opts.clientId,
    protocolVersion: opts.protocolVersion,
    clean: false,
    properties: opts.protocolVersion === 5 ? { sessionExpiryInterval: 86_400, receiveMaximum: 1000 } : undefined,
    username: opts.username || undefined,
    password: opts.password || undefined,
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
    resubscribe: true,
    will: opts.will
  });
  const sensorTopic = sensorSubscription(opts.shareGroup);
  let wasConnected = false;

  client.on('connect', (connack) => {
    opts.log(`${wasConnected ? 're' : ''}connected to ${redactUrl(opts.url)} (session ${connack.sessionPresent ? 'resumed' : 'new'})`);
    wasConnected = true;
    opts.onConnect?.();
    client.subscribe({ [sensorTopic]: { qos: 1 }, [TOPICS.alertEvents]: { qos: 1 } }, (err) => {
      if (err) opts.log(`subscribe failed: ${err.message}`);
    });
  });
  // Beside the ingest's own count of messages handled: whether a message it never handled reached the connection at
  // all (the broker held it) or stopped between the socket and the handler.
  const packets: MqttPacketCounts = { publishesIn: 0, pubacksOut: 0 };
  client.on('packetreceive', (p) => {
    if (p.cmd === 'publish') packets.publishesIn++;
  });
  client.on('packetsend', (p) => {
    if (p.cmd === 'puback') packets.pubacksOut++;
  });
  client.on('error', (err) => opts.log(`mqtt error: ${err.message}`));
  client.on('offline', () => opts.log('mqtt offline; reconnecting'));

  const gate = createAckGate({ stream: () => client.stream, beforeAck: opts.beforeAck, batchMs: opts.ackBatchMs, log: opts.log });
  // Set when close() begins: from then on nothing is taken, so nothing is acknowledged that the sink,
  // closing right after, could no longer journal; the broker delivers it again to the next start.
  let closing = false;
  // a handler bug hit by every message: one line a minute, the rest counted (failure-log.ts)
  const failures = createFailureLog(opts.log);
  const failed = failures.failed;
  client.handleMessage = (packet, callback) => {
    if (closing) return;
    gate.hold();
    const topic = packet.topic;
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    if (topic === TOPICS.alertEvents) {
      // As for a reading: thrown here it escaped into MQTT.js's parser, killed the process, and the broker
      // delivered the same event to the next start (persistent session): a crash loop with no reading stored.
      try {
        opts.onAlertEvent(payload);
      } catch (err) {
        failed('alert event', err);
      }
      callback();
      return;
    }
    let pending: Promise<void> | undefined;
    try {
      pending = opts.onReading(topic, payload);
    } catch (err) {
      // A bug in one message's handling must not stop the stream: log it with the code and move on.
      failed(topic.slice(0, 120), err);
    }
    if (pending) pending.then(() => callback(), () => callback());
    else callback();
  };

  return {
    client,
    packets: () => ({ ...packets }),
    // A graceful end waits for our own QoS 1 publishes; with the broker away that would be forever.
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        failures.close();
        gate.release();
        // Not end(true): MQTT.js ignores it while the graceful end waits, and the socket would stay open.
        const force = setTimeout(() => {
          client.stream.destroy();
          resolve();
        }, CLOSE_TIMEOUT_MS);
        client.end(false, {}, () => {
          clearTimeout(force);
          resolve();
        });
      })
  };
}
