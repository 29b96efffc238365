/**
 * Scenarios are data: a list of effects laid over the normal generated series. One interpreter
 * (../scenario-player.ts) applies them and derives the ground truth. Times are simulated seconds
 * after the simulation starts. Sensor ids name catalog sensors; clones made by --scale follow
 * their original.
 */

/** A trapezoid: 0 before start, rising over rampS, 1 for holdS, falling to 0 over fadeS. */
export interface Envelope {
  startS: number;
  rampS: number;
  holdS: number;
  fadeS: number;
}

export type Effect =
  /**
   * A storm cell over the Karang Mumus (see ../hydrology/): intensity at its centre follows the
   * envelope up to a peak drawn by seed from [min, max] mm/h; the centre starts at `from` (±1 km by
   * seed) and moves at `moveKmH` (east, north). Every flood sensor's rain and water follow from the
   * hydrology model; traffic next to a flooded spot slows down.
   */
  | { type: 'storm'; envelope: Envelope; peakMmH: [number, number]; from: [number, number]; moveKmH: [number, number]; radiusKm: number }
  /** Smoke over whole districts: PM2.5 climbs towards a peak drawn per station from [min, max] µg/m³. */
  | { type: 'haze'; districts: string[]; envelope: Envelope; peakPm25: [number, number] }
  /** Every approach whose id starts with the prefix jams: slow, dense, little throughput. */
  | { type: 'incident'; sensorPrefix: string; startS: number; durationS: number; speedKmh: number; occupancyPct: number; flowShare: number }
  /** Sensor faults (maintenance, not emergencies). */
  | { type: 'stuck'; sensorId: string; field: string; startS: number; durationS: number }
  | { type: 'spike'; sensorId: string; field: string; atS: number; value: number }
  | { type: 'silent'; sensorId: string; startS: number; durationS: number }
  | { type: 'range'; sensorId: string; field: string; startS: number; durationS: number; value: number };

export interface Scenario {
  name: string;
  description: string;
  effects: Effect[];
}

/** The same effects, later by offsetS (used to stagger scenarios in `all`). */
export function shiftEffects(effects: readonly Effect[], offsetS: number): Effect[] {
  return effects.map((e) => {
    if ('envelope' in e) return { ...e, envelope: { ...e.envelope, startS: e.envelope.startS + offsetS } };
    if (e.type === 'spike') return { ...e, atS: e.atS + offsetS };
    return { ...e, startS: e.startS + offsetS };
  });
}
