import type { Alert, AlertEvent } from '../../../src/lib/core/alert';
import { newerCopy } from '../../../src/lib/core/alert-lifecycle';
import type { Escalations } from './escalation';

/**
 * The alerts of the open escalation chains as last heard (a step's page shows the alert as it is now), and what an
 * event means for its chain. An acknowledgement made on a copy from before a worsening the chain has seen is refused
 * by the ingest's merge (its version guard in ingest/detect/alert-merge.ts: the alert stays raised), so here it does
 * not stop the chain either.
 */
export interface PagingAlerts {
  get(alertId: string): Alert | undefined;
  /**
   * `stop`: resolved, or acknowledged on a copy as new as the chain's; `ignored`: an acknowledgement the ingest refuses;
   * `worse`: an open chain's alert got worse than it knew (its acknowledge links sent so far are now refused as stale).
   */
  note(event: AlertEvent): 'stop' | 'ignored' | 'worse' | 'go on';
  /** Held while its chain is open; bounded like the chains (held alerts whose chain is gone leave first). */
  keep(alert: Alert): void;
  /** Let go once its chain is over. */
  settle(alertId: string): void;
}

const worsenedOf = (alert: Alert | undefined): number => alert?.worsenedAt ?? -Infinity;

export function createPagingAlerts(escalations: Pick<Escalations, 'isOpen'>, max: number): PagingAlerts {
  const alerts = new Map<string, Alert>();
  return {
    get: (alertId) => alerts.get(alertId),
    note(event) {
      const id = event.alert.id;
      const held = alerts.get(id);
      if (event.type === 'acknowledged' && worsenedOf(event.alert) < worsenedOf(held)) return 'ignored';
      if (event.type === 'acknowledged' || event.type === 'resolved') return alerts.delete(id), 'stop';
      if (!held) return 'go on';
      // Newest wins (by version, then clock): a replayed older copy must not hide a worsening from the version guard above.
      if (newerCopy(event.alert, held)) alerts.set(id, event.alert);
      return event.type === 'escalated' && worsenedOf(event.alert) > worsenedOf(held) ? 'worse' : 'go on';
    },
    keep(alert) {
      alerts.set(alert.id, alert);
      if (alerts.size <= max) return;
      for (const id of alerts.keys()) if (!escalations.isOpen(id) && alerts.delete(id) && alerts.size <= max) break;
    },
    settle(alertId) {
      if (!escalations.isOpen(alertId)) alerts.delete(alertId);
    }
  };
}
