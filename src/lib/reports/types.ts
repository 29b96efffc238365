import type { Alert, AlertEvent, AlertEventType, AlertSeverity, Text } from '../core/alert';
import type { ProcedureBook } from '../catalog/procedures';
import type { Forecast } from '../core/forecast';
import type { Catalog, SensorKind } from '../core/sensor';

/**
 * Situation reports: the input a report is computed from (what InfluxDB, the registry and the
 * live state hold for a period) and the facts computed from it. Pure types: the facts are
 * computed in src/lib/reports/facts/, read from the stores in src/lib/server/reports/.
 */

export const PERIOD_KINDS = ['shift', 'day', 'week'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** [start, end) in epoch ms; `key` is the URL form of the start (`2026-11-27T07`, `2026-11-27`). */
export interface ReportPeriod {
  kind: PeriodKind;
  start: number;
  end: number;
  key: string;
}

/** One sensor's hour, as the 1-hour rollup holds it: readings counted, mean and max per field. */
export interface HourlyAggregate {
  sensorId: string;
  /** Start of the hour, epoch ms. */
  hour: number;
  /** Readings stored in the hour (the largest count of any field). */
  count: number;
  mean: Record<string, number>;
  max: Record<string, number>;
}

/**
 * One traffic sensor's half-hour (aligned to :00 and :30): the mean of each field over the window,
 * from the 1-minute rollup or raw readings. The level of service of the window is the reading
 * state of these means (core/reading-state.ts), so the report and the map grade alike.
 */
export interface TrafficSlot {
  sensorId: string;
  /** Start of the half-hour, epoch ms. */
  start: number;
  mean: Record<string, number>;
}

/** A notifier delivery that escalated an alert past its first responder (DeliveryRecord reason backup/lead). */
export interface EscalationDelivery {
  at: number;
  alertId: string;
  personId: string;
  personName: string;
  reason: 'backup' | 'lead';
}

export interface MaintenanceState {
  sensorId: string;
  reason: string;
}

export interface ReportInput {
  period: ReportPeriod;
  generatedAt: number;
  catalog: Catalog;
  /** Alert events from lookbackStart(period) to period.end, oldest first. */
  events: AlertEvent[];
  /** Hourly aggregates of every sensor from lookbackStart(period) to period.end. */
  hourly: HourlyAggregate[];
  /** Half-hours of every traffic sensor on the weekdays the recommendations examine (lastWeekdays). */
  trafficSlots: TrafficSlot[];
  /** Deliveries to backups and team leads dated in the period, oldest first. */
  escalations: EscalationDelivery[];
  /** Sensors the registry holds in maintenance now. */
  maintenance: MaintenanceState[];
  /** The latest forecast of each river gauge. */
  forecasts: Forecast[];
  /** Alerts open at generation time. */
  openAlerts: Alert[];
  procedures: ProcedureBook;
}

/** One alert's life as the events tell it: the alert as last seen, and what happened when. */
export interface Episode {
  alert: Alert;
  /** The worst level and severity it reached. */
  maxLevel: number;
  maxSeverity: AlertSeverity;
  /** Minutes from raised to resolved (or to the period's end while open). */
  durationMin: number;
  timeline: { type: AlertEventType; at: number; by: string; level: number }[];
}

export interface Count {
  key: string;
  label: Text;
  count: number;
}

export type PeriodName = 'current' | 'previous' | 'lastWeek';

export type { SensorKind };
