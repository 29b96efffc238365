/**
 * The `statistical` rule's settings (statistical.ts runs the rule): the thresholds that report a
 * finding, make it a warning and keep it active, the fields watched per kind, how long a pattern
 * finding holds, and the options with their validation. Apart from the per-sensor state: these
 * are the numbers one tunes, each beside the bench result that chose it, and the benches
 * (bench/nab) replay the rule with them. The scorer's own options: statistical-options.ts.
 */
import { PantauError } from '../../src/lib/core/errors';
import { FIELDS, type SensorKind } from '../../src/lib/core/sensor';
import { WITA_OFFSET_MS } from '../../src/lib/core/wita';
import { ALERT_POLICY_DEFAULTS } from './alert-policy-options';
import { DEFAULT_SCORER_OPTIONS, type AnomalyScorerOptions } from './statistical-options';

/**
 * Score at or above which a reading is reported. It is the threshold NAB's standard profile chose
 * for this scorer on the development split (bench/RESULTS.md, `npm run bench:nab`).
 */
export const STATISTICAL_THRESHOLD = 0.639;
/**
 * Score from which the finding is a `warning`: a surprise of about 11.7 nats (a chance near 1 in
 * 120,000 per reading). On NAB's development split it finds 17 of the 72 anomaly windows with 2
 * false-positive readings (the reporting threshold: 53 windows, 58 false-positive readings);
 * README.md in this folder.
 */
export const STATISTICAL_WARNING_THRESHOLD = 0.7;
/**
 * An active finding stays active while the score holds above this share of the threshold: the
 * scorer marks down every reading of a burst after its rise (× 0.8), so a sustained anomaly would
 * otherwise flicker off after its first reading.
 */
export const HOLD_SHARE = 0.8;

/**
 * The fields each kind's model watches: the ones operators act on (water level; PM2.5 and PM10,
 * behind nearly every bad ISPU day here; speed, which an incident drops first, and flow, which a
 * closure or a diversion moves). Rainfall and occupancy have their own rules or follow these, and
 * each watched field costs about 1.4 KB of state per sensor.
 */
export const STATISTICAL_FIELDS: Readonly<Record<SensorKind, readonly string[]>> = Object.freeze({
  flood: ['water_level'],
  air: ['pm25', 'pm10'],
  traffic: ['speed', 'flow']
});

export interface StatisticalOptions {
  threshold: number;
  /** Score from which a finding is a warning rather than info. */
  warningThreshold: number;
  scorer: Partial<AnomalyScorerOptions>;
  /** Fields watched per kind (each must be one of the kind's FIELDS). */
  fields: Readonly<Record<SensorKind, readonly string[]>>;
  /** A second opinion per field: the adaptive-resonance pattern channel (art-channel.ts). */
  pattern: boolean;
  /**
   * Off (null) by default. Else what the alert policy needs before it raises a statistical finding
   * (POLICY_RAISE_AFTER): at a sensor whose step covers `ms` (10-min gauges, 5-min series), a lone
   * scorer finding is held, with the value that fired, until it has been active this long over this
   * many readings, so a one-reading finding becomes an alert, as NAB counts it. NAB 62.7 → 74.8,
   * but false statistical alerts on quiet simulated weeks ×3 at 5- and 10-min sensors (0.77 →
   * 2.38, 0.91 → 2.77 per sensor-week; goal ≤ 1): README.md here.
   */
  raiseAfter: { ms: number; readings: number } | null;
}

/** The policy's own minimum for this rule (ALERT_POLICY_DEFAULTS, as the engine runs it). */
export const POLICY_RAISE_AFTER = Object.freeze({
  ms: ALERT_POLICY_DEFAULTS.minActiveByRule.statistical ?? ALERT_POLICY_DEFAULTS.minActiveMs,
  readings: ALERT_POLICY_DEFAULTS.minActiveReadings
});

/**
 * A pattern finding (the ART channel flags one block) holds for one block of readings, at least
 * 3: the alert policy raises a statistical finding only after 5 min and 2 readings in a row.
 */
const PATTERN_HOLD_MIN_READINGS = 3;

/** Readings a pattern finding holds when the channel's blocks are `step` readings long. */
export function patternHoldReadings(step: number): number {
  return Math.max(PATTERN_HOLD_MIN_READINGS, step);
}

/** The options with every default filled in, as each sensor's state reads them. */
export interface ResolvedStatisticalOptions extends StatisticalOptions {
  scorer: AnomalyScorerOptions;
}

/** Checks the watched fields (a typo would watch nothing) and fills in the defaults. */
export function resolveStatisticalOptions(options: Partial<StatisticalOptions>): ResolvedStatisticalOptions {
  const fields = options.fields ?? STATISTICAL_FIELDS;
  for (const kind of Object.keys(fields) as SensorKind[]) {
    for (const f of fields[kind]) if (!(f in FIELDS[kind])) throw new PantauError('BAD_DETECTOR_OPTION', `statistical: ${kind} has no field ${f}`);
  }
  // One scorer options object for every series: the scorer caches its merge by identity.
  return {
    threshold: options.threshold ?? STATISTICAL_THRESHOLD,
    warningThreshold: options.warningThreshold ?? STATISTICAL_WARNING_THRESHOLD,
    fields,
    pattern: options.pattern ?? true,
    raiseAfter: options.raiseAfter ?? null,
    scorer: Object.freeze({ ...DEFAULT_SCORER_OPTIONS, utcOffsetMs: WITA_OFFSET_MS, ...options.scorer })
  };
}
