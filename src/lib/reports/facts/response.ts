import { ALERT_SEVERITIES, type AlertSeverity } from '../../core/alert';
import { stepsFor } from '../../catalog/procedures';
import { RESPONSE_TARGETS_MIN } from '../targets';
import { median, type FactContext } from './context';

/** How the response went, per severity, against RESPONSE_TARGETS_MIN (emergency alerts raised in the period). */
export interface SeverityResponse {
  severity: AlertSeverity;
  count: number;
  acknowledged: number;
  /** Acknowledged within the target. */
  ackOnTime: number;
  medianAckMin: number | null;
  resolved: number;
  resolvedOnTime: number;
  medianResolveMin: number | null;
  targetAckMin: number;
  targetResolveMin: number;
}

export interface UntickedSteps {
  alertId: string;
  sensorId: string;
  sensorName: string;
  raisedAt: number;
  /** Step ids of the alert's procedure (at the worst level it reached) not ticked done. */
  missing: string[];
  required: number;
}

/** One step of the notifier's escalation ladder: the alerts that reached it in the period and who was paged. */
export interface EscalationStep {
  reason: 'backup' | 'lead';
  alerts: number;
  /** Names of the people paged, each once, in the order first paged. */
  people: string[];
}

export interface ResponseFacts {
  bySeverity: SeverityResponse[];
  escalated: { alertId: string; sensorId: string; sensorName: string; at: number }[];
  /** Escalations to backups and team leads, from the notifier's deliveries (a step nobody reached is left out). */
  escalationSteps: EscalationStep[];
  unticked: UntickedSteps[];
  untickedTotal: number;
}

const minutes = (from: number, to: number) => (to - from) / 60_000;

function escalationSteps(ctx: FactContext): EscalationStep[] {
  const { start, end } = ctx.input.period;
  const inPeriod = ctx.input.escalations.filter((d) => d.at >= start && d.at < end);
  return (['backup', 'lead'] as const).flatMap((reason) => {
    const mine = inPeriod.filter((d) => d.reason === reason);
    // Several channels and retries to one person about one alert are one escalation.
    return mine.length ? [{ reason, alerts: new Set(mine.map((d) => d.alertId)).size, people: [...new Set(mine.map((d) => d.personName))] }] : [];
  });
}

export function computeResponseFacts(ctx: FactContext): ResponseFacts {
  const bySeverity: SeverityResponse[] = [];
  for (const severity of [...ALERT_SEVERITIES].reverse()) {
    const eps = ctx.emergencies.filter((e) => e.maxSeverity === severity);
    if (eps.length === 0) continue;
    const target = RESPONSE_TARGETS_MIN[severity];
    const ack = eps.flatMap((e) => (e.alert.acknowledgedAt === undefined ? [] : [minutes(e.alert.raisedAt, e.alert.acknowledgedAt)]));
    const res = eps.flatMap((e) => (e.alert.resolvedAt === undefined ? [] : [minutes(e.alert.raisedAt, e.alert.resolvedAt)]));
    bySeverity.push({
      severity,
      count: eps.length,
      acknowledged: ack.length,
      ackOnTime: ack.filter((m) => m <= target.acknowledge).length,
      medianAckMin: median(ack),
      resolved: res.length,
      resolvedOnTime: res.filter((m) => m <= target.resolve).length,
      medianResolveMin: median(res),
      targetAckMin: target.acknowledge,
      targetResolveMin: target.resolve
    });
  }
  const escalated = ctx.emergencies.flatMap((e) => {
    const step = e.timeline.find((t) => t.type === 'escalated');
    if (!step && !e.alert.escalated) return [];
    return [{ alertId: e.alert.id, sensorId: e.alert.sensorId, sensorName: e.alert.sensorName, at: step?.at ?? e.alert.updatedAt }];
  });
  const unticked = ctx.emergencies
    .map((e) => {
      const required = stepsFor(ctx.input.procedures, { rule: e.alert.rule, level: e.maxLevel });
      const done = new Set((e.alert.steps ?? []).filter((s) => s.done).map((s) => s.id));
      const missing = required.filter((s) => !done.has(s.id)).map((s) => s.id);
      return { alertId: e.alert.id, sensorId: e.alert.sensorId, sensorName: e.alert.sensorName, raisedAt: e.alert.raisedAt, missing, required: required.length };
    })
    .filter((u) => u.missing.length > 0)
    .sort((a, b) => b.missing.length - a.missing.length || a.raisedAt - b.raisedAt);
  return { bySeverity, escalated, escalationSteps: escalationSteps(ctx), unticked, untickedTotal: unticked.reduce((n, u) => n + u.missing.length, 0) };
}
