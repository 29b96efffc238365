import type { Alert, AlertEvent } from '../core/alert';
import type { SequencedAlertEvent } from '../core/events';
import { alertVersion, compareAlertCopies } from '../core/alert-lifecycle';
import { DEFAULT_ALERT_STORE_OPTIONS, newestPerAlert, type AlertStore } from './alert-store';

/**
 * After the MQTT feed comes back (clean session: events published while it was away are gone),
 * the alert events stored in InfluxDB are the record. Applies, per alert, the newest stored event
 * the store does not hold yet (a new alert, or a newer version of one held) and returns what the
 * store accepted, oldest first, for broadcasting with their new seqs.
 *
 * Only the newest event per alert is replayed: clients need the current state, and a long outage
 * must not turn into a burst of every intermediate step. Resolved alerts older than the store's
 * retention are skipped (the store would drop them at once; nobody needs to hear of them).
 */
/**
 * The event the walls should hear for a stored copy: a copy worse than the one held is the worsening it is, and an
 * open alert never held the raise it is, whatever event stored it last (a comment or an update after it; a per-alert
 * read has no event column at all). The alerts page sounds its alarm on raised and escalated only, so a worsening
 * missed while away and then commented on came back silent.
 */
export function asHeard(e: AlertEvent, held: Alert | undefined): AlertEvent {
  if (e.type === 'raised' || e.type === 'escalated' || e.alert.state !== 'raised') return e;
  if (!held) return { ...e, type: 'raised' };
  return alertVersion(e.alert) > alertVersion(held) ? { ...e, type: 'escalated' } : e;
}

export function catchUpAlerts(
  store: AlertStore,
  storedEvents: readonly AlertEvent[],
  now: number,
  resolvedRetentionMs = DEFAULT_ALERT_STORE_OPTIONS.resolvedRetentionMs
): SequencedAlertEvent[] {
  const cutoff = now - resolvedRetentionMs;
  const missing = newestPerAlert(storedEvents).filter((e) => {
    const held = store.get(e.alert.id);
    // Newer by the version before the clock: a worsening missed while away beats an acknowledgement made on the copy before it.
    if (held) return compareAlertCopies(e.alert, held) > 0;
    return !(e.alert.state === 'resolved' && (e.alert.resolvedAt ?? e.alert.updatedAt) < cutoff);
  });
  missing.sort((a, b) => a.alert.updatedAt - b.alert.updatedAt);
  const applied: SequencedAlertEvent[] = [];
  for (const stored of missing) {
    const e = asHeard(stored, store.get(stored.alert.id));
    // The store's dedupe still has the last word: an event heard live already is not sent twice.
    const sequenced = store.apply(e, now);
    if (sequenced) applied.push(sequenced);
  }
  return applied;
}
