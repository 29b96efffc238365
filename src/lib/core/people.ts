import type { AlertCategory, AlertSeverity, Text } from './alert';
import type { SensorKind } from './sensor';

/**
 * Who receives alerts, and how: the contract shared by the people directory (PostgreSQL, edited by an
 * admin in the command center), the notifier's dispatcher (routing, escalation, digests) and the channels.
 * Pure types and constants only; the stores, the rules and the senders live elsewhere.
 */

export type Language = 'id' | 'en';

/** One plugin per channel in ingest/notify/channels/index.ts; the order is a sensible default fallback order. */
export const CHANNEL_KINDS = ['webpush', 'whatsapp', 'telegram', 'email'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** A Web Push subscription as the browser's PushSubscription.toJSON() gives it. */
export interface PushAddress {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/**
 * The JSON a Web Push message carries: written by the notifier's webpush channel, read (defensively)
 * by the responder app's service worker (src/lib/pwa/notification.ts).
 */
export interface PushPayload {
  title: string;
  body: string;
  url: string;
  ackUrl?: string;
  tag: string;
  severity: AlertSeverity;
  alertIds: string[];
  /** The person's language: the service worker words its buttons in it. */
  lang: Language;
}

/**
 * One way to reach a person. `address` is an email address, a Telegram chat id, a WhatsApp number in
 * E.164 without the plus (what the Cloud API expects), or a Web Push subscription.
 * `rank`: the person's order of preference; a failed delivery falls back to the next rank.
 */
export interface PersonChannel {
  id: number;
  kind: ChannelKind;
  address: string | PushAddress;
  rank: number;
  enabled: boolean;
}

/** Minutes after local midnight (WITA, UTC+8) in [0, 1440); start > end spans midnight (22:00–06:00). */
export interface QuietHours {
  startMin: number;
  endMin: number;
}

/** What a person wants to hear about; empty lists mean "all". Critical alerts ignore quiet hours, never subscriptions. */
export interface Subscription {
  id: number;
  districts: string[];
  kinds: SensorKind[];
  categories: AlertCategory[];
  minSeverity: AlertSeverity;
}

export interface Person {
  /** Short stable id, like a user name: `sari`, `budi-bpbd`. */
  id: string;
  name: string;
  language: Language;
  /** The command-center login of this person, when they have one (acknowledging in the app acts as them). */
  user?: string;
  active: boolean;
  quietHours?: QuietHours;
  channels: PersonChannel[];
  subscriptions: Subscription[];
}

export const ROTA_ROLES = ['primary', 'backup'] as const;
export type RotaRole = (typeof ROTA_ROLES)[number];

/** One on-call shift: who is primary or backup for a team in [start, end). */
export interface RotaShift {
  id: number;
  teamId: string;
  personId: string;
  role: RotaRole;
  /** Epoch ms. */
  start: number;
  end: number;
}

/**
 * A responsible team (BPBD, Dishub, DLH, PUPR …). It covers alerts by kind and district (empty = all);
 * its critical alerts escalate on-call primary → backup after `backupAfterMin` → lead after `leadAfterMin`.
 */
export interface Team {
  id: string;
  name: Text;
  kinds: SensorKind[];
  districts: string[];
  leadPersonId?: string;
  backupAfterMin: number;
  leadAfterMin: number;
}

/** Everything the dispatcher needs, read from the database as one consistent snapshot. */
export interface Directory {
  /** Bumped on every change (like the registry's version), so a poller can tell a change by one integer. */
  version: number;
  people: Person[];
  teams: Team[];
  /** Shifts that are current or start within the next days; older ones are not needed to route. */
  shifts: RotaShift[];
}

/** Why a person received a message. */
export type DeliveryReason = 'subscription' | 'oncall' | 'backup' | 'lead' | 'digest';
/**
 * `quiet`: not sent, the person's quiet hours (non-critical only); `until` says when they end.
 * `unknown`: the notifier stopped between sending and recording; resent only for a critical alert.
 * `uncovered`: a critical emergency no team covers (its kind and district): nobody on call is paged. No person (empty
 * `personId` and `personName`), reason `oncall`, channel `webpush` only because a record needs one; `error` names the
 * kind and district.
 */
export type DeliveryStatus = 'sent' | 'failed' | 'fallback' | 'held' | 'given_up' | 'quiet' | 'unknown' | 'uncovered';

/**
 * One attempt to reach one person about one alert (or a digest of several), published on
 * `pantau/v1/alerts/deliveries` and stored in InfluxDB so the alert shows who was reached, how and when
 * ("WhatsApp to the on-call responder failed, sent by email at 14:02").
 */
export interface DeliveryRecord {
  at: number;
  alertIds: string[];
  personId: string;
  personName: string;
  teamId?: string;
  reason: DeliveryReason;
  channel: ChannelKind;
  status: DeliveryStatus;
  attempt: number;
  /** Short, safe failure text (never a token, never an address's secret part). */
  error?: string;
  /** `quiet`: when the person's quiet hours end (epoch ms); the still-open alerts go to them in a digest then. */
  until?: number;
}
