/**
 * Once full by size, the journal has room again only after it drained to half its high-water mark (a gap of
 * at most MAX_LOW_WATER_GAP_BYTES). Without a gap a stream at the bound flipped full/room each time a
 * shipped segment was deleted (faults-influx: ~90 edges in 1.5 s at a 64 KiB bound of 8 KiB
 * segments, each a wake of the waiting handler and a burst of PUBACKs). The disk shrinks only by
 * whole segments, so the gap must span several of them to matter; half the bound lets the broker in
 * for half a journal at a time. The cap keeps a large journal (1 GiB) from making the broker hold
 * an extra half of it, as its queue is bounded too (max_queued_messages); there segments are 64 MiB
 * anyway, each deletion far more than the gap. The disk bound is untouched: the gap only delays
 * the return of room, it never lets more in.
 */
const LOW_WATER_SHARE = 1 / 2;
const MAX_LOW_WATER_GAP_BYTES = 4 * 1024 * 1024;
/** Least time between two edge lines in the log: edges meanwhile are counted, and the state they end in logged then. */
const LOG_EVERY_MS = 2000;

export function lowWaterMark(high: number): number {
  return high - Math.min(high * LOW_WATER_SHARE, MAX_LOW_WATER_GAP_BYTES);
}

export interface RoomOptions {
  /** Journal bytes (disk and staged) at which it is full. */
  high: number;
  /** Once full, the bytes it must be below to have room again (default lowWaterMark(high)). */
  low?: number;
  /** The configured bound, named in the log. */
  maxBytes: number;
  log(message: string): void;
  logEveryMs?: number;
  now?: () => number;
}

export interface Room {
  /** Room for another message, given the journal's bytes and whether lines are held back (not writable). */
  check(bytes: number, blocked: boolean): boolean;
  /** The answer of the last check. */
  isFull(): boolean;
  /** Logs an edge still waiting for its line (at shutdown the last state must not go unsaid). */
  close(): void;
}

/** The full/room state of the journal, with hysteresis, and its edges in the log (bounded). */
export function createRoom(o: RoomOptions): Room {
  const low = o.low ?? lowWaterMark(o.high);
  let full = false;
  // Whether the bytes made it full: only then does room wait for the low-water mark. Full because lines were
  // held back (the disk refused them), it has room again once they are in and the bytes are under the high mark:
  // else a disk hiccup at 60 % of the bound kept PUBACKs back until shipping took the journal under half of it,
  // for the rest of an InfluxDB outage.
  let overBytes = false;
  const edges = createEdgeLog({
    everyMs: o.logEveryMs ?? LOG_EVERY_MS,
    now: o.now ?? Date.now,
    log: o.log,
    line: (isFull, bytes, unlogged) => {
      const more = unlogged > 0 ? ` (${unlogged} more edges since the last line)` : '';
      return isFull
        ? `WAL_FULL: journal ${bytes} B ≥ ${o.maxBytes} B less its reserve, or not writable; withholding PUBACKs${more}`
        : `journal below its bound again (${bytes < low ? `${bytes} B < low-water mark ${low} B` : `${bytes} B < ${o.high} B, writable again`}); acknowledging the broker${more}`;
    }
  });
  return {
    check(bytes, blocked) {
      overBytes = bytes >= (overBytes ? low : o.high);
      const room = !blocked && !overBytes;
      if (room === full) edges.edge(!room, bytes);
      full = !room;
      return room;
    },
    isFull: () => full,
    close: edges.flush
  };
}

interface EdgeLog {
  edge(full: boolean, bytes: number): void;
  flush(): void;
}

/**
 * At most one line per everyMs: an edge sooner than that waits, and the line written when the time
 * is up tells the state the edges ended in and how many went unlogged. The first edge after a quiet
 * spell is written at once.
 */
function createEdgeLog(o: { everyMs: number; now(): number; log(message: string): void; line(full: boolean, bytes: number, unlogged: number): string }): EdgeLog {
  let lastAt = -Infinity;
  let pending: { full: boolean; bytes: number } | null = null;
  let unlogged = 0;
  let timer: NodeJS.Timeout | null = null;

  function write(full: boolean, bytes: number): void {
    o.log(o.line(full, bytes, unlogged));
    unlogged = 0;
    pending = null;
    lastAt = o.now();
  }

  function flush(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    // The line for the last edge counts that edge itself, not as one more.
    if (pending) {
      unlogged--;
      write(pending.full, pending.bytes);
    }
  }

  function edge(full: boolean, bytes: number): void {
    const now = o.now();
    if (!timer && now - lastAt >= o.everyMs) return write(full, bytes);
    unlogged++;
    pending = { full, bytes };
    if (timer) return;
    // Unref'd: a line still to come must not keep a stopping process alive (close() writes it).
    timer = setTimeout(flush, Math.max(0, lastAt + o.everyMs - now));
    timer.unref();
  }

  return { edge, flush };
}
