/**
 * Open alerts of sensors other ingest workers own, as the alert stream and the start's restore tell them:
 * what this worker takes over when a registry version hands it one of those sensors (ingest/handover.ts),
 * so the alert goes on under its id, acknowledgement, assignee and paging chain instead of being resolved
 * by the old owner (an all-clear mid-flood) and raised again by the new one (the whole chain paged again).
 * Also where this worker puts the open alerts of sensors it hands away, in case one comes back.
 *
 * One alert per sensor and rule, the one its owner holds: the owner's stream says which. Its `updated` and
 * `escalated` (only the worker holding an alert sends them) make that copy the held one; of two `raised` copies
 * the first raised stays, as the owner's fold keeps it (alert-fold.ts foldOrder: a restore that met two); a close
 * forgets only the id it closes (a fold's close of the newer, `mergedInto` the kept, leaves the kept).
 * The other copy is kept as a standby (one per sensor and rule) until its own close: the owner does not fold when a
 * person resolved the older during its restore wait, so the newer goes on open there and takes the older's place here.
 */
import { isOpen, type Alert, type AlertEvent, type AlertEventType, type AlertRule } from '../../src/lib/core/alert';
import { foldOrder } from './alert-fold';
import { mergeHumanFields } from './alert-merge';

/**
 * Held at most (one per sensor and rule, only while open, and at most one standby for each), and as many closed ids
 * remembered: the alerts open at once across a city's workers are far fewer. Full, the alert told of least recently goes (one of a sensor the registry
 * dropped, whose close may never come, ages out so), so a new alert is never refused and memory never grows. Only the
 * ingest workers and the web may publish alert events (broker ACL), so a flood pushing real ones out is not expected.
 */
export const MAX_SIBLING_ALERTS = 20_000;

/** What only the worker holding an alert says of it; `raised` also comes from a start's restore. */
const OWNER_EVENTS: ReadonlySet<AlertEventType> = new Set<AlertEventType>(['updated', 'escalated']);

export interface SiblingAlerts {
  /** An event of an alert another worker holds (or restored from InfluxDB at start). */
  offer(event: AlertEvent): void;
  /** Takes out the open alerts of a sensor that now belongs to this worker. */
  take(sensorId: string): Alert[];
  /** Alerts held, standbys included. */
  size(): number;
}

export function createSiblingAlerts(max = MAX_SIBLING_ALERTS): SiblingAlerts {
  // by sensor and rule, the least recently told first (the one a full table lets go)
  const held = new Map<string, Alert>();
  // by sensor and rule, the other open copy of a key held: the one the owner goes on with if the held one closes
  const standby = new Map<string, Alert>();
  const rulesOf = new Map<string, Set<AlertRule>>();
  // Alerts seen closed, oldest first: a restore read before the close (late, after a slow InfluxDB) brings an
  // open copy of one back, which taken over would be an alert held open that people had closed, closed again.
  const closed = new Set<string>();
  const keyOf = (a: Pick<Alert, 'sensorId' | 'rule'>) => `${a.sensorId}\u0000${a.rule}`;

  function offer(event: AlertEvent): void {
    const a = event.alert;
    const key = keyOf(a);
    const [cur, spare] = [held.get(key), standby.get(key)];
    if (!isOpen(a)) {
      remember(closed, a.id);
      if (spare?.id === a.id || cur?.id === a.id) standby.delete(key);
      if (cur?.id !== a.id) return;
      drop(a);
      if (spare && spare.id !== a.id) put(spare);
      return;
    }
    if (closed.has(a.id)) return;
    if (cur?.id === a.id) return put(merged(event, cur));
    // the standby told of again (a person's action, a restore's copy) stays the standby; the owner's own word on it
    // (updated, escalated) makes it the held one, below
    if (spare?.id === a.id && !OWNER_EVENTS.has(event.type)) return void standby.set(key, merged(event, spare));
    // A person's action names an alert a worker raised: it never starts one here.
    if (event.type !== 'raised' && !OWNER_EVENTS.has(event.type)) return;
    if (cur && event.type === 'raised' && foldOrder(cur, a).keep === cur) return keepStandby(key, a);
    const next = spare?.id === a.id ? merged(event, spare) : a;
    if (spare?.id === a.id) standby.delete(key);
    if (cur) keepStandby(key, cur);
    put(next);
  }

  /** The event's copy of `known` (the same alert): either may be the later for people's fields (an acknowledgement
   * crosses the worker's next update); the detector's fields come from the owner's event, not from a restore's copy
   * older than the one known. */
  function merged(event: AlertEvent, known: Alert): Alert {
    const a = event.alert;
    const detector = OWNER_EVENTS.has(event.type) || (event.type === 'raised' && a.updatedAt >= known.updatedAt);
    return detector ? mergeHumanFields(a, known) : mergeHumanFields(known, a);
  }

  /** One standby per key: of two, the first raised (the owner's fold would keep it). */
  function keepStandby(key: string, a: Alert): void {
    const other = standby.get(key);
    standby.set(key, other && other.id !== a.id ? foldOrder(other, a).keep : a);
  }

  function put(a: Alert): void {
    const key = keyOf(a);
    if (!held.delete(key)) {
      if (held.size >= max) {
        const oldest = held.values().next().value!;
        drop(oldest);
        standby.delete(keyOf(oldest));
      }
      const rules = rulesOf.get(a.sensorId);
      if (rules) rules.add(a.rule);
      else rulesOf.set(a.sensorId, new Set([a.rule]));
    }
    held.set(key, a);
  }

  function drop(a: Pick<Alert, 'sensorId' | 'rule'>): void {
    held.delete(keyOf(a));
    const rules = rulesOf.get(a.sensorId)!;
    rules.delete(a.rule);
    if (rules.size === 0) rulesOf.delete(a.sensorId);
  }

  function remember(ids: Set<string>, id: string): void {
    ids.delete(id);
    if (ids.size >= max) ids.delete(ids.values().next().value!);
    ids.add(id);
  }

  return {
    offer,
    take(sensorId) {
      const out: Alert[] = [];
      for (const rule of rulesOf.get(sensorId) ?? []) {
        const key = keyOf({ sensorId, rule });
        out.push(held.get(key)!);
        held.delete(key);
        // the owner's fold of the two, if one was due, is its new owner's now; it goes on with the one held
        standby.delete(key);
      }
      rulesOf.delete(sensorId);
      return out;
    },
    size: () => held.size + standby.size
  };
}
