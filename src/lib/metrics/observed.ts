/**
 * Metrics read from counters the processes already keep (ingest `stats()`, the notifier's, the hub's):
 * the value is copied at scrape time, so the hot path pays nothing and nothing is counted twice.
 */
import { Counter, Gauge, collectDefaultMetrics, type Registry } from 'prom-client';

type Labelled = Record<string, string>;

/** A counter whose value is `read()` at each scrape (a running total the process keeps itself). */
export function observedCounter(registry: Registry, name: string, help: string, read: () => number): void {
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset();
      this.inc(Math.max(0, read()));
    }
  });
}

/**
 * A counter with labels, each series read at scrape time: `read()` gives [labels, total] pairs.
 * Series that disappear (a reset source) vanish from the scrape instead of freezing at their last value.
 */
export function observedLabelledCounter(registry: Registry, name: string, help: string, labelNames: readonly string[], read: () => Iterable<[Labelled, number]>): void {
  new Counter({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      for (const [labels, value] of read()) this.inc(labels, Math.max(0, value));
    }
  });
}

/** A gauge set from `read()` at each scrape. */
export function observedGauge(registry: Registry, name: string, help: string, read: () => number): void {
  new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      this.set(read());
    }
  });
}

/** A gauge with labels, read at scrape time like observedLabelledCounter. */
export function observedLabelledGauge(registry: Registry, name: string, help: string, labelNames: readonly string[], read: () => Iterable<[Labelled, number]>): void {
  new Gauge({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      for (const [labels, value] of read()) this.set(labels, value);
    }
  });
}

/**
 * Process CPU, memory, event-loop lag, GC (prom-client's default metrics) into this registry only.
 * Off in tests that build many registries: each call starts its own event-loop monitor.
 */
export function addProcessMetrics(registry: Registry): void {
  collectDefaultMetrics({ register: registry });
}

/**
 * One stats() call per scrape instead of one per metric: the value is kept for `maxAgeMs` (a scrape
 * collects every metric within a few milliseconds), so the series of one scrape agree with each other.
 */
export function sharedSnapshot<T>(read: () => T, maxAgeMs = 250, now: () => number = Date.now): () => T {
  let value: T | undefined;
  let at = -Infinity;
  return () => {
    const t = now();
    if (value === undefined || t - at > maxAgeMs) {
      value = read();
      at = t;
    }
    return value;
  };
}
