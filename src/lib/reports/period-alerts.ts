import { ALERT_SEVERITIES, type AlertRule, type AlertSeverity } from '../core/alert';
import { SENSOR_KINDS, type SensorKind } from '../core/sensor';
import { raisedIn } from './episodes';
import { createFactContext } from './facts/context';
import type { ReportInput } from './types';

/**
 * The alerts behind a report's numbers: the emergencies raised in the period (the ones its facts
 * count; or its sensor maintenance alerts), filtered as a number's link asks (`/reports/week/2026-11-23/alerts?kind=traffic`). The
 * live /alerts list holds only open and lately resolved alerts; this list holds the period's.
 */
export interface PeriodAlertFilter {
  /** Sensor maintenance alerts instead of emergencies (the report's "sensor maintenance alerts" number). */
  category?: 'maintenance';
  kind?: SensorKind;
  district?: string;
  severity?: AlertSeverity;
  rule?: AlertRule;
  level?: number;
}

export interface PeriodAlertRow {
  id: string;
  sensorId: string;
  sensorName: string;
  district: string;
  kind: SensorKind;
  rule: AlertRule;
  /** The worst severity and level the alert reached (what the report counts it by). */
  severity: AlertSeverity;
  level: number;
  raisedAt: number;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  resolvedAt: number | null;
  durationMin: number;
  escalated: boolean;
}

/** A filter from a link's query; unknown values are dropped (a wider list, never an empty one for a typo). */
export function periodAlertFilter(params: URLSearchParams, districts: readonly string[]): PeriodAlertFilter {
  const f: PeriodAlertFilter = {};
  if (params.get('category') === 'maintenance') f.category = 'maintenance';
  const kind = params.get('kind');
  if (kind && (SENSOR_KINDS as readonly string[]).includes(kind)) f.kind = kind as SensorKind;
  const district = params.get('district');
  if (district && districts.includes(district)) f.district = district;
  const severity = params.get('severity');
  if (severity && (ALERT_SEVERITIES as readonly string[]).includes(severity)) f.severity = severity as AlertSeverity;
  const rule = params.get('rule');
  // A rule is only kept with a level (the report's "by level" numbers), checked against the rows it matches.
  const levelText = params.get('level');
  const level = Number(levelText);
  if (rule && /^[a-z_]{1,40}$/.test(rule) && levelText && Number.isInteger(level) && level >= 0 && level <= 10) Object.assign(f, { rule: rule as AlertRule, level });
  return f;
}

export function periodAlerts(input: ReportInput, f: PeriodAlertFilter): PeriodAlertRow[] {
  const ctx = createFactContext(input);
  const episodes = f.category === 'maintenance'
    ? raisedIn(ctx.episodes, input.period.start, input.period.end).filter((e) => e.alert.category === 'maintenance')
    : ctx.emergencies;
  return episodes
    .filter((e) => (!f.kind || e.alert.kind === f.kind) && (!f.district || e.alert.district === f.district) && (!f.severity || e.maxSeverity === f.severity) &&
      (!f.rule || (e.alert.rule === f.rule && e.maxLevel === f.level)))
    .sort((a, b) => a.alert.raisedAt - b.alert.raisedAt || a.alert.id.localeCompare(b.alert.id))
    .map((e) => ({
      id: e.alert.id, sensorId: e.alert.sensorId, sensorName: e.alert.sensorName, district: e.alert.district, kind: e.alert.kind, rule: e.alert.rule,
      severity: e.maxSeverity, level: e.maxLevel, raisedAt: e.alert.raisedAt, acknowledgedAt: e.alert.acknowledgedAt ?? null, acknowledgedBy: e.alert.acknowledgedBy ?? null,
      resolvedAt: e.alert.resolvedAt ?? null, durationMin: e.durationMin, escalated: e.timeline.some((t) => t.type === 'escalated') || !!e.alert.escalated
    }));
}
