import type { Cursor } from '../../durable/journal';
import type { DeliveryJournal } from '../journal';

/**
 * Alert events for people, on the notifier's durable journal: appended before the broker gets its
 * PUBACK, committed once every message the event caused is delivered, given up or sent in a digest.
 * Events finish out of order (a digest finishes a minute later), the journal's checkpoint only moves
 * forward: it moves to the end of the oldest run of finished events. After a crash the events past the
 * checkpoint are routed again, so a person may get a message twice, never none.
 */
export interface EventJournal {
  /** The events not yet finished last time, oldest first; call once, before append(). */
  replay(): { body: string; finish: () => void }[];
  /** Appends one event; call the returned finish() once its messages are done. */
  append(body: string): () => void;
  /** Events appended and not yet finished. */
  pending(): number;
  close(): void;
}

export function createEventJournal(journal: DeliveryJournal | null): EventJournal {
  // Appended order; `done` marks finished ones; the checkpoint follows the finished prefix.
  const order: { next: Cursor; done: boolean }[] = [];

  function tracker(next: Cursor): () => void {
    const entry = { next, done: false };
    order.push(entry);
    return () => {
      if (entry.done) return;
      entry.done = true;
      let last: Cursor | undefined;
      while (order.length > 0 && order[0].done) last = order.shift()?.next;
      if (last && journal) journal.commit(last);
    };
  }

  let inMemory = 0;
  return {
    replay() {
      if (!journal) return [];
      return journal.replay().map((r) => ({ body: r.body, finish: tracker(r.next) }));
    },
    append(body) {
      if (!journal) {
        inMemory++;
        let finished = false;
        return () => {
          if (!finished) (finished = true), inMemory--;
        };
      }
      return tracker(journal.append(body));
    },
    pending: () => (journal ? order.filter((e) => !e.done).length : inMemory),
    close: () => journal?.close()
  };
}
