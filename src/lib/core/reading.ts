import type { Forecast } from './forecast';
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
  /** 0 normal … 4 worst, per kind (see levels in flood-levels, air-index, traffic-levels). */
  severity: number;
  /** Short label of the state, e.g. "Siaga 2", "ISPU 132 Tidak Sehat", "Macet". */
  label: string;
  /**
   * A river gauge's latest forecast, issued at or before this reading: it travels with the reading
   * so the live batch stays one entry per sensor and the latest-per-sensor state holds both.
   */
  forecast?: Forecast;
}
