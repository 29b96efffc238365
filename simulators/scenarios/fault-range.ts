import type { Scenario } from './types';

/**
 * A miscalibrated station reports a negative concentration: outside the physical range, refused by
 * ingest. Two readings at any interval: 2 minutes held no reading at all at 5 minutes.
 */
export const faultRange: Scenario = {
  name: 'fault-range',
  description: 'air-sambutan-1 reports PM2.5 = -40 µg/m³ for 2 minutes (at least 2 readings)',
  effects: [{ type: 'range', sensorId: 'air-sambutan-1', field: 'pm25', startS: 60, durationS: 120, minReadings: 2, value: -40 }]
};
