import type { Scenario } from './types';

/**
 * A crash in Simpang Empat Agus Salim: every approach queues (speed < 10 km/h, occupancy > 40 %),
 * for at least 3 readings: 15 minutes is one or two 10-minute readings, and an alert wants the next
 * reading to agree (alert-policy minActiveReadings).
 */
export const trafficIncident: Scenario = {
  name: 'traffic-incident',
  description: 'an incident jams every approach of Simpang Empat Agus Salim for 15 minutes (at least 3 readings)',
  effects: [{ type: 'incident', sensorPrefix: 'traffic-agus-salim-', startS: 60, durationS: 900, minReadings: 3, speedKmh: 6, occupancyPct: 55, flowShare: 0.3 }]
};
