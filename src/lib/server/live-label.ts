import type { LiveReading, Reading } from '../core/reading';
import type { Sensor } from '../core/sensor';
import { siagaLevel } from '../core/flood-levels';
import { trafficState } from '../core/traffic-levels';
import { ispu, type IspuPollutant } from '../core/air-index';

/**
 * Severity and label for a reading the server rebuilt from InfluxDB at start (live readings from
 * the ingest already carry them). Same core level functions, so the map looks the same either way.
 */
export function describeReading(reading: Reading, sensor: Sensor): LiveReading {
  const v = reading.values;
  let severity = 0;
  let label = '';
  if (reading.kind === 'flood' && sensor.flood && v.water_level !== undefined) {
    const level = siagaLevel(v.water_level, sensor.flood);
    severity = level.severity;
    label = level.id;
  } else if (reading.kind === 'traffic' && sensor.traffic) {
    const level = trafficState(v, sensor.traffic).level;
    severity = level.severity;
    label = level.id;
  } else if (reading.kind === 'air') {
    const r = ispu(v as Partial<Record<IspuPollutant, number>>);
    severity = r.category.level;
    label = `ISPU ${r.value} ${r.category.id}`;
  }
  return { ...reading, district: sensor.district, severity, label };
}
