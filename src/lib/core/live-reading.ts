import type { LiveReading, Reading } from './reading';
import { createReadingState, stateSeverity, type AirIndex } from './reading-state';
import type { Sensor } from './sensor';

/**
 * The reading as the wall shows it: the reading, its district and the state it puts the sensor in
 * (see reading-state.ts), with `severity` ranked from that state here and nowhere else.
 * `hourly` is the air_quality rule's hourly index when it has one; the instantaneous index of one
 * reading jumps around too much to colour a map with. The ingest and the command center (for
 * readings it rebuilds from InfluxDB, which have no hourly index) both use this.
 */
export function createLiveReading(sensor: Sensor, reading: Reading, hourly?: AirIndex): LiveReading {
  const state = createReadingState(sensor, reading, hourly);
  return { sensorId: reading.sensorId, kind: reading.kind, ts: reading.ts, values: reading.values, district: sensor.district, severity: stateSeverity(state), state };
}
