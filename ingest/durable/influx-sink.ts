import { formatForecastLine } from '../../src/lib/core/forecast-line';
import type { Reading } from '../../src/lib/core/reading';
import { formatAlertEvent, formatWithPrefix, linePrefix } from '../sinks/influx-lines';
import type { InfluxSink, InfluxSinkOptions } from './influx-sink-types';
import { createRecentRanges } from './recent-ranges';
import { createRoom } from './room';
import { createShipper } from './shipper';

// Callers (ingest main and app, metrics, tests, scripts) import the sink's contract and line format from here.
export type { InfluxSink, InfluxSinkOptions, InfluxSinkStats } from './influx-sink-types';
export { formatAlertEvent, formatReading } from '../sinks/influx-lines';

/** Newest journal text kept in memory for shipping without a read-back (characters). */
const RECENT_MAX_CHARS = 32 * 1024 * 1024;
/** Lines kept in memory while the journal cannot be written (PUBACKs are withheld meanwhile). */
const MAX_HELD_LINES = 100_000;
/** Sensors whose line prefix is kept (far more than a catalog holds). */
const MAX_PREFIXES = 100_000;
/** Staged lines beyond which a batch goes to the journal at once instead of at the end of the tick. */
const MAX_STAGED_LINES = 20_000;
/**
 * Below its hard bound the journal keeps this share of it (at most 1 MiB) for the lines of the window
 * that crosses the soft one: the message that crosses it and the alert events raised meanwhile land
 * without the hard bound holding anything back (see append()).
 */
const RESERVE_SHARE = 1 / 8;
const MAX_RESERVE_BYTES = 1024 * 1024;
/** UTF-8 takes at most 3 bytes per UTF-16 code unit: a cheap upper bound before counting exactly. */
const MAX_BYTES_PER_CHAR = 3;

/**
 * Readings and alert events are staged in memory and appended to the journal in one synchronous
 * write per window (`sync`, group commit: one write per message cost more than the rest of the
 * ingest together); a write's promise resolves once its window's lines are in. A shipper
 * (shipper.ts) sends the journal to InfluxDB in order and commits the checkpoint behind it.
 */
