import { SEVERITY_RANK, type Alert, type AlertEvent } from '../../../src/lib/core/alert';
import { alertVersion } from '../../../src/lib/core/alert-lifecycle';

/**
 * Whether an alert event is news, to the alert and to each person. The ingest escalates an alert left unacknowledged
 * (10 minutes for a critical one) with an `escalated` event that changes neither its severity (a critical alert stays
 * critical) nor its version: routed as news, the primary and every subscriber heard the same alert a second time,
 * beside the backup's page. An `escalated` is news when it raises the severity (a warning made critical by time) or
 * the version (a worsening) past what was told; one for an alert not heard of here is news too.
 *
 * Per person, not per alert: someone who holds the primary's shift since the alert was raised, or subscribed since,
 * was told nothing, and hears the reminder (an emergency never missed); someone told of the alert at this severity and
 * version does not hear it again (no duplicate page). Someone told counts as told whatever came of the message (as
 * routing is live: a page that failed is the sender's to retry, or the next step's). After a restart what people were
 * told is read back from the delivery records (told-restore.ts, restore()). Only people's messages hang on this: the
 * escalation chain's own steps go on as before (dispatcher.ts); `news` (the alert's) decides whether a new round may open.
 */

export interface Told {
  rank: number;
  version: number;
}

export interface NewsFilter {
  /** Whether `event` is news in itself (raises what anyone was told of its alert); notes the alert's level. */
  news(event: AlertEvent): boolean;
  /** Whether `event` is news to this person: never told of its alert, or told less than it says. Notes nothing. */
  newsTo(event: AlertEvent, personId: string): boolean;
  /** The person was told of `alert` as this copy is (a message routed to them, a page, a hold for their digest). */
  tell(alert: Alert, personId: string): void;
  /** Told before a restart (read back): at least `level`; for the alert itself when `personId` is null. */
  restore(alertId: string, personId: string | null, level: Told): void;
}

interface Entry {
  level: Told;
  people: Map<string, Told>;
}

export const levelOf = (alert: Alert): Told => ({ rank: SEVERITY_RANK[alert.severity], version: alertVersion(alert) });
const higher = (a: Told | undefined, b: Told): Told => (a ? { rank: Math.max(a.rank, b.rank), version: Math.max(a.version, b.version) } : b);
/** `now` tells more than `before`: a severity or a version past it. */
const raises = (now: Told, before: Told | undefined): boolean => !before || now.rank > before.rank || now.version > before.version;

/**
 * `max`: alerts remembered; `maxPeople`: people remembered across them (a storm's subscribers: 250 for each of 1,000
 * alerts; about 100 bytes each, 25 MB measured); the least recently heard alert forgotten first (then its next `escalated` is news
 * again: a duplicate, never a miss).
 */
export function createNewsFilter(max = 100_000, maxPeople = 250_000): NewsFilter {
  const told = new Map<string, Entry>();
  let people = 0;
  const forget = (id: string) => {
    people -= told.get(id)?.people.size ?? 0;
    told.delete(id);
  };
  // The oldest alerts out first; the one just heard (the newest) stays.
  const trim = () => {
    while (told.size > max || (people > maxPeople && told.size > 1)) forget(told.keys().next().value as string);
  };
  const entry = (id: string): Entry => {
    const e = told.get(id) ?? { level: { rank: -Infinity, version: -Infinity }, people: new Map() };
    told.delete(id);
    told.set(id, e);
    trim();
    return e;
  };
  const note = (id: string, personId: string, level: Told) => {
    const e = entry(id);
    if (!e.people.has(personId)) people++;
    e.people.set(personId, higher(e.people.get(personId), level));
    e.level = higher(e.level, level);
    trim();
  };
  return {
    news(event) {
      const { id } = event.alert;
      if (event.type === 'resolved') return forget(id), true;
      if (event.type !== 'raised' && event.type !== 'escalated') return true;
      const now = levelOf(event.alert);
      const before = told.get(id)?.level;
      // The most people were told: a severity that fell back (an update) and rises again by time is not news.
      entry(id).level = higher(before, now);
      return event.type === 'raised' || raises(now, before);
    },
    newsTo(event, personId) {
      if (event.type !== 'escalated') return true;
      return raises(levelOf(event.alert), told.get(event.alert.id)?.people.get(personId));
    },
    tell: (alert, personId) => note(alert.id, personId, levelOf(alert)),
    restore(alertId, personId, level) {
      if (personId === null) entry(alertId).level = higher(told.get(alertId)?.level, level);
      else note(alertId, personId, level);
    }
  };
}
