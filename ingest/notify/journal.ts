import { createHash } from 'node:crypto';
import path from 'node:path';
import { PantauError } from '../../src/lib/core/errors';
import { compareCursor, openJournal, type Cursor, type Journal } from '../durable/journal';

/**
 * Makes queued deliveries survive a notifier crash: each event a webhook wants is appended (one JSON line)
 * before the broker gets its PUBACK, and the checkpoint moves past it once it is delivered or given up.
 * At start the lines after the checkpoint are queued again, so a receiver may see an event twice
 * (it deduplicates by X-Pantau-Event-Id). Built on the ingest's write-ahead journal.
 */
export interface DeliveryJournal {
  /** Appends one event; returns the position just after it (what commit() takes once it is finished). */
  append(body: string): Cursor;
  /** The events not yet committed, oldest first, each with the position after it. */
  replay(): { body: string; next: Cursor }[];
  /** Everything before `to` is finished; never moves back. */
  commit(to: Cursor): void;
  close(): void;
}

const SEGMENT_MAX_BYTES = 4 * 1024 * 1024;
/** An AlertEvent line is a few kB; anything longer than this is not one of ours. */
const MAX_LINE_BYTES = 1024 * 1024;
/** Replay at most this many (the queue bound applies after that anyway). */
const MAX_REPLAY = 100_000;

/** One journal dir per webhook, named by a hash of its URL (no secrets or odd characters in paths). */
export function journalDirFor(baseDir: string, webhookUrl: string): string {
  return path.join(baseDir, createHash('sha256').update(webhookUrl).digest('hex').slice(0, 16));
}

export function openDeliveryJournal(dir: string, fsync = false): DeliveryJournal {
  const journal: Journal = openJournal({ dir, segmentMaxBytes: SEGMENT_MAX_BYTES, fsync });
  let tail = journal.committed();
  let committed = tail;
  let replayed = false;

  function readOne(from: Cursor): { body: string; next: Cursor } | undefined {
    const chunk = journal.read(from, 1, MAX_LINE_BYTES);
    if (chunk.count === 0) return compareCursor(chunk.next, from) > 0 ? { body: '', next: chunk.next } : undefined;
    return { body: chunk.text, next: chunk.next };
  }

  return {
    append(body) {
      if (!replayed) throw new PantauError('NOTIFY_JOURNAL_ORDER', 'replay() must run before the first append()');
      journal.append([body]);
      // Read our own line back to learn where it ends (segments roll over; the journal knows where).
      for (let r = readOne(tail); r; r = readOne(tail)) tail = r.next;
      return tail;
    },
    replay() {
      replayed = true;
      const out: { body: string; next: Cursor }[] = [];
      for (let r = readOne(tail); r && out.length < MAX_REPLAY; r = readOne(tail)) {
        tail = r.next;
        if (r.body) out.push(r);
      }
      return out;
    },
    commit(to) {
      if (compareCursor(to, committed) <= 0) return;
      committed = to;
      journal.commit(to);
    },
    close: () => journal.close()
  };
}
