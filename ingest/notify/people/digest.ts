/**
 * Storm control per person: more than `maxPerWindow` messages within a sliding window (a minute) and
 * the non-critical ones are held, then sent as one digest when the window that held the first of them
 * ends. A critical message is never held and never waits: it is sent at once (and counts toward the
 * window, so the quieter ones behind it wait). Driven by tick(now), no timers inside; bounded per
 * person (held items) and in people tracked.
 */

export interface DigestItem<T> {
  at: number;
  item: T;
}

export interface DueDigest<T> {
  personId: string;
  items: T[];
  /** Held beyond MAX_HELD_PER_PERSON: counted, named in the digest as "and N more". */
  more: number;
}

export interface DigestStats {
  held: number;
  digests: number;
  /** Critical messages offered: always passed straight through. */
  criticalPassed: number;
}

export interface Digests<T> {
  /**
   * 'send' now, 'held' for the digest, or 'counted': beyond MAX_HELD_PER_PERSON the item is not kept,
   * only counted in the digest ("and N more"), so the caller closes its books for it now.
   */
  offer(personId: string, critical: boolean, item: T, now: number): 'send' | 'held' | 'counted';
  /**
   * A held item matching `same` (the same alert, a newer event) replaced in place by `item`; returns the one replaced,
   * or undefined when none was held (then offer() it). A digest lists each alert once, as it is now.
   */
  replace(personId: string, same: (held: T) => boolean, item: T): T | undefined;
  /** Takes a held item out (its alert was resolved unheard, or a direct message about it went out); returns it. */
  take(personId: string, same: (held: T) => boolean): T | undefined;
  /** Digests whose window has ended; each is counted as one message sent at `now`. */
  tick(now: number): DueDigest<T>[];
  stats(): DigestStats;
  /** People with state (bounded by maxPeople). */
  size(): number;
}

export const DEFAULT_DIGEST = { maxPerWindow: 3, windowMs: 60_000 };
const MAX_HELD_PER_PERSON = 50;
const DEFAULT_MAX_PEOPLE = 100_000;

interface PersonWindow<T> {
  /** Send times inside the window, oldest first (at most maxPerWindow + criticals kept). */
  sent: number[];
  held: T[];
  more: number;
  flushAt: number;
}

export function createDigests<T>(options: { maxPerWindow?: number; windowMs?: number; maxPeople?: number } = {}): Digests<T> {
  const maxPerWindow = options.maxPerWindow ?? DEFAULT_DIGEST.maxPerWindow;
  const windowMs = options.windowMs ?? DEFAULT_DIGEST.windowMs;
  const maxPeople = options.maxPeople ?? DEFAULT_MAX_PEOPLE;
  const people = new Map<string, PersonWindow<T>>();
  const stats: DigestStats = { held: 0, digests: 0, criticalPassed: 0 };

  function windowOf(personId: string, now: number): PersonWindow<T> {
    let w = people.get(personId);
    if (!w) {
      // Full: forget the person whose window is quietest (the oldest entry) unless it holds messages.
      if (people.size >= maxPeople) {
        for (const [id, other] of people) if (other.held.length === 0) { people.delete(id); break; }
      }
      w = { sent: [], held: [], more: 0, flushAt: 0 };
      people.set(personId, w);
    }
    while (w.sent.length > 0 && w.sent[0] <= now - windowMs) w.sent.shift();
    return w;
  }

  return {
    offer(personId, critical, item, now) {
      const w = windowOf(personId, now);
      if (critical) {
        stats.criticalPassed++;
        w.sent.push(now);
        if (w.sent.length > maxPerWindow * 4) w.sent.shift();
        return 'send';
      }
      if (w.held.length === 0 && w.more === 0 && w.sent.length < maxPerWindow) {
        w.sent.push(now);
        return 'send';
      }
      if (w.held.length === 0 && w.more === 0) w.flushAt = now + windowMs;
      stats.held++;
      if (w.held.length < MAX_HELD_PER_PERSON) {
        w.held.push(item);
        return 'held';
      }
      w.more++;
      return 'counted';
    },
    replace(personId, same, item) {
      const held = people.get(personId)?.held;
      const i = held ? held.findIndex(same) : -1;
      if (!held || i < 0) return undefined;
      const old = held[i];
      held[i] = item;
      return old;
    },
    take(personId, same) {
      const held = people.get(personId)?.held;
      const i = held ? held.findIndex(same) : -1;
      return held && i >= 0 ? held.splice(i, 1)[0] : undefined;
    },
    tick(now) {
      const due: DueDigest<T>[] = [];
      for (const [personId, w] of people) {
        if ((w.held.length > 0 || w.more > 0) && now >= w.flushAt) {
          due.push({ personId, items: w.held, more: w.more });
          w.held = [];
          w.more = 0;
          w.sent.push(now);
          stats.digests++;
        }
        while (w.sent.length > 0 && w.sent[0] <= now - windowMs) w.sent.shift();
        if (w.sent.length === 0 && w.held.length === 0) people.delete(personId);
      }
      return due;
    },
    stats: () => ({ ...stats }),
    size: () => people.size
  };
}
