import type { SensorKind } from './sensor';

/** A text in both UI languages. */
export interface Text {
  id: string;
  en: string;
}

/** Which rule or model raised an alert. One string per detector in ingest/detect/index.ts. */
export type AlertRule =
  | 'flood_level'
  | 'rate_of_rise'
  | 'upstream_warning'
  | 'air_quality'
  | 'congestion'
  | 'statistical'
  | 'sensor_silent'
  | 'sensor_stuck'
  | 'sensor_spike'
  | 'sensor_step'
  | 'sensor_range';

/** Emergencies go to responders; maintenance alerts go to engineers and never page anyone. */
export const ALERT_CATEGORIES = ['emergency', 'maintenance'] as const;
export type AlertCategory = (typeof ALERT_CATEGORIES)[number];
/** Mildest first: the order is the ranking every sort and filter uses (SEVERITY_RANK). */
export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export const SEVERITY_RANK: Readonly<Record<AlertSeverity, number>> = { info: 0, warning: 1, critical: 2 };

export const ALERT_STATES = ['raised', 'acknowledged', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];
/** Every kind of change to an alert; `stepped`: a procedure step was ticked or unticked. */
export const ALERT_EVENT_TYPES = ['raised', 'updated', 'escalated', 'acknowledged', 'assigned', 'commented', 'stepped', 'resolved'] as const;
export type AlertEventType = (typeof ALERT_EVENT_TYPES)[number];

const EVENT_TYPES: ReadonlySet<string> = new Set<AlertEventType>(ALERT_EVENT_TYPES);
export function isAlertEventType(x: unknown): x is AlertEventType {
  return typeof x === 'string' && EVENT_TYPES.has(x);
}

/**
 * How an acknowledgement came: the console or the responder app, or an acknowledge link from a message,
 * by the channel it was sent on (`link` when the channel is unknown).
 */
export const ACK_VIAS = ['console', 'app', 'email', 'telegram', 'whatsapp', 'webpush', 'link'] as const;
export type AckVia = (typeof ACK_VIAS)[number];

export interface AlertComment {
  by: string;
  at: number;
  text: string;
}

/** One response-procedure step as ticked by a person: who and when, latest tick per step id. */
export interface AlertStep {
  id: string;
  done: boolean;
  by: string;
  at: number;
}

