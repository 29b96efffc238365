import type { Alert, AlertEvent } from '../../../src/lib/core/alert';
import { newerCopy } from '../../../src/lib/core/alert-lifecycle';
import type { Escalations } from './escalation';

/**
 * The alerts of the open escalation chains as last heard (a step's page shows the alert as it is now), and what an
 * event means for its chain. An acknowledgement made on a copy from before a worsening the chain has seen is refused
 * by the ingest's merge (its version guard in ingest/detect/alert-merge.ts: the alert stays raised), so here it does
 * not stop the chain either. Of a chain over unacknowledged, only the alert's version (`worsenedAt`) is kept, bounded
 * like the chains: a worsening after it is `worse` too, a stale acknowledgement still `ignored`.
 */
export interface PagingAlerts {
  get(alertId: string): Alert | undefined;
  /**
   * `stop`: resolved, or acknowledged on a copy as new as the chain's; `ignored`: an acknowledgement the ingest refuses;
   * `worse`: the alert of an open chain, or of one over unacknowledged, got worse than it knew (the acknowledge links
   * sent so far are now refused as stale).
   */
  note(event: AlertEvent): 'stop' | 'ignored' | 'worse' | 'go on';
  /** Held while its chain is open; bounded like the chains (held alerts whose chain is gone leave first). */
  keep(alert: Alert): void;
  /** Let go once its chain is over, keeping its version (of `alert` when none is held: a chain restored over). */
  settle(alertId: string, alert?: Alert): void;
}

const worsenedOf = (alert: Alert | undefined): number => alert?.worsenedAt ?? -Infinity;

export function createPagingAlerts(escalations: Pick<Escalations, 'isOpen'>, max: number): PagingAlerts {
  const alerts = new Map<string, Alert>();
  // The version of each alert whose chain is over, unacknowledged; insertion order = age, the oldest forgotten first.
  const settled = new Map<string, number>();
  const remember = (id: string, version: number) => {
    settled.delete(id);
    settled.set(id, version);
    if (settled.size > max) settled.delete(settled.keys().next().value as string);
  };
  return {
    get: (alertId) => alerts.get(alertId),
    note(event) {
      const id = event.alert.id;
      const held = alerts.get(id);
      const known = held ? worsenedOf(held) : (settled.get(id) ?? -Infinity);
      if (event.type === 'acknowledged' && worsenedOf(event.alert) < known) return 'ignored';
      if (event.type === 'acknowledged' || event.type === 'resolved') return alerts.delete(id), settled.delete(id), 'stop';
      if (!held) {
        if (!settled.has(id) || worsenedOf(event.alert) <= known) return 'go on';
        remember(id, worsenedOf(event.alert));
        return event.type === 'escalated' ? 'worse' : 'go on';
      }
      // Newest wins (by version, then clock): a replayed older copy must not hide a worsening from the version guard above.
      if (newerCopy(event.alert, held)) alerts.set(id, event.alert);
      return event.type === 'escalated' && worsenedOf(event.alert) > worsenedOf(held) ? 'worse' : 'go on';
    },
    keep(alert) {
      settled.delete(alert.id);
      alerts.set(alert.id, alert);
      if (alerts.size <= max) return;
      for (const id of alerts.keys()) if (!escalations.isOpen(id) && alerts.delete(id) && alerts.size <= max) break;
    },
    settle(alertId, alert) {
      if (escalations.isOpen(alertId)) return;
      const held = alerts.get(alertId) ?? alert;
      alerts.delete(alertId);
      if (held) remember(alertId, Math.max(worsenedOf(held), settled.get(alertId) ?? -Infinity));
    }
  };
}
