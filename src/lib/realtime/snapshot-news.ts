import { SEVERITY_RANK, type Alert, type AlertEvent } from '../core/alert';

/**
 * What a snapshot received after a reconnect brings that the page has not heard of: alerts raised
 * while it was away, and alerts that got worse (re-opened by an escalation). The snapshot moves the
 * page's last event seq past the events of the outage, so without this the alarm, the notification
 * and the wall's fly-to would never hear of them. Only alerts that now wait for someone (state
 * `raised`) count: one raised and acknowledged during the outage needs no alarm.
 */
export function snapshotNews(before: ReadonlyMap<string, Alert>, after: Iterable<Alert>): AlertEvent[] {
  const news: AlertEvent[] = [];
  for (const alert of after) {
    if (alert.state !== 'raised') continue;
    const prev = before.get(alert.id);
    if (!prev) {
      news.push({ type: 'raised', at: alert.raisedAt, by: 'snapshot', alert });
    } else if (gotWorse(prev, alert)) {
      news.push({ type: 'escalated', at: alert.worsenedAt ?? alert.updatedAt, by: 'snapshot', alert });
    }
  }
  return news.sort((a, b) => a.at - b.at);
}

function gotWorse(prev: Alert, next: Alert): boolean {
  if (SEVERITY_RANK[next.severity] > SEVERITY_RANK[prev.severity] || next.level > prev.level) return true;
  return next.worsenedAt !== undefined && next.worsenedAt > (prev.worsenedAt ?? -Infinity);
}
