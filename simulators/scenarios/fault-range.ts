import type { Scenario } from './types';

/** A miscalibrated station reports a negative concentration: outside the physical range, refused by ingest. */
export const faultRange: Scenario = {
  name: 'fault-range',
  description: 'air-sambutan-1 reports PM2.5 = -40 µg/m³ for 2 minutes',
  effects: [{ type: 'range', sensorId: 'air-sambutan-1', field: 'pm25', startS: 60, durationS: 120, value: -40 }]
};
