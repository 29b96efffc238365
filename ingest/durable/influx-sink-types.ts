import type { Forecast } from '../../src/lib/core/forecast';
import type { InfluxConfig } from '../../src/lib/core/influx-config';
import type { Sink } from '../../src/lib/core/sink';
import type { Journal } from './journal';

/** The InfluxDB sink's contract (influx.ts implements it): options, counters, and what callers may do. */
export interface InfluxSinkOptions {
  influx: InfluxConfig;
  /** Where accepted lines wait until InfluxDB confirms them (see journal.ts). */
  journal: Journal;
  /** Lines per write request. */
  batchSize: number;
  /** Write requests in flight at once (default 2); the journal is still committed in order. */
  writeConcurrency?: number;
  /**
   * When nobody calls sync() (alert events from the clock, tests), staged lines go to the journal
   * this long after the first of them (default 0: the end of the event-loop turn). The ingest passes
   * its PUBACK window, so the MQTT source's sync at the end of the window gathers the whole window
   * into one write instead of this one writing each turn.
   */
  syncDelayMs?: number;
  flushIntervalMs: number;
  /**
   * The journal's size on disk never goes beyond this: past `maxJournalBytes` less a reserve,
   * `ready()` makes callers wait (back-pressure to the broker), and lines that would cross it stay in
   * memory, unacknowledged (sync() false), until InfluxDB confirmed enough to make room.
   */
  maxJournalBytes: number;
  /** Longest wait between two write attempts while InfluxDB is down. */
  retryMaxMs: number;
  districtOf(sensorId: string): string;
  log?(message: string): void;
  /** Each InfluxDB write request's duration and outcome (ingest/metrics.ts). */
  onWrite?(seconds: number, ok: boolean): void;
}

export interface InfluxSinkStats {
  /** Lines appended to the journal by this process and not yet confirmed by InfluxDB (replays not counted). */
  pendingLines: number;
  /** Journal bytes not yet confirmed (replays included). */
  pendingBytes: number;
  journalBytes: number;
  storedLines: number;
  droppedLines: number;
  failures: number;
  connected: boolean;
}

export interface InfluxSink extends Sink {
  /**
   * Appends every staged line to the journal in one write (group commit); true when they are all
   * there, false when the journal refused them (they are held in memory and retried). Writes stage
   * their lines and this runs by itself after syncDelayMs; the MQTT source calls it before releasing
   * the PUBACKs of its window.
   */
  sync(): boolean;
  /** Resolves when there is room for more lines. */
  ready(): Promise<void>;
  hasRoom(): boolean;
  /**
   * River forecasts (measurement `forecast`) take the readings' path: staged into the same group
   * commit, journalled, shipped in order. Callers do not wait on it, so a forecast never delays a
   * reading's acknowledgement, and one survives an InfluxDB outage like the reading it came from.
   */
  writeForecasts(forecasts: readonly Forecast[]): Promise<void>;
  /** The forecasts' track records (measurement `forecast_record`, ingest/forecast-records.ts), the same path. */
  writeForecastRecords(lines: readonly string[]): Promise<void>;
  stats(): InfluxSinkStats;
  /** Stops shipping after at most graceMs of trying; what is left stays in the journal for the next start. */
  close(graceMs?: number): Promise<void>;
}
