import type { Scenario } from './types';

/** One absurd but in-range reading (a splash on the sensor), then normal again: must not page anyone. */
export const faultSpike: Scenario = {
  name: 'fault-spike',
  description: 'flood-kampung-jawa reports a single 250 cm reading, then normal',
  effects: [{ type: 'spike', sensorId: 'flood-kampung-jawa', field: 'water_level', atS: 60, value: 250 }]
};
