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
  | 'sensor_range';

/** Emergencies go to responders; maintenance alerts go to engineers and never page anyone. */
export type AlertCategory = 'emergency' | 'maintenance';
export type AlertSeverity = 'info' | 'warning' | 'critical';
export const SEVERITY_RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };

export type AlertState = 'raised' | 'acknowledged' | 'resolved';
export type AlertEventType = 'raised' | 'updated' | 'escalated' | 'acknowledged' | 'assigned' | 'commented' | 'resolved';

export interface AlertComment {
  by: string;
  at: number;
  text: string;
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
  /** The sensor's normal for this moment, when the rule knows one. */
  normal?: number;
  state: AlertState;
  raisedAt: number;
  updatedAt: number;
  acknowledgedAt?: number;
  acknowledgedBy?: string;
  resolvedAt?: number;
  resolvedBy?: string;
  assignee?: string;
  escalated?: boolean;
  comments: AlertComment[];
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
  normal?: number;
  title: Text;
  explanation: Text;
  action: Text;
}

export function isOpen(alert: Alert): boolean {
  return alert.state !== 'resolved';
}
