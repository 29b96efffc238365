/**
 * The ingest's durability path behind one door (README.md beside this file): lines go in, become
 * durable in the journal at the next group commit, and reach InfluxDB in order; the journal forgets
 * them only after InfluxDB confirmed them. The MQTT source and the pipeline need only `DurableLog`.
 */
import { createInfluxSink, type InfluxSink, type InfluxSinkOptions } from './influx-sink';
import { openJournal, type JournalOptions } from './journal';

/** What the rest of the ingest uses of the durability path; everything else stays inside. */
export type DurableLog = Pick<
  InfluxSink,
  'writeReadings' | 'writeAlertEvents' | 'writeForecasts' | 'writeForecastRecords' | 'sync' | 'hasRoom' | 'ready' | 'flush' | 'close' | 'stats'
>;

export interface DurableLogOptions extends Omit<InfluxSinkOptions, 'journal'> {
  /** The journal: its dir, segment size, fsync and checkpoint interval (INGEST_WAL_*). */
  journal: JournalOptions;
}

export interface OpenedDurableLog {
  log: DurableLog;
  /** What the journal held from an earlier run (a crash or a shutdown out of grace): it ships first. */
  replay: { pendingBytes: number; segments: number };
  /** Lines appended to the journal since it was opened (the journal-lag metric). */
  appendedLines(): number;
}

/**
 * Opens the journal (taking its lock; lines after the checkpoint are replayed) and starts shipping it.
 * Throws WAL_DIR / WAL_LOCKED when the dir cannot be used: the ingest must not run without it.
 */
export function openDurableLog(opts: DurableLogOptions): OpenedDurableLog {
  const journal = openJournal(opts.journal);
  const { pendingBytes, segments } = journal.stats();
  return { log: createInfluxSink({ ...opts, journal }), replay: { pendingBytes, segments }, appendedLines: () => journal.stats().appendedLines };
}
