import type { Forecast } from './forecast';
import type { ReadingState } from './reading-state';
import type { SensorKind } from './sensor';

/** One validated measurement set from one sensor at one instant. */
export interface Reading {
  sensorId: string;
  kind: SensorKind;
  /** Unix epoch milliseconds (UTC). */
  ts: number;
  /** Field name → finite number. Only fields declared in FIELDS[kind]. */
  values: Record<string, number>;
}

/** The reading as it is shown live: the reading plus where it is and the state it puts the sensor in. */
export interface LiveReading extends Reading {
  district: string;
  /** Rank of `state` across kinds, 0 normal … 4 worst: always stateSeverity(state) (see live-reading.ts). */
  severity: number;
  /** The level in the kind's own scale and the numbers behind it; screens make words of it (format/reading-label.ts). */
  state: ReadingState;
  /**
   * A river gauge's latest forecast, issued at or before this reading: it travels with the reading
   * so the live batch stays one entry per sensor and the latest-per-sensor state holds both.
   */
  forecast?: Forecast;
}
