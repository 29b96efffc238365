import type { Scenario } from './types';

/**
 * An air station keeps reporting, but its PM2.5 channel repeats one value: 30 readings at any
 * interval. A 30-minute freeze is 3 equal readings at 10 minutes, which nobody would call stuck.
 */
export const faultStuck: Scenario = {
  name: 'fault-stuck',
  description: 'air-samarinda-ulu-1 reports a frozen PM2.5 for 30 minutes (at least 30 readings)',
  effects: [{ type: 'stuck', sensorId: 'air-samarinda-ulu-1', field: 'pm25', startS: 60, durationS: 1_800, minReadings: 30 }]
};
