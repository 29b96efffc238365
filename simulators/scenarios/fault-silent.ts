import type { Scenario } from './types';

/** A detector loses power: no messages at all for a while. */
export const faultSilent: Scenario = {
  name: 'fault-silent',
  description: 'traffic-mugirejo-n stops publishing for 10 minutes',
  effects: [{ type: 'silent', sensorId: 'traffic-mugirejo-n', startS: 60, durationS: 600 }]
};
