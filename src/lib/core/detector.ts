import type { Finding } from './alert';
import type { Reading } from './reading';
import type { Sensor, SensorKind } from './sensor';

/**
 * Detection state for one sensor and one rule. Called with each reading of that sensor, in
 * time order, one at a time; never concurrently. State must stay bounded (a few numbers or a
 * fixed-size ring), whatever the sensor sends.
 */
export interface SensorDetector {
  /** Returns the rule's verdict after this reading, or null when the rule has nothing to say. */
  observe(reading: Reading): Finding | null;
  /** Called periodically with the clock, for rules about time passing (silence). */
  tick?(now: number): Finding | null;
}

/** A rule: which kinds it watches and how to build its per-sensor state. */
export interface Detector {
  readonly rule: Finding['rule'];
  readonly kinds: readonly SensorKind[];
  /** Null when the rule does not apply to this sensor (e.g. no thresholds in the catalog). */
  create(sensor: Sensor): SensorDetector | null;
}
