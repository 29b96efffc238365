import { SEVERITY_RANK, isMergedAway, type Alert, type AlertEvent, type AlertEventType } from '../../../src/lib/core/alert';
import type { DeliveryReason, Directory, Person, QuietHours, Subscription } from '../../../src/lib/core/people';
import type { EscalationStep } from './escalation';
import { onCall, teamsFor } from '../../../src/lib/notify/rota';
import { WITA_OFFSET_MS } from '../../../src/lib/core/wita';

/**
 * Who hears about an alert event: the people whose subscriptions match it (quiet hours hold back
 * everything but critical), and for a critical emergency the on-call primary of every team covering
 * it. Pure: one Directory snapshot and a clock in, recipients out. A person reached for two reasons
 * gets one message, under the stronger reason (being on call outranks a subscription).
 */

export interface Recipient {
  person: Person;
  reason: DeliveryReason;
  teamId?: string;
}

/** Events that are news to people; the rest (comments, steps, assignments, updates) stay in the console. */
export const MESSAGE_EVENTS: ReadonlySet<AlertEventType> = new Set<AlertEventType>(['raised', 'escalated', 'resolved']);

/**
 * Whether the event is a message to anyone: a MESSAGE_EVENTS type, but not the close of an alert merged into another
 * (`mergedInto`: the condition goes on there, so a "Selesai" would be a false all-clear; its chain stops all the same).
 */
export function isMessage(event: AlertEvent): boolean {
  return MESSAGE_EVENTS.has(event.type) && !isMergedAway(event.alert);
}

const DAY_MIN = 1_440;

export function witaMinuteOfDay(at: number): number {
  return Math.floor((((at + WITA_OFFSET_MS) % 86_400_000) + 86_400_000) % 86_400_000 / 60_000) % DAY_MIN;
}

/** Inside [start, end) in WITA minutes; start > end spans midnight; start = end means no quiet time. */
export function inQuietHours(quiet: QuietHours | undefined, at: number): boolean {
  if (!quiet || quiet.startMin === quiet.endMin) return false;
  const m = witaMinuteOfDay(at);
  return quiet.startMin < quiet.endMin ? m >= quiet.startMin && m < quiet.endMin : m >= quiet.startMin || m < quiet.endMin;
}

/** The next end of the quiet hours after `at` (epoch ms, on a WITA minute); `at` itself when not quiet then. */
export function quietEnd(quiet: QuietHours | undefined, at: number): number {
  if (!quiet || !inQuietHours(quiet, at)) return at;
  const minutes = (quiet.endMin - witaMinuteOfDay(at) + DAY_MIN) % DAY_MIN || DAY_MIN;
  return at - (at % 60_000) + minutes * 60_000;
}

export function matchesSubscription(s: Subscription, alert: Pick<Alert, 'district' | 'kind' | 'category' | 'severity'>): boolean {
  return (
    (s.districts.length === 0 || s.districts.includes(alert.district)) &&
    (s.kinds.length === 0 || s.kinds.includes(alert.kind)) &&
    (s.categories.length === 0 || s.categories.includes(alert.category)) &&
    SEVERITY_RANK[alert.severity] >= SEVERITY_RANK[s.minSeverity]
  );
}

/** Critical emergencies page the on-call people and run the escalation chain. */
export function isPaging(alert: Pick<Alert, 'severity' | 'category'>): boolean {
  return alert.severity === 'critical' && alert.category === 'emergency';
}

/** A subscriber not messaged because of their quiet hours: recorded on the alert, kept for a digest at `until`. */
export interface Quieted {
  person: Person;
  until: number;
}

/** The subscribers recipientsFor leaves out for their quiet hours (never a critical alert, never an on-call page). */
export function quietedFor(directory: Directory, event: AlertEvent, at: number): Quieted[] {
  if (!isMessage(event) || event.alert.severity === 'critical') return [];
  const out: Quieted[] = [];
  for (const person of directory.people) {
    if (!person.active || !inQuietHours(person.quietHours, at)) continue;
    if (person.subscriptions.some((s) => matchesSubscription(s, event.alert))) out.push({ person, until: quietEnd(person.quietHours, at) });
  }
  return out;
}

/** Who holds each team's role of these escalation steps now (the rota may have changed since the step went out). */
export function stepHolders(directory: Directory, steps: readonly { teamId: string; step: EscalationStep }[], at: number): Recipient[] {
  return steps.flatMap(({ teamId, step }) => {
    const person = onCall(directory, teamId, at)[step];
    return person ? [{ person, reason: step, teamId }] : [];
  });
}

/**
 * On-call primaries first, then subscribers (a primary who also subscribes hears it once, as on call). The order is
 * the order of sending: with hundreds of subscribers, the page must not wait behind their copies.
 */
export function recipientsFor(directory: Directory, event: AlertEvent, at: number): Recipient[] {
  if (!isMessage(event)) return [];
  const alert = event.alert;
  const byPerson = new Map<string, Recipient>();
  // Paging is for a new emergency (or one that became critical), not for its resolution.
  if (isPaging(alert) && event.type !== 'resolved') {
    for (const team of teamsFor(directory, alert)) {
      const primary = onCall(directory, team.id, at).primary;
      if (primary && !byPerson.has(primary.id)) byPerson.set(primary.id, { person: primary, reason: 'oncall', teamId: team.id });
    }
  }
  for (const person of directory.people) {
    if (!person.active || byPerson.has(person.id)) continue;
    if (!person.subscriptions.some((s) => matchesSubscription(s, alert))) continue;
    if (alert.severity !== 'critical' && inQuietHours(person.quietHours, at)) continue;
    byPerson.set(person.id, { person, reason: 'subscription' });
  }
  return [...byPerson.values()];
}

/** A critical emergency that opens paging but that no team covers (its kind and district): nobody is paged for it. */
export function uncoveredEmergency(directory: Directory, event: AlertEvent): boolean {
  return isPaging(event.alert) && (event.type === 'raised' || event.type === 'escalated') && teamsFor(directory, event.alert).length === 0;
}
