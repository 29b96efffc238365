import { InfluxDB, type WriteApi } from '@influxdata/influxdb-client';
import type { AlertEvent } from '../../src/lib/core/alert';
import { influxWritePath, MEASUREMENTS, type InfluxConfig } from '../../src/lib/core/influx-config';
import { escapeTag, formatLine } from '../../src/lib/core/line-protocol';
import type { Reading } from '../../src/lib/core/reading';
import type { Sink } from '../../src/lib/core/sink';
import { backoffMs, classifyWriteError } from './retry';

export interface InfluxSinkOptions {
  influx: InfluxConfig;
  /** Lines per write request. */
  batchSize: number;
  flushIntervalMs: number;
  /** Lines held before `ready()` makes callers wait (back-pressure). */
  maxPendingLines: number;
  districtOf(sensorId: string): string;
  log?(message: string): void;
}

export interface InfluxSink extends Sink {
  /** Resolves when there is room for more lines. */
  ready(): Promise<void>;
  hasRoom(): boolean;
  stats(): { pendingLines: number; storedLines: number; droppedLines: number; failures: number; connected: boolean };
}

interface Waiter {
  until: number;
  resolve(): void;
}

/** Line protocol for one reading; the sensor id is already constrained to [a-z0-9_-]. */
export function formatReading(r: Reading, district: string): string {
  let line = r.kind + ',district=' + escapeTag(district) + ',sensor=' + r.sensorId + ' ';
  let sep = '';
  for (const key in r.values) {
    line += sep + key + '=' + r.values[key];
    sep = ',';
  }
  return line + ' ' + r.ts;
}

export function formatAlertEvent(e: AlertEvent): string {
  const a = e.alert;
  return formatLine(
    MEASUREMENTS.alertEvents,
    { sensor: a.sensorId, district: a.district, kind: a.kind, rule: a.rule, severity: a.severity, event: e.type },
    { alert_id: a.id, state: a.state, value: a.value, by: e.by, doc: JSON.stringify(a) },
    e.at
  );
}

/**
 * Writes through WriteApi (path set for InfluxDB 1.x or 2.x/3.x). The sink keeps every batch until
 * InfluxDB confirms it and retries with backoff for as long as it takes: WriteApi's own retry
 * buffer gives up after maxRetryTime, which would lose readings during a long outage.
 * One request in flight at a time keeps ordering simple and bounds memory.
 */
export function createInfluxSink(opts: InfluxSinkOptions): InfluxSink {
  const log = opts.log ?? (() => {});
  const writeApi: WriteApi = new InfluxDB({ url: opts.influx.url, token: opts.influx.token || undefined, timeout: 30_000 }).getWriteApi(
    opts.influx.org,
    opts.influx.database,
    'ms',
    { batchSize: opts.batchSize + 1, maxBatchBytes: 512 * 1024 * 1024, flushInterval: 0, maxRetries: 0, gzipThreshold: Number.MAX_SAFE_INTEGER }
  );
  writeApi.path = influxWritePath(opts.influx);

  let queue: string[] = [];
  let enqueued = 0;
  let stored = 0;
  let dropped = 0;
  let failures = 0;
  let connected = true;
  let sending = false;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  let storedWaiters: Waiter[] = [];
  let roomWaiters: (() => void)[] = [];

  function enqueue(lines: string[]): Promise<void> {
    if (closed) return Promise.reject(new Error('sink closed'));
    for (const l of lines) queue.push(l);
    enqueued += lines.length;
    const until = enqueued;
    schedule(queue.length >= opts.batchSize ? 0 : opts.flushIntervalMs);
    return new Promise((resolve) => storedWaiters.push({ until, resolve }));
  }

  function schedule(delayMs: number): void {
    if (sending) return;
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
    let attempt = 0;
    while (queue.length > 0) {
      const n = Math.min(queue.length, opts.batchSize);
      const batch = queue.slice(0, n);
      try {
        writeApi.writeRecords(batch);
        await writeApi.flush();
        connected = true;
        attempt = 0;
        advance(n);
      } catch (error) {
        const e = classifyWriteError(error);
        failures++;
        if (!e.retryable) {
          log(`${e.code}: ${e.message}; ${batch.length} lines set aside`);
          dropped += n;
          advance(n);
          continue;
        }
        if (connected) log(`${e.code}: ${e.message}; keeping ${queue.length} lines and retrying`);
        connected = false;
        if (closed && attempt >= 3) break;
        await new Promise((r) => setTimeout(r, backoffMs(attempt++)));
      }
    }
    sending = false;
  }

  function advance(n: number): void {
    queue = n >= queue.length ? [] : queue.slice(n);
    stored += n;
    const done = storedWaiters.filter((w) => w.until <= stored);
    storedWaiters = storedWaiters.filter((w) => w.until > stored);
    for (const w of done) w.resolve();
    if (queue.length < opts.maxPendingLines) {
      const ready = roomWaiters;
      roomWaiters = [];
      for (const r of ready) r();
    }
  }

  return {
    name: 'influxdb',
    writeReadings: (readings) => enqueue(readings.map((r) => formatReading(r, opts.districtOf(r.sensorId)))),
    writeAlertEvents: (events) => enqueue(events.map(formatAlertEvent)),
    hasRoom: () => queue.length < opts.maxPendingLines,
    ready: () => (queue.length < opts.maxPendingLines ? Promise.resolve() : new Promise((r) => roomWaiters.push(r))),
    async flush() {
      schedule(0);
      const until = enqueued;
      if (stored >= until) return;
      await new Promise<void>((resolve) => storedWaiters.push({ until, resolve }));
    },
    async close() {
      closed = true;
      const until = enqueued;
      schedule(0);
      if (stored < until) {
        await Promise.race([
          new Promise<void>((resolve) => storedWaiters.push({ until, resolve })),
          new Promise<void>((resolve) => setTimeout(resolve, 15_000))
        ]);
      }
      if (timer) clearTimeout(timer);
      writeApi.dispose();
    },
    stats: () => ({ pendingLines: queue.length, storedLines: stored, droppedLines: dropped, failures, connected })
  };
}
