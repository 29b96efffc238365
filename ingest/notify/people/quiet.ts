import { isOpen, type Alert, type AlertEvent } from '../../../src/lib/core/alert';
import { foldAlertEvents, newerCopy } from '../../../src/lib/core/alert-lifecycle';
import type { DeliveryRecord } from '../../../src/lib/core/people';

/**
 * Non-critical alerts a person did not get because of their quiet hours, kept until the quiet hours
 * end and then sent as one digest of the ones still open (a resolution meanwhile drops its alert: the
 * person would only learn that something they never heard of is over). Driven by tick(now), no timers;
 * bounded per person (the rest counted as "and N more") and in people kept. In memory; after a restart
 * the service puts back what the `quiet` records in InfluxDB say is still waiting (openQuietHolds below).
 */

export interface DueQuietDigest {
  personId: string;
  alerts: Alert[];
  /** Held beyond MAX_PER_PERSON and still open when held: counted only. */
  more: number;
  /** When the first of them was held (the span the digest covers starts there). */
  since: number;
}

export interface QuietHolds {
  /** Keeps `alert` for the person until `until` (the end of their quiet hours); a newer copy (newerCopy) replaces an older one. */
  hold(personId: string, alert: Alert, until: number, now: number): void;
  /**
   * A version of an alert (acknowledged, resolved, escalated): kept copies follow it if it is the newer copy (newerCopy), so
   * an acknowledgement made on the copy from before a worsening, refused by the ingest, does not show in the digest.
   */
  update(alert: Alert): void;
  /** The person is messaged about this alert now (it turned critical): their digest does not repeat it. */
  release(personId: string, alertId: string): void;
  /** Digests whose quiet hours ended by `now`, with the alerts still open; empty ones are dropped. */
  tick(now: number): DueQuietDigest[];
  size(): { people: number; alerts: number };
}

export const MAX_QUIET_PER_PERSON = 50;
const DEFAULT_MAX_PEOPLE = 20_000;

interface PersonHold {
  alerts: Map<string, Alert>;
  more: number;
  until: number;
  since: number;
}

export function createQuietHolds(options: { maxPerPerson?: number; maxPeople?: number } = {}): QuietHolds {
  const maxPerPerson = options.maxPerPerson ?? MAX_QUIET_PER_PERSON;
  const maxPeople = options.maxPeople ?? DEFAULT_MAX_PEOPLE;
  const people = new Map<string, PersonHold>();
  // alert id → people holding it, so an update touches only them.
  const holders = new Map<string, Set<string>>();
  let alerts = 0;

  function forget(personId: string, h: PersonHold): void {
    for (const id of h.alerts.keys()) {
      const set = holders.get(id);
      set?.delete(personId);
      if (set?.size === 0) holders.delete(id);
    }
    alerts -= h.alerts.size;
    people.delete(personId);
  }

  return {
    hold(personId, alert, until, now) {
      let h = people.get(personId);
      if (!h) {
        // Full: the oldest hold goes (its person gets no morning digest; the skip is on the alert anyway).
        if (people.size >= maxPeople) {
          const [oldest, oh] = people.entries().next().value as [string, PersonHold];
          forget(oldest, oh);
        }
        h = { alerts: new Map(), more: 0, until, since: now };
        people.set(personId, h);
      }
      h.until = until;
      const held = h.alerts.get(alert.id);
      if (held) return void (newerCopy(alert, held) && h.alerts.set(alert.id, alert));
      if (h.alerts.size >= maxPerPerson) return void h.more++;
      h.alerts.set(alert.id, alert);
      alerts++;
      let set = holders.get(alert.id);
      if (!set) holders.set(alert.id, (set = new Set()));
      set.add(personId);
    },
    update(alert) {
      for (const personId of holders.get(alert.id) ?? []) {
        const kept = people.get(personId)?.alerts;
        if (kept && newerCopy(alert, kept.get(alert.id))) kept.set(alert.id, alert);
      }
    },
    release(personId, alertId) {
      if (!people.get(personId)?.alerts.delete(alertId)) return;
      alerts--;
      const set = holders.get(alertId);
      set?.delete(personId);
      if (set?.size === 0) holders.delete(alertId);
    },
    tick(now) {
      const due: DueQuietDigest[] = [];
      for (const [personId, h] of people) {
        if (now < h.until) continue;
        const open = [...h.alerts.values()].filter(isOpen);
        forget(personId, h);
        // Only the counted ones left: whether they are still open is not known, so no digest of nothing.
        if (open.length > 0) due.push({ personId, alerts: open, more: h.more, since: h.since });
      }
      return due;
    },
    size: () => ({ people: people.size, alerts })
  };
}

/** A message held back by someone's quiet hours whose end is still to come (kept for the digest as live). */
export interface QuietHold {
  personId: string;
  alert: Alert;
  until: number;
  at: number;
}

/** Pure: `quiet` records whose quiet hours end after `now`, with the alert as it is now (latest by `updatedAt`), still open and not critical. */
export function openQuietHolds(events: readonly AlertEvent[], records: readonly DeliveryRecord[], now: number): QuietHold[] {
  const latest = foldAlertEvents(events);
  const holds: QuietHold[] = [];
  for (const r of records) {
    if (r.status !== 'quiet' || r.until === undefined || r.until <= now) continue;
    const alert = latest.get(r.alertIds[0]);
    // Turned critical since: the person was messaged about it then (critical ignores quiet hours).
    if (alert && isOpen(alert) && alert.severity !== 'critical') holds.push({ personId: r.personId, alert, until: r.until, at: r.at });
  }
  return holds.sort((a, b) => a.at - b.at);
}
