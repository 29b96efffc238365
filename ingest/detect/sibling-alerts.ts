/**
 * Open alerts of sensors other ingest workers own, as the alert stream and the start's restore tell them:
 * what this worker takes over when a registry version hands it one of those sensors (ingest/handover.ts),
 * so the alert goes on under its id, acknowledgement, assignee and paging chain instead of being resolved
 * by the old owner (an all-clear mid-flood) and raised again by the new one (the whole chain paged again).
 * Also where this worker puts the open alerts of sensors it hands away, in case one comes back.
 */
import { isOpen, type Alert, type AlertEvent, type AlertEventType } from '../../src/lib/core/alert';
import { mergeHumanFields } from './alert-merge';

/**
 * Held at most (one per sensor and rule, only while open): the alerts open at once across a city's
 * workers are far fewer; a flood of forged events fills it and is refused, never grows memory.
 */
export const MAX_SIBLING_ALERTS = 20_000;

/** What a worker's detection says of an alert; the rest are people's actions on it. */
const DETECTOR_EVENTS: ReadonlySet<AlertEventType> = new Set<AlertEventType>(['raised', 'updated', 'escalated']);

export interface SiblingAlerts {
  /** An event of an alert another worker holds (or restored from InfluxDB at start). */
  offer(event: AlertEvent): void;
  /** Takes out the open alerts of a sensor that now belongs to this worker. */
  take(sensorId: string): Alert[];
  size(): number;
}

export function createSiblingAlerts(max = MAX_SIBLING_ALERTS): SiblingAlerts {
  const bySensor = new Map<string, Map<string, Alert>>();
  let count = 0;

  function offer(event: AlertEvent): void {
    const a = event.alert;
    const rules = bySensor.get(a.sensorId);
    const cur = rules?.get(a.rule);
    if (!isOpen(a)) {
      if (cur?.id === a.id) drop(a.sensorId, a.rule);
      return;
    }
    if (cur?.id === a.id) {
      // Either copy may be the later for people's fields (an acknowledgement crosses the worker's next update).
      rules!.set(a.rule, DETECTOR_EVENTS.has(event.type) ? mergeHumanFields(a, cur) : mergeHumanFields(cur, a));
      return;
    }
    // A person's action names an alert a worker raised: it never starts one here. Of two alerts for one
    // sensor and rule the newer is the one its worker holds (alert-policy keeps the same).
    if (!DETECTOR_EVENTS.has(event.type) || (cur && cur.raisedAt >= a.raisedAt)) return;
    if (!cur && count >= max) return;
    if (!cur) count++;
    if (rules) rules.set(a.rule, a);
    else bySensor.set(a.sensorId, new Map([[a.rule, a]]));
  }

  function drop(sensorId: string, rule: string): void {
    const rules = bySensor.get(sensorId)!;
    rules.delete(rule);
    count--;
    if (rules.size === 0) bySensor.delete(sensorId);
  }

  return {
    offer,
    take(sensorId) {
      const rules = bySensor.get(sensorId);
      if (!rules) return [];
      bySensor.delete(sensorId);
      count -= rules.size;
      return [...rules.values()];
    },
    size: () => count
  };
}
