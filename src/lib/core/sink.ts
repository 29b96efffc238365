import type { AlertEvent } from './alert';
import type { Reading } from './reading';

/**
 * Where readings and alert events go. A sink's promise resolves once the data is stored as
 * durably as the sink can store it (the ingest acknowledges the broker only then); it rejects
 * with a PantauError whose `retryable` says whether the same data may be offered again.
 */
export interface Sink {
  readonly name: string;
  writeReadings(readings: readonly Reading[]): Promise<void>;
  writeAlertEvents(events: readonly AlertEvent[]): Promise<void>;
  /** Writes out whatever is buffered. */
  flush(): Promise<void>;
  /** Flushes, then releases connections. */
  close(): Promise<void>;
}
