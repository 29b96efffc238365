import type { Alert, AlertEvent } from '../core/alert';
import { mergeAlertCopies, newerCopy } from '../core/alert-lifecycle';
import type { SequencedAlertEvent } from '../core/events';

/** The shape checks live in schemas/wire.ts so ingest, notifier and server share one. */
export { isAlert, isAlertEvent } from '../schemas/wire';

export interface AlertStoreOptions {
  /** Alert events kept for `alerts:since` replay. */
  ringSize: number;
  /** Resolved alerts stay listed this long after resolution. */
  resolvedRetentionMs: number;
  /** Hard cap on alerts held; the oldest resolved, then the oldest open, go first. */
  maxAlerts: number;
}

export const DEFAULT_ALERT_STORE_OPTIONS: AlertStoreOptions = {
  ringSize: 2_000,
  resolvedRetentionMs: 60 * 60 * 1000,
  maxAlerts: 5_000
};

export interface AlertStore {
  /** Records an event; returns it with its seq, or null if this exact event was seen already. */
  apply(event: AlertEvent, now: number): SequencedAlertEvent | null;
  /**
   * Merges state rebuilt from stored events (newer alerts held already win; events are remembered for
   * dedupe). Returns, sequenced, the newest event of each alert it changed, for clients already connected.
   */
  load(events: readonly AlertEvent[], now: number): SequencedAlertEvent[];
  get(id: string): Alert | undefined;
  /** Open alerts and those resolved within the retention, newest first. */
  list(now: number): Alert[];
  /** Events after seq still in the ring, oldest first. */
  since(seq: number): SequencedAlertEvent[];
  lastSeq(): number;
}

/** The event identity: the web hears its own published actions back over MQTT. */
export function alertEventKey(e: AlertEvent): string {
  return `${e.alert.id}|${e.alert.updatedAt}|${e.type}`;
}

export function createAlertStore(options: AlertStoreOptions = DEFAULT_ALERT_STORE_OPTIONS): AlertStore {
  const alerts = new Map<string, Alert>();
  const ring: SequencedAlertEvent[] = [];
  // Keys of recent events, insertion-ordered so the oldest can be evicted; sized like the ring.
  const seen = new Set<string>();
  const maxSeen = options.ringSize * 4;
  let seq = 0;

  function remember(key: string): void {
    seen.add(key);
    if (seen.size > maxSeen) seen.delete(seen.values().next().value as string);
  }

  function record(event: AlertEvent): SequencedAlertEvent {
    const sequenced: SequencedAlertEvent = { ...event, seq: ++seq };
    ring.push(sequenced);
    if (ring.length > options.ringSize) ring.splice(0, ring.length - options.ringSize);
    return sequenced;
  }

  function prune(now: number): void {
    const cutoff = now - options.resolvedRetentionMs;
    for (const [id, a] of alerts) {
      if (a.state === 'resolved' && (a.resolvedAt ?? a.updatedAt) < cutoff) alerts.delete(id);
    }
    if (alerts.size <= options.maxAlerts) return;
    const victims = [...alerts.values()].sort(
      (a, b) => Number(a.state !== 'resolved') - Number(b.state !== 'resolved') || a.updatedAt - b.updatedAt
    );
    for (const a of victims.slice(0, alerts.size - options.maxAlerts)) alerts.delete(a.id);
  }

  return {
    apply(event, now) {
      const key = alertEventKey(event);
      if (seen.has(key)) return null;
      remember(key);
      const prev = alerts.get(event.alert.id);
      // An older event arriving late still goes to the log, but must not roll the alert back; nor must an action made
      // on a copy from before a worsening hide the worsening (newerCopy: the version before the clock), nor the
      // worsening hide that action's assignee, comment or step (mergeAlertCopies).
      const next = mergeAlertCopies(event.alert, prev);
      if (next !== prev) alerts.set(event.alert.id, next);
      const sequenced = record(event);
      prune(now);
      return sequenced;
    },
    load(events, now) {
      for (const e of events) remember(alertEventKey(e));
      const changed: AlertEvent[] = [];
      for (const e of newestPerAlert(events)) {
        const held = alerts.get(e.alert.id);
        // held first: it wins a tie (the same copy read back is no change)
        const next = held ? mergeAlertCopies(held, e.alert) : e.alert;
        if (next === held) continue;
        alerts.set(e.alert.id, next);
        changed.push(next === e.alert ? e : { ...e, alert: next });
      }
      prune(now);
      // Oldest first, as live; one pruned at once (resolved long ago) is no news.
      return changed
        .filter((e) => alerts.get(e.alert.id) === e.alert)
        .sort((a, b) => a.alert.updatedAt - b.alert.updatedAt)
        .map((e) => record(e));
    },
    get: (id) => alerts.get(id),
    list(now) {
      prune(now);
      return [...alerts.values()].sort((a, b) => b.updatedAt - a.updatedAt);
    },
    since(after) {
      // seq is dense within the ring, so the start index is arithmetic.
      if (ring.length === 0 || after >= seq) return [];
      const first = ring[0].seq;
      return ring.slice(Math.max(0, after + 1 - first));
    },
    lastSeq: () => seq
  };
}

/**
 * The newest event of each alert (newerCopy; the later one of a tie, as foldAlertEvents), its copy carrying what people
 * did on the others (mergeAlertCopies).
 */
export function newestPerAlert(events: readonly AlertEvent[]): AlertEvent[] {
  const newest = new Map<string, AlertEvent>();
  for (const e of events) {
    const held = newest.get(e.alert.id);
    const base = newerCopy(e.alert, held?.alert) ? e : held!;
    const alert = mergeAlertCopies(e.alert, held?.alert);
    newest.set(e.alert.id, alert === base.alert ? base : { ...base, alert });
  }
  return [...newest.values()];
}
