import type { WriteApi } from '@influxdata/influxdb-client';
import type { InfluxConfig } from '../../src/lib/core/influx-config';
import { createInfluxDB } from '../../src/lib/influx/client';
import { createLineWriteApi } from '../../src/lib/influx/write';
import type { Cursor, Journal } from './journal';
import type { createRecentRanges, ShipBatch } from './recent-ranges';
import { backoffMs, classifyWriteError, refusedLines } from './retry';
import { splitAlertEvents, type ShipPart } from './split-events';

/** Bytes read from the journal per write request at most (a batch is also capped at batchSize lines). */
const MAX_BATCH_BYTES = 8 * 1024 * 1024;

export interface ShipperOptions {
  influx: InfluxConfig;
  journal: Journal;
  recent: ReturnType<typeof createRecentRanges>;
  batchSize: number;
  /** Write requests in flight at once; batches are still committed in journal order. */
  concurrency: number;
  retryMaxMs: number;
  log(message: string): void;
  /** After each batch InfluxDB confirmed (or refused for good): lines stored, lines set aside. */
  onShipped(stored: number, dropped: number): void;
  /** After each checkpoint commit. */
  onCommitted(): void;
  /** After each write request: its duration and whether InfluxDB confirmed it (the latency metric). */
  onWrite?(seconds: number, ok: boolean): void;
}

interface InFlight {
  batch: ShipBatch;
  done: Promise<boolean>;
}

/**
 * Ships the journal to InfluxDB in order through WriteApi (its `path` set for the v1 API), with up
 * to `concurrency` batches in flight: InfluxDB takes concurrent writes well and one request at a time
 * left it idle between batches (half its raw rate). A batch's checkpoint is committed only when it
 * and every batch before it are confirmed, so a crash replays, never skips. Each batch retries with
 * backoff for as long as InfluxDB is away: WriteApi's own retry buffer gives up after maxRetryTime,
 * which would lose readings during a long outage. A batch's alert events go in a request of their
 * own to the events' retention policy (split-events.ts); the batch counts as shipped once both are.
 */
export function createShipper(o: ShipperOptions) {
  // Through the shared InfluxDB module (src/lib/influx): one client per WriteApi, as before, so a slow
  // request of one slot never queues behind another's; this writer retries itself (retry.ts).
  // A request is one record (write() joins a part's texts), and neither bound below is ever reached by
  // one: so only flush() sends, and its promise carries the answer. A request WriteApi sent by itself
  // when a bound was reached would have its failure only logged, and the batch committed unstored.
  const newWriteApi = (rp: string): WriteApi =>
    createLineWriteApi(createInfluxDB(o.influx, 30_000), o.influx, rp, {
      batchSize: 2,
      maxBatchBytes: Number.MAX_SAFE_INTEGER,
      flushInterval: 0,
      maxRetries: 0,
      gzipThreshold: Number.MAX_SAFE_INTEGER
    });
  // One pair of WriteApis per slot (the default policy, the events policy): a slot has one batch in flight at a time.
  const slots = Array.from({ length: o.concurrency }, () => ({ main: newWriteApi(''), events: newWriteApi(o.influx.retention.eventsPolicy) }));
  let failures = 0;
  let connected = true;
  let stopped = false;
  let seq = 0;
  const wakers = new Set<() => void>();

  /** The next batch from `from`: from memory when it holds exactly that, else from disk; null when all is read. */
  function nextBatch(from: Cursor): ShipBatch | null {
    const kept = o.recent.take(from, o.batchSize);
    if (kept) return kept;
    const chunk = o.journal.read(from, o.batchSize, MAX_BATCH_BYTES);
    if (chunk.bytes === 0) return null;
    return { texts: chunk.count > 0 ? [chunk.text] : [], count: chunk.count, next: chunk.next };
  }

  /** One write request: 'ok', 'refused' (for good: its lines are set aside) or 'retry'. */
  async function write(part: ShipPart, api: WriteApi): Promise<'ok' | 'refused' | 'retry'> {
    const started = performance.now();
    try {
      // Each text is many lines: joined with '\n' they are the body, the lines as journaled (WriteApi
      // would join them the same way, but sends on its own past batchSize records; see newWriteApi).
      api.writeRecord(part.texts.length === 1 ? part.texts[0] : part.texts.join('\n'));
      await api.flush();
      o.onWrite?.((performance.now() - started) / 1000, true);
      if (!connected) o.log(`InfluxDB is back; shipping the journal (${o.journal.stats().pendingBytes} bytes pending)`);
      connected = true;
      o.onShipped(part.count, 0);
      return 'ok';
    } catch (error) {
      o.onWrite?.((performance.now() - started) / 1000, false);
      const e = classifyWriteError(error);
      failures++;
      if (!e.retryable) {
        // A partial write (v1 400) stored the lines it did not name: only those are set aside.
        const refused = refusedLines(error, part.count);
        o.log(`${e.code}: ${e.message}; ${refused} of ${part.count} lines set aside`);
        o.onShipped(part.count - refused, refused);
        return 'refused';
      }
      if (connected) o.log(`${e.code}: ${e.message}; ${o.journal.stats().pendingBytes} journal bytes wait, retrying`);
      connected = false;
      return 'retry';
    }
  }

  /** Writes one batch until InfluxDB confirms or refuses each part for good; false when stopped meanwhile. */
  async function ship(batch: ShipBatch, slot: (typeof slots)[number]): Promise<boolean> {
    // Without an events policy (v2: one bucket) the batch goes as it is.
    const split = o.influx.retention.eventsPolicy ? splitAlertEvents(batch.texts, batch.count) : null;
    const parts: [ShipPart, WriteApi][] = split ? [[split.rest, slot.main], [split.events, slot.events]] : [[batch, slot.main]];
    const todo = parts.filter(([p]) => p.count > 0);
    for (let attempt = 0; todo.length > 0; ) {
      if (stopped) return false;
      const [part, api] = todo[0];
      if ((await write(part, api)) !== 'retry') {
        todo.shift(); // a part already confirmed is not written again when the next one needs retries
        continue;
      }
      let wake = () => {};
      await new Promise<void>((resolve) => {
        wake = resolve;
        wakers.add(wake);
        setTimeout(resolve, backoffMs(attempt++, o.retryMaxMs));
      });
      wakers.delete(wake);
    }
    return true;
  }

  /** Ships until everything appended so far is confirmed, or until stopped. Journal errors throw. */
  async function run(): Promise<void> {
    const inFlight: InFlight[] = [];
    let readFrom = o.journal.committed();
    try {
      for (;;) {
        while (inFlight.length < o.concurrency && !stopped) {
          const batch = nextBatch(readFrom);
          if (!batch) break;
          readFrom = batch.next;
          const slot = slots[seq++ % o.concurrency];
          inFlight.push({ batch, done: batch.count > 0 ? ship(batch, slot) : Promise.resolve(true) });
        }
        const head = inFlight.shift();
        if (!head || !(await head.done)) return;
        o.journal.commit(head.batch.next);
        o.recent.dropBefore(head.batch.next);
        o.onCommitted();
      }
    } finally {
      // On a journal error or a stop, let the other writes finish: their batches stay uncommitted.
      await Promise.allSettled(inFlight.map((f) => f.done));
    }
  }

  return {
    run,
    stop(): void {
      stopped = true;
      for (const wake of wakers) wake();
      wakers.clear();
    },
    dispose(): void {
      for (const slot of slots) for (const api of [slot.main, slot.events]) void api.dispose();
    },
    stats: () => ({ failures, connected })
  };
}