export function createInfluxSink(opts: InfluxSinkOptions): InfluxSink {
  const log = opts.log ?? (() => {});
  const journal = opts.journal;
  let unsentLines = 0; // appended since the loop last read: decides between "now" and "after flushIntervalMs"
  let pendingLines = 0;
  let stored = 0;
  let dropped = 0;
  let sending = false;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let drainedWaiters: (() => void)[] = [];
  let roomWaiters: (() => void)[] = [];

  // Lines the journal refused (disk full, I/O error): held in memory, bounded, while PUBACKs are withheld.
  let held: string[] = [];
  let heldTimer: NodeJS.Timeout | null = null;
  let appendFailing = false;
  const softBound = opts.maxJournalBytes - Math.min(opts.maxJournalBytes * RESERVE_SHARE, MAX_RESERVE_BYTES);
  // Full at the soft bound, room again only below a low-water mark under it (room.ts says why).
  const room = createRoom({ high: softBound, maxBytes: opts.maxJournalBytes, log });
  const recent = createRecentRanges(RECENT_MAX_CHARS);
  const shipper = createShipper({
    influx: opts.influx,
    journal,
    recent,
    batchSize: opts.batchSize,
    concurrency: opts.writeConcurrency ?? 2,
    retryMaxMs: opts.retryMaxMs,
    log,
    onShipped(ok, refused) {
      stored += ok;
      dropped += refused;
      pendingLines = Math.max(0, pendingLines - ok - refused);
    },
    onCommitted: afterCommit,
    onWrite: opts.onWrite
  });
  // Per sensor, with the kind and district it was made from: a registry edit of either makes a new one
  // (a prefix kept by sensor alone wrote the old tag and measurement until a restart).
  const prefixes = new Map<string, { kind: string; district: string; prefix: string }>();
  const prefixOf = (r: Reading): string => {
    const district = opts.districtOf(r.sensorId);
    const kept = prefixes.get(r.sensorId);
    if (kept && kept.kind === r.kind && kept.district === district) return kept.prefix;
    // Accepted readings are catalog sensors only; a catalog replaced many times over still cannot grow this without end.
    if (!kept && prefixes.size >= MAX_PREFIXES) prefixes.clear();
    const prefix = linePrefix(r, district);
    prefixes.set(r.sensorId, { kind: r.kind, district, prefix });
    return prefix;
  };

  // Lines of the current window, not yet in the journal (see sync()), and the promise their writes return.
  let staged: string[] = [];
  /** Characters (+ newlines) of the staged lines: counted against the bound before they reach the disk. */
  let stagedChars = 0;
  let syncTimer: { cancel(): void } | null = null;
  let window: { promise: Promise<void>; resolve: () => void } | null = null;

  /**
   * Room for another message. Lines staged for the journal count too: a catch-up burst stages a whole
   * window before its one write, and counting only the disk let one window carry 1 MB past a 256 KiB bound.
   */
  function hasRoom(): boolean {
    return room.check(journal.diskBytes() + stagedChars, held.length > 0);
  }

  function stage(lines: readonly string[]): Promise<void> {
    if (stopped) return Promise.reject(new Error('sink closed'));
    for (const line of lines) {
      staged.push(line);
      stagedChars += line.length + 1;
    }
    if (!window) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      window = { promise, resolve };
    }
    const waiting = window.promise;
    if (staged.length >= MAX_STAGED_LINES) sync();
    else syncTimer ??= scheduleSync();
    return waiting;
  }

  function scheduleSync(): { cancel(): void } {
    if (opts.syncDelayMs) {
      const t = setTimeout(sync, opts.syncDelayMs);
      return { cancel: () => clearTimeout(t) };
    }
    const i = setImmediate(sync);
    return { cancel: () => clearImmediate(i) };
  }

  function sync(): boolean {
    // A sync by the MQTT source makes the pending fallback moot: it would split the next window.
    syncTimer?.cancel();
    syncTimer = null;
    if (staged.length > 0) {
      const lines = staged;
      staged = [];
      stagedChars = 0;
      append(lines);
    }
    window?.resolve();
    window = null;
    return held.length === 0;
  }

  /** Appends what the bound and the disk take, in order; the rest is held (PUBACKs wait) and retried. */
  function append(lines: string[]): void {
    if (held.length > 0) return hold(lines);
    const fit = fitting(lines);
    const head = fit === lines.length ? lines : lines.slice(0, fit);
    if (fit > 0 && !tryAppend(head)) return hold(lines);
    if (fit < lines.length) hold(lines.slice(fit));
    if (fit === 0) return;
    unsentLines += fit;
    pendingLines += fit;
    schedule(unsentLines >= opts.batchSize ? 0 : opts.flushIntervalMs);
  }

  /**
   * How many of the lines, from the first, keep the journal within maxJournalBytes. All of them when
   * nothing waits to be shipped: then no commit could make room, and holding would stop for good.
   */
  function fitting(lines: readonly string[]): number {
    const room = opts.maxJournalBytes - journal.diskBytes();
    let chars = 0;
    for (const line of lines) chars += line.length + 1;
    if (chars * MAX_BYTES_PER_CHAR <= room || journal.stats().pendingBytes === 0) return lines.length;
    let bytes = 0;
    for (let i = 0; i < lines.length; i++) {
      bytes += Buffer.byteLength(lines[i], 'utf8') + 1;
      if (bytes > room) return i;
    }
    return lines.length;
  }

  function hold(lines: readonly string[]): void {
    // The broker keeps what we do not acknowledge; the bound only matters for our own alert events.
    if (held.length + lines.length <= MAX_HELD_LINES) for (const line of lines) held.push(line);
    else dropped += lines.length;
    heldTimer ??= setTimeout(retryHeld, opts.retryMaxMs);
  }

  function tryAppend(lines: string[]): boolean {
    try {
      recent.add(journal.append(lines));
      appendFailing = false;
      return true;
    } catch (err) {
      if (!appendFailing) log(`WAL_APPEND_FAILED: ${(err as Error).message}; holding lines and withholding PUBACKs`);
      appendFailing = true;
      return false;
    }
  }

  /** After an I/O error (on a timer) or a commit that made room: appends what now fits of the held lines. */
  function retryHeld(): void {
    if (heldTimer) clearTimeout(heldTimer);
    heldTimer = null;
    if (stopped || held.length === 0) return;
    const lines = held;
    held = [];
    append(lines);
    if (held.length > 0) return;
    log(`journal writable again; ${lines.length} held lines appended`);
    schedule(0);
    wakeRoomWaiters();
  }

  function wakeRoomWaiters(): void {
    if (roomWaiters.length === 0 || !hasRoom()) return;
    const ready = roomWaiters;
    roomWaiters = [];
    for (const r of ready) r();
  }

  function schedule(delayMs: number): void {
    if (sending || stopped) return;
    if (timer && delayMs > 0) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void sendLoop();
    }, delayMs);
  }

  async function sendLoop(): Promise<void> {
    if (sending) return;
    sending = true;
    try {
      unsentLines = 0;
      await shipper.run();
    } catch (err) {
      // The journal itself failed (disk full, permissions): nothing is lost, but nothing ships until fixed.
      log(`WAL_READ_FAILED: ${(err as Error).message}; retrying in ${opts.retryMaxMs} ms`);
      setTimeout(() => schedule(0), opts.retryMaxMs).unref();
    } finally {
      sending = false;
    }
    if (unsentLines > 0) schedule(opts.flushIntervalMs);
  }

  function afterCommit(): void {
    // All shipped yet still full: the shipped active segment is what fills it (full lasts down to the low-water mark).
    if ((room.isFull() || journal.diskBytes() + stagedChars >= softBound) && journal.stats().pendingBytes === 0) journal.trim();
    if (held.length > 0) retryHeld();
    wakeRoomWaiters();
    if (journal.stats().pendingBytes === 0 && drainedWaiters.length > 0) {
      const done = drainedWaiters;
      drainedWaiters = [];
      for (const r of done) r();
    }
  }

  function drained(): Promise<void> {
    sync();
    schedule(0);
    if (journal.stats().pendingBytes === 0) return Promise.resolve();
    return new Promise<void>((resolve) => drainedWaiters.push(resolve));
  }

  // Lines left from an earlier run (a crash, or a shutdown that ran out of grace) ship first.
  if (journal.stats().pendingBytes > 0) schedule(0);

  return {
    name: 'influxdb',
    writeReadings: (readings) => stage(readings.map((r) => formatWithPrefix(prefixOf(r), r))),
    writeAlertEvents: (events) => stage(events.map(formatAlertEvent)),
    writeForecasts: (forecasts) => stage(forecasts.map((f) => formatForecastLine(f, opts.districtOf(f.sensorId)))),
    writeForecastRecords: (lines) => stage(lines),
    sync,
    hasRoom,
    ready: () => (hasRoom() ? Promise.resolve() : new Promise((r) => roomWaiters.push(r))),
    flush: drained,
    async close(graceMs = 10_000) {
      sync();
      let graceTimer: NodeJS.Timeout | undefined;
      await Promise.race([drained(), new Promise<void>((resolve) => (graceTimer = setTimeout(resolve, graceMs)))]);
      clearTimeout(graceTimer);
      stopped = true;
      if (held.length > 0 && tryAppend(held)) held = [];
      if (heldTimer) clearTimeout(heldTimer);
      shipper.stop();
      if (timer) clearTimeout(timer);
      // Let a write in flight finish or fail before the journal goes: its batch is not committed either way.
      for (let i = 0; sending && i < 50; i++) await new Promise((r) => setTimeout(r, 20));
      journal.close();
      shipper.dispose();
      room.close();
    },
    stats: () => {
      const j = journal.stats();
      return { pendingLines, pendingBytes: j.pendingBytes, journalBytes: j.diskBytes, storedLines: stored, droppedLines: dropped, ...shipper.stats() };
    }
  };
}
