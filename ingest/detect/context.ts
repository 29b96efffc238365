/**
 * What a rule receives besides its readings: its sensor, the sensors linked to it, names, the
 * sensor's reporting interval and its river forecast. The engine builds one context per sensor
 * and names no rule: everything rule-specific lives in the rule's file.
 */
import type { Alert, AlertRule } from '../../src/lib/core/alert';
import type { SensorDetector } from '../../src/lib/core/detector';
import type { Forecast } from '../../src/lib/core/forecast';
import type { AirIndex } from '../../src/lib/core/reading-state';
import type { Sensor, SensorKind } from '../../src/lib/core/sensor';

export interface DetectorContext {
  readonly sensor: Sensor;
  /** Gauges whose water reaches this one (the catalog's `downstream` links read backwards). */
  readonly upstream: readonly Sensor[];
  /** Gauges this one's water reaches (catalog `downstream`). */
  readonly downstream: readonly Sensor[];
  /** Display name of a catalog sensor (its id when unknown). */
  name(sensorId: string): string;
  /** The sensor's reporting interval (ms): learned from its readings' spacing, else the catalog's. */
  intervalMs(): number;
  /**
   * The sensor's latest river forecast. During observe it is the forecast made after the reading
   * being observed (`forecast.ts === reading.ts`) unless the forecaster held that reading as a glitch.
   */
  forecast(): Forecast | null;
  /** Latest water level (cm) of a flood gauge of the catalog; NaN before its first reading. */
  level(sensorId: string): number;
  /** When a fault rule (rejectsReadings) last rejected a reading of this sensor; −Infinity if never (or not told). */
  rejectedAt?(): number;
  /**
   * cm by which a fault rule (shiftsDatum) suspects or judges the gauge's datum moved, as of the reading being
   * observed: the flood rules read its water level less this (0: none, or not told).
   */
  datumShift?(): number;
  /**
   * Since when (epoch ms) the gauge has read exactly the value it reads now, after a jump a shiftsDatum rule judged a
   * logger's fault and no longer holds (sensor-step-frozen.ts): the flood rules' alerts say so. NaN: not so, or not told.
   */
  frozenSince?(): number;
}

/**
 * A rule as the engine runs it. The core's Detector (create(sensor)) is one too: a rule that needs
 * no context ignores the second argument.
 */
export interface RuleDetector {
  readonly rule: AlertRule;
  readonly kinds: readonly SensorKind[];
  /** Null when the rule does not apply to this sensor. */
  create(sensor: Sensor, context: DetectorContext): RuleSensorDetector | null;
  /** An active finding of this rule means the sensor sent a reading that is a fault (a spike): rejected. */
  readonly rejectsReadings?: boolean;
  /**
   * This rule remembers the readings of the last faultGateMs (a regression window): its active
   * findings are ignored that long after a rejected reading, which would otherwise sit in its memory.
   */
  readonly faultGateMs?: number;
  /**
   * An active finding of this rule means the sensor's value is frozen (a stuck logger): while it is,
   * the river forecaster is not fed that same value again. It learnt days of a dead gauge as the
   * river, and its forecasts raised rise warnings during and days after the freeze (bench:rivers-faults stuck-3d).
   */
  readonly holdsForecast?: boolean;
  /**
   * This rule's sensor state says by how much the gauge's datum is suspected to have moved (datumShift(): a level
   * step, sensor-step.ts). It runs before the rules that read levels, and the river forecaster is fed after it.
   */
  readonly shiftsDatum?: boolean;
  /**
   * An active finding of this rule means the sensor's readings are not the world (a dropout to 0, a frozen value,
   * silence): while one holds (or the ingest refuses its readings as out of range), the policy's faultHoldRules
   * alerts of the sensor are held where they are: no reading lowers, raises or closes them (alert-hold.ts).
   */
  readonly distrustsReadings?: boolean;
  /** This rule's state holds the sensor's live index (air_quality's hourly ISPU): its liveIndex() goes into the live state. */
  readonly liveIndex?: boolean;
}

/** One sensor's state of a rule, as the engine holds it. */
export type RuleSensorDetector = SensorDetector & {
  stateBytes?(): number;
  /** An alert of any rule applied from outside (restored at start, a person's action): a rule with state may take up its own. */
  resume?(alert: Alert): void;
  /** For a liveIndex rule: the index after the last reading, null while it has none. */
  liveIndex?(): AirIndex | null;
  /** For a shiftsDatum rule: cm the sensor's datum moved after the last reading (DetectorContext.datumShift). */
  datumShift?(): number;
  /** For a shiftsDatum rule: DetectorContext.frozenSince after the last reading. */
  frozenSince?(): number;
};
