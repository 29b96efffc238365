import { SENSOR_ID_PATTERN, isSensorKind, type SensorKind } from './sensor';
import { reject, type Rejection } from './errors';

/**
 * The one topic scheme. Sensors publish to `pantau/v1/sensors/<kind>/<sensorId>`;
 * the platform itself uses the other topics below.
 */
export const TOPIC_ROOT = 'pantau/v1';
export const TOPICS = {
  /** Subscription filter for every sensor reading. */
  sensorsFilter: `${TOPIC_ROOT}/sensors/+/+`,
  /** Refused messages, with their reason (JSON). */
  deadLetter: `${TOPIC_ROOT}/deadletter`,
  /** Coalesced batches of LiveReading, ingest → command center. */
  live: `${TOPIC_ROOT}/live/readings`,
  /** Every alert event (raised, updated, acknowledged, assigned, commented, resolved). */
  alertEvents: `${TOPIC_ROOT}/alerts/events`,
  /** Every attempt to reach a person about an alert (core/people.ts DeliveryRecord), notifier → command center. */
  alertDeliveries: `${TOPIC_ROOT}/alerts/deliveries`,
  /** An admin's "send a test message" to one channel of a person, command center → notifier (people/channel-test.ts). */
  channelTests: `${TOPIC_ROOT}/people/channel-tests`,
  /** What became of each test message, notifier → command center. */
  channelTestResults: `${TOPIC_ROOT}/people/channel-test-results`,
  /** Retained: the sensor registry's current catalog `{version, catalog}`, command center → ingest. */
  registryCatalog: `${TOPIC_ROOT}/registry/catalog`,
  /** Retained health and counters of each process: `<status>/<process>/<id>`. */
  status: `${TOPIC_ROOT}/status`
} as const;

export function sensorTopic(kind: SensorKind, sensorId: string): string {
  return `${TOPIC_ROOT}/sensors/${kind}/${sensorId}`;
}

export interface SensorTopic {
  ok: true;
  kind: SensorKind;
  sensorId: string;
}

const PREFIX = `${TOPIC_ROOT}/sensors/`;

/** Parses a sensor topic; anything else (wildcards, extra levels, odd characters) is refused. */
export function parseSensorTopic(topic: string): SensorTopic | Rejection {
  if (topic.length > 200 || !topic.startsWith(PREFIX)) return reject('bad_topic');
  const rest = topic.slice(PREFIX.length).split('/');
  if (rest.length !== 2) return reject('bad_topic');
  const [kind, sensorId] = rest;
  if (!isSensorKind(kind)) return reject('unknown_kind', `unknown kind "${kind.slice(0, 32)}"`);
  if (!SENSOR_ID_PATTERN.test(sensorId)) return reject('bad_topic', 'sensor id must match [a-z0-9][a-z0-9_-]{0,63}');
  return { ok: true, kind, sensorId };
}
