import type { Scenario } from './types';

/** An air station keeps reporting, but its PM2.5 channel repeats one value. */
export const faultStuck: Scenario = {
  name: 'fault-stuck',
  description: 'air-samarinda-ulu-1 reports a frozen PM2.5 for 30 minutes',
  effects: [{ type: 'stuck', sensorId: 'air-samarinda-ulu-1', field: 'pm25', startS: 60, durationS: 1_800 }]
};