export interface Alert {
  /** `<sensorId>:<rule>:<raisedAt>`: one alert per sensor and rule at a time (deduplication). */
  id: string;
  sensorId: string;
  sensorName: string;
  kind: SensorKind;
  district: string;
  rule: AlertRule;
  category: AlertCategory;
  severity: AlertSeverity;
  /** Rule-specific level, bigger is worse (flood: 1 = Siaga 3 … 3 = Siaga 1). */
  level: number;
  /** Short headline, e.g. "Siaga 2 · Gunung Lingai 215 cm". */
  title: Text;
  /** Why it fired: the value, the sensor's normal, the rule or model. */
  explanation: Text;
  /** What to do now. */
  action: Text;
  value: number;
  /**
   * The reading field `value` is of, when it is not the rule's usual measure: a congestion alert from
   * a road detector that reports no speed carries the occupancy (%) or flow (veh/h) that made it
   * Padat, where it stored a speed of 0 ("Kecepatan 0 km/jam"). Absent for the usual measure.
   */
  valueField?: string;
  /** The sensor's normal for this moment, when the rule knows one. */
  normal?: number;
  state: AlertState;
  raisedAt: number;
  updatedAt: number;
  /**
   * An alert its rule holds open after its condition ended (a statistical finding is momentary and
   * often comes back within the hour): since when it has been quiet, and when it closes itself if
   * it stays so. Absent while the condition holds, and on rules that close as soon as it ends.
   */
  quietSince?: number;
  closesAt?: number;
  /**
   * An alert held at its last trusted level because its sensor's readings are distrusted (a fault rule's open finding:
   * a dropout to 0, a frozen value, silence, a value out of range): since when, as its explanation says. While it is
   * held, no reading lowers, raises or closes it (ingest/detect/alert-hold.ts); a person may resolve it. Absent otherwise.
   */
  heldSince?: number;
  /**
   * A held forecast warning (rate_of_rise, upstream_warning) told unchecked: since when the forecast it stood on has run
   * out (heldSince + its reach; ingest/detect/alert-unchecked.ts). The state as data, so that it outlives a restart and
   * every reader sees it in its own language (core/alert-unchecked.ts reads it). Absent otherwise; gone on release.
   */
  uncheckedSince?: number;
  acknowledgedAt?: number;
  acknowledgedBy?: string;
  /** How it was acknowledged; absent on alerts acknowledged before this existed. */
  acknowledgedVia?: AckVia;
  resolvedAt?: number;
  resolvedBy?: string;
  /**
   * Closed because it was folded into another open alert of the same sensor and rule (the id of the one that stays):
   * after a restart whose restore of open alerts came late, the condition had raised a second alert meanwhile. Not an
   * end of the condition: no all-clear, no message; the alert named carries on (its acknowledgement and paging chain).
   */
  mergedInto?: string;
  assignee?: string;
  escalated?: boolean;
  /**
   * When the condition last got worse while open (a higher level or severity: Siaga 3 → Siaga 2):
   * the alert then asks to be acknowledged again and pages as an escalation, and the escalation
   * timer runs from here. An acknowledgement from before it no longer counts.
   */
  worsenedAt?: number;
  /** The worst level and severity this alert has had (kept across restarts): only going past them is news. */
  peakLevel?: number;
  peakSeverity?: AlertSeverity;
  comments: AlertComment[];
  /** Procedure steps ticked so far (absent until the first tick; bounded by applyAlertAction). */
  steps?: AlertStep[];
}

/** Every change to an alert, carrying the alert as it is after the change (state is rebuilt from these). */
export interface AlertEvent {
  type: AlertEventType;
  at: number;
  by: string;
  alert: Alert;
}

/** What detection says about one sensor and rule after a reading; the alert policy turns it into events. */
export interface Finding {
  rule: AlertRule;
  category: AlertCategory;
  /** True while the condition holds. */
  active: boolean;
  severity: AlertSeverity;
  level: number;
  value: number;
  /** See Alert.valueField. */
  valueField?: string;
  normal?: number;
  /**
   * When the condition is expected to come (a forecast warning's crossing: the time its title
   * names). An open alert's texts are refreshed when it moves (the policy's refresh rule): a
   * title frozen at its raise says a time the forecast has left, or one already past.
   */
  expectedAt?: number;
  title: Text;
  explanation: Text;
  action: Text;
  /**
   * The title and explanation once expectedAt has passed without the condition (absent: the usual
   * ones stay true): what a page sent after that time says, never a passed time as expected.
   */
  late?: { title: Text; explanation: Text };
  /**
   * The level an open alert keeps over a reading that may not be the water (flood_level's fall not yet confirmed: a
   * dropout, a spike down): it keeps the alert as it is, and raises none (its value is the last accepted level).
   */
  keepsOnly?: boolean;
  /**
   * Its explanation says the readings it judges may be a logger's fault that no fault rule distrusts yet (a gauge
   * repeating one value exactly since a jump: ingest/detect/sensor-step-frozen.ts): an open alert is told again when
   * this comes or goes, so that the note is there while the readings are suspect and only then.
   */
  suspectReadings?: boolean;
}

/** Closed as folded into another alert (`mergedInto`): its condition goes on there, so it is no all-clear. */
export function isMergedAway(alert: Pick<Alert, 'state' | 'mergedInto'>): boolean {
  return alert.state === 'resolved' && typeof alert.mergedInto === 'string';
}

export function isOpen(alert: Alert): boolean {
  return alert.state !== 'resolved';
}
