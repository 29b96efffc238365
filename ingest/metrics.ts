/**
 * The ingest's Prometheus metrics. Counts come from the pipeline's own stats() (app.ts, the sink, the
 * shipper), read at scrape time; only the InfluxDB write latency is new, observed once per write
 * request (thousands of lines), never per message. See docs/deployment.md, "Metrics".
 */
import { Histogram, type Registry } from 'prom-client';
import { observedCounter, observedGauge, observedLabelledCounter, sharedSnapshot } from '../src/lib/metrics/observed';
import type { IngestStats } from './app';
import type { InfluxSinkStats } from './durable/influx-sink';

/** Seconds: a healthy local InfluxDB takes 5–50 ms per batch of 5000 lines; a struggling one seconds. */
const WRITE_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export interface IngestMetrics {
  /** One InfluxDB write request finished: its duration and whether InfluxDB confirmed it. */
  observeWrite(seconds: number, ok: boolean): void;
}

/** The stats before the pipeline takes messages (restoring alerts, warming the forecaster): the sink's only. */
export function startingStats(sink: InfluxSinkStats): IngestStats {
  return { received: 0, othersSkipped: 0, accepted: 0, readings: 0, rejected: 0, rejectedByCode: {}, alertEvents: 0, live: 0, sink };
}

function addPipelineMetrics(registry: Registry, stats: () => IngestStats): void {
  observedCounter(registry, 'pantau_ingest_messages_received_total', 'Sensor messages this worker took from the broker (its own partition).', () => stats().received);
  observedCounter(registry, 'pantau_ingest_messages_skipped_total', 'Sensor messages for sensors another worker owns, acknowledged and ignored.', () => stats().othersSkipped);
  observedCounter(registry, 'pantau_ingest_messages_accepted_total', 'Sensor messages decoded and accepted.', () => stats().accepted);
  observedCounter(registry, 'pantau_ingest_readings_accepted_total', 'Readings in the accepted messages (a SenML pack or NGSI entity may carry several).', () => stats().readings);
  observedLabelledCounter(registry, 'pantau_ingest_messages_rejected_total', 'Sensor messages refused, by dead-letter reason.', ['reason'], () =>
    Object.entries(stats().rejectedByCode).map(([reason, n]) => [{ reason }, n] as [Record<string, string>, number])
  );
  observedCounter(registry, 'pantau_ingest_alert_events_total', 'Alert events raised, updated or resolved by the detectors.', () => stats().alertEvents);
  observedCounter(registry, 'pantau_ingest_live_readings_total', 'Readings published to the live topic (coalesced per sensor).', () => stats().live);
}

function addSinkMetrics(registry: Registry, sink: () => InfluxSinkStats): void {
  observedCounter(registry, 'pantau_ingest_lines_stored_total', 'Lines (readings, alert events, forecasts) InfluxDB confirmed.', () => sink().storedLines);
  observedCounter(registry, 'pantau_ingest_lines_dropped_total', 'Lines InfluxDB refused for good (4xx), or alert-event lines beyond the memory bound while the journal failed.', () => sink().droppedLines);
  observedCounter(registry, 'pantau_ingest_influx_write_failures_total', 'InfluxDB write attempts that failed (retried or refused).', () => sink().failures);
  observedGauge(registry, 'pantau_ingest_influx_up', '1 while InfluxDB takes writes, 0 while the journal waits for it.', () => (sink().connected ? 1 : 0));
  observedGauge(registry, 'pantau_ingest_journal_disk_bytes', 'Bytes of journal segment files on disk (the INGEST_WAL_MAX_BYTES bound applies to this).', () => sink().journalBytes);
  observedGauge(registry, 'pantau_ingest_journal_pending_bytes', 'Journal lag: bytes accepted (PUBACK sent) but not yet confirmed by InfluxDB, replays included.', () => sink().pendingBytes);
  observedGauge(registry, 'pantau_ingest_journal_pending_lines', 'Journal lag in lines appended by this process and not yet confirmed by InfluxDB.', () => sink().pendingLines);
}

export interface IngestMetricsSources {
  stats(): IngestStats;
  /** INGEST_WAL_MAX_BYTES, exported so an alert can say "journal 80 % full". */
  journalMaxBytes: number;
  /** Age of the oldest line waiting for InfluxDB (journal-lag.ts). */
  lagSeconds(): number;
}

/** Registers the ingest's metrics in `registry` (its own: tests build several side by side). */
export function createIngestMetrics(registry: Registry, sources: IngestMetricsSources): IngestMetrics {
  const stats = sharedSnapshot(() => sources.stats());
  addPipelineMetrics(registry, stats);
  addSinkMetrics(registry, () => stats().sink);
  observedGauge(registry, 'pantau_ingest_journal_limit_bytes', 'INGEST_WAL_MAX_BYTES: at this size on disk PUBACKs are withheld (back-pressure to the broker).', () => sources.journalMaxBytes);
  observedGauge(registry, 'pantau_ingest_journal_lag_seconds', 'Journal lag in time: how long ago the oldest line not yet confirmed by InfluxDB was appended (1 s resolution, at most 1 h).', sources.lagSeconds);
  const writes = new Histogram({
    name: 'pantau_ingest_influx_write_duration_seconds',
    help: 'Duration of InfluxDB write requests (one batch of up to INGEST_BATCH_SIZE lines), by result.',
    labelNames: ['result'],
    buckets: WRITE_BUCKETS,
    registers: [registry]
  });
  return { observeWrite: (seconds, ok) => writes.observe({ result: ok ? 'ok' : 'error' }, seconds) };
}
