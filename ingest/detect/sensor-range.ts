import type { Finding } from '../../src/lib/core/alert';
import { FIELDS, type FieldSpec, type Sensor } from '../../src/lib/core/sensor';
import { createActiveFinding } from './finding';
import { formatNumberText } from './texts';

/** A sensor fault (sensor-faults.ts) found by ingest's validation, not by a detector: a value out of the physical range. */

function fieldSpec(sensor: Sensor, field: string): FieldSpec | undefined {
  return (FIELDS[sensor.kind] as Record<string, FieldSpec>)[field];
}

/** The finding for a reading ingest refused as physically impossible (called through the engine). */
export function createRangeFinding(sensor: Sensor, field: string, value: number): Finding {
  const spec = fieldSpec(sensor, field);
  return createActiveFinding({
    rule: 'sensor_range',
    category: 'maintenance',
    kind: sensor.kind,
    severity: 'warning',
    level: 1,
    value,
    params: { name: sensor.name, field, value: formatNumberText(value), min: spec?.min ?? '-', max: spec?.max ?? '-' }
  });
}
