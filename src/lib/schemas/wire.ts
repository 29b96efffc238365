/**
 * Messages on the wire, checked where they arrive: alert events read from MQTT (ingest, notifier,
 * command center) and from InfluxDB's `doc` field, and what browsers send over Socket.IO. A bad
 * message is an expected failure: callers get null or `false`, count it and move on.
 */
import * as v from 'valibot';
import { ACK_VIAS, ALERT_CATEGORIES, ALERT_EVENT_TYPES, ALERT_SEVERITIES, ALERT_STATES, type Alert, type AlertEvent } from '../core/alert';
import type { AlertAction } from '../core/events';
import { SENSOR_ID_PATTERN } from '../core/sensor';
import { CHANNEL_KINDS, type DeliveryRecord } from '../core/people';
import { CatalogSchema } from './catalog';
import { jsonObject, jsonText } from './common';

const finite = v.pipe(v.number(), v.finite());

/**
 * What every consumer relies on; the rest of the alert is kept as it came (loose), so an alert written
 * by a newer ingest still shows. The sensor id pattern keeps it safe to put into queries and topics.
 */
const ALERT_ID = v.pipe(v.string(), v.maxLength(200));

export const AlertSchema = v.looseObject({
  id: ALERT_ID,
  sensorId: v.pipe(v.string(), v.regex(SENSOR_ID_PATTERN)),
  state: v.picklist(ALERT_STATES),
  severity: v.picklist(ALERT_SEVERITIES),
  category: v.picklist(ALERT_CATEGORIES),
  raisedAt: finite,
  updatedAt: finite,
  // the version that decides which copy of an alert is newest (core compareAlertCopies)
  worsenedAt: v.optional(finite),
  // the alert a merged-away one goes on in: an acknowledge link and the console follow it (server/ack/merged.ts)
  mergedInto: v.optional(ALERT_ID),
  comments: v.array(v.unknown()),
  title: v.looseObject({})
});

export const AlertEventSchema = v.looseObject({
  type: v.picklist(ALERT_EVENT_TYPES),
  at: finite,
  by: v.string(),
  alert: AlertSchema
});

export function isAlert(x: unknown): x is Alert {
  return v.is(AlertSchema, x);
}

export function isAlertEvent(x: unknown): x is AlertEvent {
  return v.is(AlertEventSchema, x);
}

/** An MQTT payload → AlertEvent, or null for anything that is not one (counted by the caller). */
export function parseAlertEvent(payload: Uint8Array | string): AlertEvent | null {
  try {
    const e: unknown = JSON.parse(typeof payload === 'string' ? payload : new TextDecoder().decode(payload));
    return isAlertEvent(e) ? e : null;
  } catch {
    return null;
  }
}

/**
 * `alert:action` from a browser: the envelope only. Which actions exist and who may take them is the
 * role table's (server/auth/roles.ts); each action's own fields (a comment's length, a step id) are
 * the alert lifecycle's rules (core/alert-lifecycle.ts), which also guard the HTTP path.
 */
export const AlertActionSchema = v.object({
  alertId: v.pipe(v.string(), v.maxLength(200)),
  action: v.string(),
  assignee: v.optional(v.string()),
  text: v.optional(v.string()),
  stepId: v.optional(v.string()),
  done: v.optional(v.boolean()),
  via: v.optional(v.picklist(ACK_VIAS)),
  version: v.optional(finite)
});

/** The envelope checked and stripped of anything else; null when it is not an alert action. */
export function parseAlertAction(x: unknown): (Omit<AlertAction, 'action'> & { action: string }) | null {
  const r = v.safeParse(AlertActionSchema, x);
  return r.success ? r.output : null;
}

/** `alerts:since`: the last sequence number a client holds; anything else asks from the start. */
export const SinceSeqSchema = v.fallback(v.pipe(v.number(), v.finite(), v.transform(Math.trunc)), 0);

/** `pantau/v1/registry/catalog` (retained, from the command center's registry): a versioned catalog, held to the catalog schema. */
export const RegistryCatalogMessageSchema = jsonText(
  jsonObject(
    { version: v.pipe(v.number('must be an integer ≥ 0'), v.safeInteger('must be an integer ≥ 0'), v.minValue(0, 'must be an integer ≥ 0')), catalog: CatalogSchema },
    'must be {version, catalog}'
  )
);

/** The notifier's delivery statuses and reasons (core/people.ts), as lists a schema can check. */
const DELIVERY_STATUSES = ['sent', 'failed', 'fallback', 'held', 'given_up', 'quiet', 'unknown', 'uncovered'] as const;
const DELIVERY_REASONS = ['subscription', 'oncall', 'backup', 'lead', 'digest'] as const;
const shortText = (max: number) => v.pipe(v.string(), v.maxLength(max));

/**
 * `pantau/v1/alerts/deliveries` (and the `doc` of InfluxDB's `deliveries`): one attempt to reach a person.
 * Strict (v.object): only these fields reach browsers, whatever else a publisher adds.
 */
export const DeliveryRecordSchema = v.object({
  at: finite,
  alertIds: v.pipe(v.array(shortText(200)), v.minLength(1), v.maxLength(200)),
  personId: shortText(64),
  personName: shortText(120),
  teamId: v.optional(shortText(64)),
  reason: v.picklist(DELIVERY_REASONS),
  channel: v.picklist(CHANNEL_KINDS),
  status: v.picklist(DELIVERY_STATUSES),
  attempt: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000)),
  error: v.optional(shortText(300)),
  until: v.optional(finite)
});

/** A delivery record from MQTT or InfluxDB, or null for anything that is not one (counted by the caller). */
export function parseDeliveryRecord(payload: Uint8Array | string): DeliveryRecord | null {
  try {
    const r = v.safeParse(DeliveryRecordSchema, JSON.parse(typeof payload === 'string' ? payload : new TextDecoder().decode(payload)));
    return r.success ? r.output : null;
  } catch {
    return null;
  }
}
