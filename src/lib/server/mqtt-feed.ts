import type { MqttClient } from 'mqtt';
import { TOPICS } from '../core/topic';
import type { AlertEvent } from '../core/alert';
import type { LiveReading } from '../core/reading';
import type { MqttConfig } from './config';
import { connectWebMqtt } from './mqtt-connect';
import { MAX_FUTURE_MS, parseLiveBatch } from './live-state';
import { isAlertEvent } from './alert-store';
import type { DeliveryRecord } from '../core/people';
import { parseDeliveryRecord } from '../schemas/wire';

/** Payloads above these sizes are dropped unread (a live batch holds at most one reading per sensor). */
export const MAX_LIVE_PAYLOAD_BYTES = 4 * 1024 * 1024;
/**
 * The largest alert event people could make was ≈ 620 kB: 100 comments of 1,000 control characters JSON spells in 6
 * bytes, and 50 steps; at 256 KiB every later event of such an alert was dropped here (its update, escalation,
 * resolve) and the walls kept showing it as it was. Comments are now bounded in bytes (core/alert-comments.ts), so
 * events are tens of kB; the limit stays generous for copies stored before that bound.
 */
export const MAX_ALERT_PAYLOAD_BYTES = 1024 * 1024;
const STATUS_PREFIX = `${TOPICS.status}/`;
const STATUS_FILTER = `${TOPICS.status}/+/+`;

export interface MqttFeedHandlers {
  onReadings(readings: LiveReading[]): void;
  onAlertEvent(event: AlertEvent): void;
  /** The notifier's record of one attempt to reach a person (pantau/v1/alerts/deliveries); subscribed only with a handler. */
  onDelivery?(record: DeliveryRecord): void;
  /** A process's retained status (`pantau/v1/status/<role>/<id>`, core/process-status.ts), unread; subscribed only with a handler. */
  onProcessStatus?(topic: string, payload: Buffer, retained: boolean): void;
  /** Counted, never thrown: a bad message is someone else's bug, not a reason to stop. */
  onDropped?(topic: string, reason: string, count: number): void;
  onConnectionChange?(connected: boolean): void;
  /**
   * Called once the subscriptions are back after a reconnect (not the first connect). The session
   * is clean, so anything published meanwhile was lost: the handler catches up from InfluxDB.
   */
  onResubscribed?(): void;
}

export interface MqttFeed {
  connected(): boolean;
  /** Publishes an alert event at QoS 1; resolves when the broker acknowledged it. */
  publishAlertEvent(event: AlertEvent): Promise<void>;
  close(): Promise<void>;
}

/**
 * The command center's MQTT side: subscribes to coalesced live readings (QoS 0) and alert events
 * (QoS 1), and publishes the alert events people cause. mqtt.js reconnects by itself; the
 * subscriptions are renewed on every connect because the session is clean.
 */
export function createMqttFeed(config: MqttConfig, handlers: MqttFeedHandlers): MqttFeed {
  const client: MqttClient = connectWebMqtt(config, '', { resubscribe: false });
  let isConnected = false;
  let connects = 0;

  client.on('connect', () => {
    const reconnect = connects++ > 0;
    const topics = { [TOPICS.live]: { qos: 0 as const }, [TOPICS.alertEvents]: { qos: 1 as const }, ...(handlers.onDelivery ? { [TOPICS.alertDeliveries]: { qos: 1 as const } } : {}),
      ...(handlers.onProcessStatus ? { [STATUS_FILTER]: { qos: 1 as const } } : {})
    };
    client.subscribe(topics, (err) => {
      if (err) handlers.onDropped?.('subscribe', err.message, 0);
      // After the subscription: an event published from here on arrives live, earlier ones are stored.
      else if (reconnect) handlers.onResubscribed?.();
    });
    isConnected = true;
    handlers.onConnectionChange?.(true);
  });
  const down = () => {
    if (!isConnected) return;
    isConnected = false;
    handlers.onConnectionChange?.(false);
  };
  client.on('close', down);
  client.on('offline', down);
  client.on('error', () => undefined); // mqtt.js retries; status shows the state

  client.on('message', (topic, payload, packet) => {
    // A handler's bug costs its message only: thrown here it escaped into MQTT.js's parser and ended the command
    // center, and a retained status message would do it again at every start.
    try {
      dispatch(topic, payload, packet.retain);
    } catch (err) {
      handlers.onDropped?.(topic, `handler_failed: ${String((err as Error)?.message ?? err).slice(0, 200)}`, 1);
    }
  });

  function dispatch(topic: string, payload: Buffer, retained: boolean): void {
    if (topic === TOPICS.live) {
      if (payload.length > MAX_LIVE_PAYLOAD_BYTES) return handlers.onDropped?.(topic, 'too_large', 1);
      const { readings, dropped } = parseLiveBatch(payload.toString('utf8'));
      if (dropped > 0) handlers.onDropped?.(topic, 'bad_shape', dropped);
      if (readings.length > 0) handlers.onReadings(readings);
    } else if (topic === TOPICS.alertEvents) {
      if (payload.length > MAX_ALERT_PAYLOAD_BYTES) return handlers.onDropped?.(topic, 'too_large', 1);
      let event: unknown;
      try {
        event = JSON.parse(payload.toString('utf8'));
      } catch {
        return handlers.onDropped?.(topic, 'not_json', 1);
      }
      if (!isAlertEvent(event)) return handlers.onDropped?.(topic, 'bad_shape', 1);
      // An alert dated far ahead would win over every real update of it (the store keeps the newest).
      if (event.alert.updatedAt > Date.now() + MAX_FUTURE_MS) return handlers.onDropped?.(topic, 'time_out_of_window', 1);
      handlers.onAlertEvent(event);
    } else if (topic === TOPICS.alertDeliveries && handlers.onDelivery) {
      if (payload.length > MAX_ALERT_PAYLOAD_BYTES) return handlers.onDropped?.(topic, 'too_large', 1);
      const record = parseDeliveryRecord(payload);
      if (!record) return handlers.onDropped?.(topic, 'bad_shape', 1);
      handlers.onDelivery(record);
    } else if (topic.startsWith(STATUS_PREFIX) && handlers.onProcessStatus) {
      handlers.onProcessStatus(topic, payload, retained);
    }
  }

  return {
    connected: () => isConnected,
    publishAlertEvent: (event) =>
      new Promise((resolve, reject) => {
        client.publish(TOPICS.alertEvents, JSON.stringify(event), { qos: 1 }, (err) => (err ? reject(err) : resolve()));
      }),
    close: () => new Promise((resolve) => client.end(false, {}, () => resolve()))
  };
}
