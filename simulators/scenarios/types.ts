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
  | ({ type: 'incident'; sensorPrefix: string; speedKmh: number; occupancyPct: number; flowShare: number } & Lasting)
  /** Sensor faults (maintenance, not emergencies). */
  | ({ type: 'stuck'; sensorId: string; field: string } & Lasting)
  | { type: 'spike'; sensorId: string; field: string; atS: number; value: number }
  | ({ type: 'silent'; sensorId: string } & Lasting)
  | ({ type: 'range'; sensorId: string; field: string; value: number } & Lasting);

/**
 * An effect that lasts: durationS, and at least minReadings of the sensor's reporting intervals.
 * A fault is what a human would call one only over enough readings: 10 minutes of silence is 10
 * missed readings at 1 min but 1 at 10 min, and a 2-minute out-of-range value holds no 5-minute
 * reading at all (bench:scenarios --interval-s 300: 0 % recall of such truth).
 */
export interface Lasting {
  startS: number;
  durationS: number;
  minReadings?: number;
}

/** Seconds the effect lasts when the sensor reports every intervalS. */
export function lastingS(e: Lasting, intervalS: number): number {
  return Math.max(e.durationS, (e.minReadings ?? 0) * intervalS);
}

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
