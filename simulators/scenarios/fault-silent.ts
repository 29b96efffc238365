import type { Scenario } from './types';

/**
 * A detector loses power: no messages at all for a while. Ten missed readings at any interval:
 * 10 minutes at 5-minute readings is 2 missed ones, which the silence rule (3 intervals) rightly ignores.
 */
export const faultSilent: Scenario = {
  name: 'fault-silent',
  description: 'traffic-mugirejo-n stops publishing for 10 minutes (at least 10 readings)',
  effects: [{ type: 'silent', sensorId: 'traffic-mugirejo-n', startS: 60, durationS: 600, minReadings: 10 }]
};
