/**
 * Write-ahead journal on local disk: what the ingest accepted, as line-protocol lines, before the
 * broker gets its PUBACK. Lines are appended to numbered segment files with one synchronous write
 * per call, so a SIGKILL cannot lose what the kernel already has; surviving a power loss needs
 * `fsync` (INGEST_WAL_FSYNC=1), which costs a disk flush per append.
 *
 * A reader ships lines in order from a cursor (segment, byte offset); `commit(cursor)` records the
 * checkpoint after InfluxDB confirmed everything before it and deletes fully shipped segments.
 * Opening the dir again (after a crash or a restart) resumes from the checkpoint: lines after it are
 * read again, which is safe because InfluxDB overwrites a point with the same series and time.
 */
import { closeSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { PantauError } from '../../src/lib/core/errors';
import { CHECKPOINT_FILE, listSegments, readCheckpoint, segmentName, takeLock } from './journal-dir';
import { compareCursor, type AppendedRange, type Cursor, type Journal, type JournalChunk, type JournalOptions, type JournalStats } from './journal-types';

export { segmentName };

export type { AppendedRange, Cursor, Journal, JournalChunk, JournalOptions, JournalStats } from './journal-types';
export { compareCursor } from './journal-types';

const NEWLINE = 0x0a;

export function openJournal(opts: JournalOptions): Journal {
  try {
    mkdirSync(opts.dir, { recursive: true });
  } catch (cause) {
    throw new PantauError('WAL_DIR', `cannot create the journal dir ${opts.dir}`, { cause });
  }
  const unlock = takeLock(opts.dir);
  const sizes = new Map<number, number>();
  for (const seq of listSegments(opts.dir)) sizes.set(seq, statSync(path.join(opts.dir, segmentName(seq))).size);
  const existing = [...sizes.keys()];
  // Always write to a fresh segment: an old one may end in a partial line from a crash.
  let active = (existing.at(-1) ?? 0) + 1;
  let checkpoint = readCheckpoint(opts.dir, existing[0] ?? active);
  let fd = openSync(path.join(opts.dir, segmentName(active)), 'a');
  sizes.set(active, 0);
  let appendedLines = 0;
  let skippedTails = 0;
  // Kept up to date by append and segment deletion, so the per-message bound check needs no walk.
  let diskBytes = [...sizes.values()].reduce((a, b) => a + b, 0);
  let lineBytes = 256;
  // The active segment ends in part of a failed write that could not be cut off: the next append starts a new one.
  let torn = false;
  const file = (seq: number) => path.join(opts.dir, segmentName(seq));

  function rotate(): void {
    // The next segment is opened before this one is closed: a failed open leaves a writable fd and true sizes.
    const next = openSync(file(active + 1), 'a');
    const old = fd;
    fd = next;
    active += 1;
    sizes.set(active, 0);
    torn = false;
    closeSync(old);
  }

  /**
   * A segment never grows past segmentMaxBytes (a line longer than that gets a segment of its own):
   * an append larger than the room left is split at line ends over as many segments as it needs.
   * The fast path (it fits) encodes and writes the whole append at once.
   */
  function append(lines: readonly string[]): AppendedRange {
    const text = lines.join('\n');
    if (lines.length === 0) {
      const offset = sizes.get(active) ?? 0;
      return { start: { segment: active, offset }, end: { segment: active, offset }, text, count: 0 };
    }
    if (torn) rotate();
    // Encoded straight into a buffer one byte longer for the newline (text + '\n' would copy the text once more).
    const size = Buffer.byteLength(text, 'utf8');
    const used = sizes.get(active) ?? 0;
    if (used + size + 1 > opts.segmentMaxBytes) {
      if (size + 1 > opts.segmentMaxBytes && lines.length > 1) return appendSplit(lines, text);
      // Fits in a segment of its own: one write there, the rest of this one stays unused.
      if (used > 0) rotate();
    }
    const start = { segment: active, offset: sizes.get(active) ?? 0 };
    const buf = Buffer.allocUnsafe(size + 1);
    buf.write(text, 0, 'utf8');
    buf[size] = NEWLINE;
    const end = writePiece(buf);
    appendedLines += lines.length;
    return { start, end, text, count: lines.length };
  }

  /** Writes lines segment by segment, each piece up to the active segment's room. */
  function appendSplit(lines: readonly string[], text: string): AppendedRange {
    let start: Cursor | null = null;
    let end: Cursor = { segment: active, offset: sizes.get(active) ?? 0 };
    let piece: Buffer[] = [];
    let pieceBytes = 0;
    const flush = () => {
      if (pieceBytes === 0) return;
      end = writePiece(Buffer.concat(piece, pieceBytes));
      piece = [];
      pieceBytes = 0;
    };
    for (const line of lines) {
      const buf = Buffer.from(line + '\n', 'utf8');
      const used = (sizes.get(active) ?? 0) + pieceBytes;
      if (used > 0 && used + buf.length > opts.segmentMaxBytes) {
        flush();
        rotate();
      }
      start ??= { segment: active, offset: sizes.get(active) ?? 0 };
      piece.push(buf);
      pieceBytes += buf.length;
    }
    flush();
    appendedLines += lines.length;
    return { start: start ?? end, end, text, count: lines.length };
  }

  /** One synchronous write (and fsync if asked) at the end of the active segment; returns the new end. */
  function writePiece(buf: Buffer): Cursor {
    const offset = sizes.get(active) ?? 0;
    let written = 0;
    try {
      while (written < buf.length) written += writeSync(fd, buf, written, buf.length - written);
      if (opts.fsync) fsyncSync(fd);
    } catch (err) {
      discardFailedWrite(offset, written);
      throw err;
    }
    sizes.set(active, offset + buf.length);
    diskBytes += buf.length;
    return { segment: active, offset: offset + buf.length };
  }

  /**
   * A disk-full write can leave part of its bytes in the segment, and the caller appends the same lines
   * again later: uncut, that fragment would sit between counted lines, every later offset would be short
   * and a read would join it to a line. Cut back to where the write began; if even that fails, count the
   * segment's true size (its tail is then a partial line, skipped like a crash's) and leave it.
   */
  function discardFailedWrite(offset: number, written: number): void {
    try {
      ftruncateSync(fd, offset);
      return;
    } catch {
      // below: keep the fragment, but never write after it
    }
    let size = offset + written;
    try {
      size = fstatSync(fd).size;
    } catch {
      // the bytes the writes reported are the best estimate left
    }
    sizes.set(active, size);
    diskBytes += size - offset;
    torn = true;
    try {
      rotate();
    } catch {
      // the next append tries again (torn stays set)
    }
  }

  /** Moves a cursor at the end of a closed segment (or in a deleted one) to the next segment. */
  function normalise(c: Cursor): Cursor {
    let cur = c;
    while (cur.segment < active && cur.offset >= (sizes.get(cur.segment) ?? 0)) {
      const nextSeq = [...sizes.keys()].filter((s) => s > cur.segment).sort((a, b) => a - b)[0] ?? active;
      cur = { segment: nextSeq, offset: 0 };
    }
    return cur;
  }

  function read(from: Cursor, maxLines: number, maxBytes: number): JournalChunk {
    const cur = normalise(from);
    const size = sizes.get(cur.segment) ?? 0;
    const available = Math.min(maxBytes, size - cur.offset);
    if (available <= 0) return { text: '', count: 0, bytes: 0, next: cur };
    // Read about what maxLines need (from the line lengths seen so far), not maxBytes every time;
    // only a line longer than that estimate costs a second, full-size read.
    const estimate = Math.min(available, Math.ceil(maxLines * lineBytes * 1.25) + 4096);
    return readLines(cur, estimate, maxLines) ?? (estimate < available ? readLines(cur, available, maxLines) : null) ?? readPartial(cur, available, size);
  }

  /** Complete lines within `want` bytes from `cur`; null when there is not one. */
  function readLines(cur: Cursor, want: number, maxLines: number): JournalChunk | null {
    const buf = Buffer.allocUnsafe(want);
    const rfd = openSync(file(cur.segment), 'r');
    let got = 0;
    try {
      while (got < want) {
        const n = readSync(rfd, buf, got, want - got, cur.offset + got);
        if (n === 0) break;
        got += n;
      }
    } finally {
      closeSync(rfd);
    }
    // Find where the last wanted line ends (native indexOf), then decode once: the text goes to
    // InfluxDB as one body, never split into lines.
    let end = 0;
    let count = 0;
    for (; count < maxLines; count++) {
      const nl = buf.indexOf(NEWLINE, end);
      if (nl < 0 || nl >= got) break;
      end = nl + 1;
    }
    if (end === 0) return null;
    lineBytes = Math.max(16, end / count);
    return { text: buf.toString('utf8', 0, end - 1), count, bytes: end, next: { segment: cur.segment, offset: cur.offset + end } };
  }

  /** No complete line in what was read: a line longer than maxBytes, or a crash's partial tail. */
  function readPartial(cur: Cursor, read: number, size: number): JournalChunk {
    if ((cur.segment < active || torn) && cur.offset + read >= size) {
      skippedTails += 1;
      return { text: '', count: 0, bytes: read, next: normalise({ segment: cur.segment, offset: size }) };
    }
    throw new PantauError('WAL_LINE_TOO_LONG', `journal line at ${segmentName(cur.segment)}:${cur.offset} is longer than the read limit`);
  }

  let savedAt = 0;
  let savedSegment = checkpoint.segment;

  function commit(to: Cursor): void {
    checkpoint = normalise(to);
    const now = Date.now();
    // A new segment reached means shipped segments can go: save now so they are deleted.
    if (checkpoint.segment === savedSegment && now - savedAt < (opts.checkpointEveryMs ?? 0)) return;
    savedAt = now;
    savedSegment = checkpoint.segment;
    saveCheckpoint();
  }

  function saveCheckpoint(): void {
    const tmp = path.join(opts.dir, CHECKPOINT_FILE + '.tmp');
    writeFileSync(tmp, JSON.stringify(checkpoint));
    if (opts.fsync) {
      const cfd = openSync(tmp, 'r');
      fsyncSync(cfd);
      closeSync(cfd);
    }
    renameSync(tmp, path.join(opts.dir, CHECKPOINT_FILE));
    for (const seq of [...sizes.keys()]) {
      if (seq >= checkpoint.segment || seq === active) continue;
      unlinkSync(file(seq));
      diskBytes -= sizes.get(seq) ?? 0;
      sizes.delete(seq);
    }
  }

  function trim(): void {
    const size = sizes.get(active) ?? 0;
    if (size === 0 || compareCursor(checkpoint, { segment: active, offset: size }) < 0) return;
    rotate();
    checkpoint = { segment: active, offset: 0 };
    savedAt = Date.now();
    savedSegment = active;
    saveCheckpoint();
  }

  function stats(): JournalStats {
    let pendingBytes = 0;
    for (const [seq, size] of sizes) {
      if (seq > checkpoint.segment) pendingBytes += size;
      else if (seq === checkpoint.segment) pendingBytes += Math.max(0, size - checkpoint.offset);
    }
    return { diskBytes, pendingBytes, segments: sizes.size, appendedLines, skippedTails };
  }

  return {
    append,
    read,
    committed: () => checkpoint,
    commit,
    stats,
    diskBytes: () => diskBytes,
    trim,
    close() {
      saveCheckpoint();
      closeSync(fd);
      unlock();
    }
  };
}
