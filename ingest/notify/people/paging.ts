import type { Alert, AlertEvent } from '../../../src/lib/core/alert';
import { foldAlertEvents, newerCopy } from '../../../src/lib/core/alert-lifecycle';
import type { Escalations } from './escalation';

/**
 * The alerts of the open escalation chains as last heard (a step's page shows the alert as it is now), and what an
 * event means for its chain. An acknowledgement made on a copy from before a worsening the chain has seen is refused
 * by the ingest's merge (its version guard in ingest/detect/alert-merge.ts: the alert stays raised), so here it does
 * not stop the chain either. Of a chain over unacknowledged, only the alert's version (`worsenedAt`) is kept, bounded
 * like the chains: a worsening after it is `worse` too, a stale acknowledgement still `ignored`. Of an acknowledged (or
 * resolved) alert the version acknowledged is kept, bounded the same way: a copy of it or older that comes later without
 * the acknowledgement (the ingest's `escalated` or `updated` stamped before it merged it) is `answered`, not a new round.
 */
export interface PagingAlerts {
  get(alertId: string): Alert | undefined;
  /**
   * `stop`: resolved, or acknowledged on a copy as new as the chain's (an `acknowledged` event, or any event whose copy
   * is acknowledged or resolved: the ingest's `updated` after it merged the acknowledgement, a comment on the acknowledged
   * copy); `ignored`: an acknowledgement the ingest refuses; `answered`: a copy no newer than an acknowledgement or
   * resolution already heard (it pages nobody: only a worsening, a newer version, opens a new round); `worse`: the alert
   * of an open chain, or of one over unacknowledged, got worse than it knew (the acknowledge links sent so far are now
   * refused as stale).
   */
  note(event: AlertEvent): 'stop' | 'ignored' | 'answered' | 'worse' | 'go on';
  /** Held while its chain is open; bounded like the chains (held alerts whose chain is gone leave first). */
  keep(alert: Alert): void;
  /** Let go once its chain is over, keeping its version (of `alert` when none is held: a chain restored over). */
  settle(alertId: string, alert?: Alert): void;
}

const worsenedOf = (alert: Alert | undefined): number => alert?.worsenedAt ?? -Infinity;
const closes = (event: AlertEvent): boolean => event.type === 'resolved' || event.alert.state === 'resolved';
const acknowledges = (event: AlertEvent): boolean => event.type === 'acknowledged' || event.alert.state === 'acknowledged';

/**
 * Pure: the emergencies whose stored copies, merged as the web merges them (foldAlertEvents), are acknowledged or resolved:
 * told to the dispatcher at start (`answered`), so the acknowledged version is remembered across a restart. Resolved
 * first, acknowledged (still open) last: the bounded memory forgets the oldest first.
 */
export function answeredAlerts(events: Iterable<AlertEvent>): Alert[] {
  const merged = [...foldAlertEvents(events).values()].filter((a) => a.category === 'emergency' && a.state !== 'raised');
  return [...merged.filter((a) => a.state === 'resolved'), ...merged.filter((a) => a.state === 'acknowledged')];
}

/** An id → version map bounded to `max` entries; insertion order = age, the oldest forgotten first. */
function versions(max: number) {
  const map = new Map<string, number>();
  return {
    map,
    set(id: string, version: number): void {
      map.delete(id);
      map.set(id, version);
      if (map.size > max) map.delete(map.keys().next().value as string);
    }
  };
}

export function createPagingAlerts(escalations: Pick<Escalations, 'isOpen'>, max: number): PagingAlerts {
  const alerts = new Map<string, Alert>();
  // The version of each alert whose chain is over, unacknowledged.
  const settled = versions(max);
  // The newest version of each alert acknowledged (Infinity: resolved, final). Forgotten, the same race pages a round
  // again (the ingest escalates a copy it has not merged the acknowledgement into); past 10,000 alerts it is old news.
  const acked = versions(max);
  return {
    get: (alertId) => alerts.get(alertId),
    note(event) {
      const id = event.alert.id;
      const held = alerts.get(id);
      const version = worsenedOf(event.alert);
      const known = held ? worsenedOf(held) : (settled.map.get(id) ?? -Infinity);
      const answered = acked.map.get(id) ?? -Infinity;
      if (event.type === 'acknowledged' && version < known) return 'ignored';
      if (closes(event) || (acknowledges(event) && version >= known)) {
        acked.set(id, closes(event) ? Infinity : Math.max(version, answered));
        return alerts.delete(id), settled.map.delete(id), 'stop';
      }
      if (acked.map.has(id) && version <= answered) return 'answered';
      if (!held) {
        if (!settled.map.has(id) || version <= known) return 'go on';
        settled.set(id, version);
        return event.type === 'escalated' ? 'worse' : 'go on';
      }
      // Newest wins (by version, then clock): a replayed older copy must not hide a worsening from the version guard above.
      if (newerCopy(event.alert, held)) alerts.set(id, event.alert);
      return event.type === 'escalated' && version > known ? 'worse' : 'go on';
    },
    keep(alert) {
      settled.map.delete(alert.id);
      alerts.set(alert.id, alert);
      if (alerts.size <= max) return;
      for (const id of alerts.keys()) if (!escalations.isOpen(id) && alerts.delete(id) && alerts.size <= max) break;
    },
    settle(alertId, alert) {
      if (escalations.isOpen(alertId)) return;
      const held = alerts.get(alertId) ?? alert;
      alerts.delete(alertId);
      if (held) settled.set(alertId, Math.max(worsenedOf(held), settled.map.get(alertId) ?? -Infinity));
    }
  };
}
