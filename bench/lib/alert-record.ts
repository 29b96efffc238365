import type { AlertCategory, AlertRule, AlertSeverity } from '../../src/lib/core/alert';

/** One alert as a bench saw it over its life, folded from the engine's alert events. */
export interface AlertRecord {
  id: string;
  sensorId: string;
  rule: AlertRule;
  category: AlertCategory;
  severity: AlertSeverity;
  /** Worst level the alert reached. */
  level: number;
  raisedAt: number;
  resolvedAt?: number;
}
