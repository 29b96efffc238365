import { SEVERITY_RANK, type AlertEvent } from '../../../src/lib/core/alert';
import { alertVersion } from '../../../src/lib/core/alert-lifecycle';

/**
 * Whether an alert event is news to the people already told of its alert. The ingest escalates an alert left
 * unacknowledged (10 minutes for a critical one) with an `escalated` event that changes neither its severity (a critical
 * alert stays critical) nor its version: routed as news, the primary and every subscriber heard the same alert a
 * second time, beside the backup's page. An `escalated` is news when it raises the severity (a warning made critical
 * by time) or the version (a worsening); one for an alert not heard of here (the notifier restarted since) is news too.
 * Only people's messages hang on this: the escalation chain's own steps go on as before (dispatcher.ts).
 */

interface Told {
  rank: number;
  version: number;
}

export interface NewsFilter {
  /** Whether `event` is news to those told of its alert before; notes what it tells. */
  news(event: AlertEvent): boolean;
}

/** `max`: alerts remembered, the least recently heard forgotten first (then their next `escalated` is news again). */
export function createNewsFilter(max = 100_000): NewsFilter {
  const told = new Map<string, Told>();
  const remember = (id: string, t: Told) => {
    told.delete(id);
    told.set(id, t);
    if (told.size > max) told.delete(told.keys().next().value as string);
  };
  return {
    news(event) {
      const { id } = event.alert;
      if (event.type === 'resolved') return told.delete(id), true;
      if (event.type !== 'raised' && event.type !== 'escalated') return true;
      const now = { rank: SEVERITY_RANK[event.alert.severity], version: alertVersion(event.alert) };
      const before = told.get(id);
      // The most people were told: a severity that fell back (an update) and rises again by time is not news.
      remember(id, before ? { rank: Math.max(before.rank, now.rank), version: Math.max(before.version, now.version) } : now);
      return event.type === 'raised' || !before || now.rank > before.rank || now.version > before.version;
    }
  };
}
