import type { Scenario } from './types';

/** A crash in Simpang Empat Agus Salim: every approach queues (speed < 10 km/h, occupancy > 40 %). */
export const trafficIncident: Scenario = {
  name: 'traffic-incident',
  description: 'an incident jams every approach of Simpang Empat Agus Salim for 15 minutes',
  effects: [{ type: 'incident', sensorPrefix: 'traffic-agus-salim-', startS: 60, durationS: 900, speedKmh: 6, occupancyPct: 55, flowShare: 0.3 }]
};
