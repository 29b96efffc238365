import { compareCursor, type AppendedRange, type Cursor } from './journal';

/** What one write request carries: texts joined by '\n' make the body. */
export interface ShipBatch {
  texts: string[];
  count: number;
  /** The cursor after the batch, to commit once InfluxDB confirmed it. */
  next: Cursor;
}

/**
 * The journal's newest appends, kept in memory so the sink ships them without reading back,
 * decoding and re-joining what it wrote a moment ago. The disk stays the source of truth: a batch
 * comes from here only when the journal's checkpoint is exactly where the first kept range starts
 * (so replays, backlogs beyond the bound and segment changes read the disk). Bounded in characters.
 */
export function createRecentRanges(maxChars: number) {
  let ranges: AppendedRange[] = [];
  let head = 0;
  let chars = 0;

  function add(r: AppendedRange): void {
    if (r.count === 0) return;
    const last = ranges.length > head ? ranges[ranges.length - 1] : null;
    // Only a contiguous run is useful; when full, the disk serves the rest.
    if (last && compareCursor(last.end, r.start) !== 0) return;
    if (chars + r.text.length > maxChars) return;
    ranges.push(r);
    chars += r.text.length;
  }

  /** Forgets ranges that end at or before the checkpoint (shipped, possibly from disk). */
  function dropBefore(c: Cursor): void {
    while (head < ranges.length && compareCursor(ranges[head].end, c) <= 0) chars -= ranges[head++].text.length;
    if (head === ranges.length) {
      ranges = [];
      head = 0;
      chars = 0;
    }
  }

  /** Consecutive ranges from `from` up to about maxLines (at least one); null when `from` is not where they start. */
  function take(from: Cursor, maxLines: number): ShipBatch | null {
    dropBefore(from);
    if (head === ranges.length || compareCursor(ranges[head].start, from) !== 0) return null;
    const texts: string[] = [];
    let count = 0;
    let next = from;
    for (let i = head; i < ranges.length && (count === 0 || count + ranges[i].count <= maxLines); i++) {
      texts.push(ranges[i].text);
      count += ranges[i].count;
      next = ranges[i].end;
    }
    return { texts, count, next };
  }

  return { add, take, dropBefore, size: () => ranges.length - head };
}
