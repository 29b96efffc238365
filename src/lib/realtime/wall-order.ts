import { SEVERITY_RANK, type Alert } from '../core/alert';

/** When an alert last demanded attention: raised, or re-opened by getting worse. */
export function lastWorsened(a: Alert): number {
  return Math.max(a.raisedAt, a.worsenedAt ?? a.raisedAt);
}

/**
 * The open alerts in the order a short list (the wall's side list, the console feed) shows them:
 * most severe first, then the latest raised or worsened. A short list cut in arrival order hid a
 * new critical alert behind older info ones.
 */
export function openAlertsByUrgency(alerts: Iterable<Alert>): Alert[] {
  const open: Alert[] = [];
  for (const a of alerts) if (a.state !== 'resolved') open.push(a);
  return open.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || lastWorsened(b) - lastWorsened(a) || a.id.localeCompare(b.id));
}
