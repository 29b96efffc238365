/** The journal's public shapes (see journal.ts): options, cursors, what append and read return. */

export interface JournalOptions {
  dir: string;
  /** No segment grows beyond this (a single longer line gets a segment of its own). */
  segmentMaxBytes: number;
  /** fsync after every append and checkpoint (power-loss safety at a cost per message). */
  fsync: boolean;
  /**
   * Writes the checkpoint file at most this often (and on close and on leaving a segment); 0 = on
   * every commit. A crash then replays up to this much already-stored data, which InfluxDB
   * overwrites: a file write and rename per shipped batch cost ~10 % of the ingest's CPU.
   */
  checkpointEveryMs?: number;
}

/** A position in the journal: the next unread byte. */
export interface Cursor {
  segment: number;
  offset: number;
}

export interface JournalChunk {
  /** Complete lines joined by '\n' (no trailing newline): the body of one line-protocol write as is. */
  text: string;
  /** Lines in text. */
  count: number;
  bytes: number;
  /** Where the next read starts; pass it to commit() once these lines are stored. */
  next: Cursor;
}

/**
 * Where an append landed: its lines are exactly the bytes from start to end. An append larger than a
 * segment's room spans segments: then "from start to end" is the rest of start's segment, the
 * segments between, and end's segment up to end (what read() returns from start, chunk by chunk).
 */
export interface AppendedRange {
  start: Cursor;
  end: Cursor;
  /** The lines joined by '\n', as read() would return them. */
  text: string;
  count: number;
}

export interface JournalStats {
  /** Bytes in all segment files on disk, shipped or not (the disk bound applies to this). */
  diskBytes: number;
  /** Bytes appended but not yet committed. */
  pendingBytes: number;
  segments: number;
  appendedLines: number;
  /** Partial lines found at the end of a closed segment (a crash mid-write) and skipped. */
  skippedTails: number;
}

export interface Journal {
  /** Appends lines (no newlines inside); synchronous: returns once the kernel holds them. Splits over segments at line ends. */
  append(lines: readonly string[]): AppendedRange;
  /** Up to maxLines complete lines / about maxBytes from `from` (the committed cursor by default). */
  read(from: Cursor, maxLines: number, maxBytes: number): JournalChunk;
  /** The checkpoint: everything before it is stored. */
  committed(): Cursor;
  commit(to: Cursor): void;
  stats(): JournalStats;
  /** Bytes of all segment files (stats().diskBytes without the walk): asked once per message. */
  diskBytes(): number;
  /**
   * When everything is committed, closes the active segment and deletes it: its shipped bytes still
   * count on disk, and with a disk bound near a segment's size they would keep the journal "full".
   */
  trim(): void;
  close(): void;
}

export function compareCursor(a: Cursor, b: Cursor): number {
  return a.segment - b.segment || a.offset - b.offset;
}
