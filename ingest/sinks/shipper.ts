import { InfluxDB, type WriteApi } from '@influxdata/influxdb-client';
import { influxWritePath, type InfluxConfig } from '../../src/lib/core/influx-config';
import type { Cursor, Journal } from '../wal/journal';
import type { createRecentRanges, ShipBatch } from './recent-ranges';
import { backoffMs, classifyWriteError } from './retry';

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
 * which would lose readings during a long outage.
 */
export function createShipper(o: ShipperOptions) {
  // One WriteApi per slot: a slot has one batch in flight at a time.
  const writeApis: WriteApi[] = Array.from({ length: o.concurrency }, () => {
    const api = new InfluxDB({ url: o.influx.url, token: o.influx.token || undefined, timeout: 30_000 }).getWriteApi(o.influx.org, o.influx.database, 'ms', {
      batchSize: 10_000, // records per request: each record is a text of many lines
      maxBatchBytes: 512 * 1024 * 1024,
      flushInterval: 0,
      maxRetries: 0,
      gzipThreshold: Number.MAX_SAFE_INTEGER
    });
    api.path = influxWritePath(o.influx);
    return api;
  });
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

  /** Writes one batch until InfluxDB confirms or refuses it for good; false when stopped meanwhile. */
  async function ship(batch: ShipBatch, api: WriteApi): Promise<boolean> {
    for (let attempt = 0; !stopped; attempt++) {
      const started = performance.now();
      try {
        // Each text is many lines; WriteApi joins records with '\n', so the body is the lines as journaled.
        api.writeRecords(batch.texts);
        await api.flush();
        o.onWrite?.((performance.now() - started) / 1000, true);
        if (!connected) o.log(`InfluxDB is back; shipping the journal (${o.journal.stats().pendingBytes} bytes pending)`);
        connected = true;
        o.onShipped(batch.count, 0);
        return true;
      } catch (error) {
        o.onWrite?.((performance.now() - started) / 1000, false);
        const e = classifyWriteError(error);
        failures++;
        if (!e.retryable) {
          o.log(`${e.code}: ${e.message}; ${batch.count} lines set aside`);
          o.onShipped(0, batch.count);
          return true;
        }
        if (connected) o.log(`${e.code}: ${e.message}; ${o.journal.stats().pendingBytes} journal bytes wait, retrying`);
        connected = false;
        let wake = () => {};
        await new Promise<void>((resolve) => {
          wake = resolve;
          wakers.add(wake);
          setTimeout(resolve, backoffMs(attempt, o.retryMaxMs));
        });
        wakers.delete(wake);
      }
    }
    return false;
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
          const api = writeApis[seq++ % o.concurrency];
          inFlight.push({ batch, done: batch.count > 0 ? ship(batch, api) : Promise.resolve(true) });
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
      for (const api of writeApis) void api.dispose();
    },
    stats: () => ({ failures, connected })
  };
}
