import type { AlertRule, AlertSeverity } from '../../src/lib/core/alert';

/**
 * Findings → alert events. One entry per sensor and rule (deduplication, and the bound on state).
 * Times are epoch ms: reading timestamps in onFinding, the engine clock in tick; they are assumed
 * to be close (ingest refuses readings far from its clock).
 *
 * Every timing follows the sensor's reporting interval: a fixed 5-minute quiet period resolved the
 * alerts of a gauge reporting every 10 minutes between two of its readings, so a river above
 * Siaga 3 for a day raised a new alert at every reading (bench:rivers: 1,035 flood_level alerts
 * for 66 episodes). Each timing is the larger of its fixed floor (…Ms) and a number of intervals;
 * a quiet period then ends halfway between two readings (betweenReadingsMs), never as one is due.
 */
export interface AlertPolicyOptions {
  /** How long a finding must hold before its alert is raised (and at least minActiveReadings readings). */
  minActiveMs: number;
  /** Active readings in a row an alert with a minimum duration needs: 2 = the next reading agrees. */
  minActiveReadings: number;
  /** Per-rule overrides of minActiveMs. */
  minActiveByRule: Partial<Record<AlertRule, number>>;
  /** flood_level findings at or above this level (2 = Siaga 2) raise at once. */
  immediateFloodLevel: number;
  /** An alert resolves only after its finding has been inactive (or unseen) this long… */
  resolveQuietMs: number;
  /** …and this many reporting intervals. */
  resolveQuietIntervals: number;
  /** The same for maintenance alerts (a sensor fault), which page nobody. */
  maintenanceQuietIntervals: number;
  /** Raised this many times within flapWindowMs: stop auto-resolving and keep the alert open. */
  flapMaxRaises: number;
  flapWindowMs: number;
  flapWindowIntervals: number;
  /** The flap window of a maintenance alert (a sensor fault): faults do not heal by themselves. */
  maintenanceFlapWindowMs: number;
  /**
   * Rules whose findings are momentary by nature (an odd reading, a pattern of one block): a
   * reading without one is no sign the event is over, so their alerts resolve only after a whole
   * flap window without a finding: a recurrence within it is the same alert to a responder.
   */
  flapHoldRules: readonly AlertRule[];
  /**
   * Rules whose alerts are held where they are while their sensor's readings are distrusted (alert-hold.ts): no reading
   * raises, lowers or closes them, and no quiet period runs out until a trusted reading comes.
   */
  faultHoldRules: readonly AlertRule[];
  /**
   * Of those, the forecast warnings: held longer than their forecast could see (alert-unchecked.ts FORECAST_REACH_MS) and
   * uncheckedAfterIntervals, they are told as unchecked (alert-unchecked.ts), still open.
   */
  uncheckedRules: readonly AlertRule[];
  uncheckedAfterIntervals: number;
  /** Unacknowledged this long (and escalateAfterIntervals) after raising → `escalated`; null never escalates. */
  escalateAfterMs: Record<AlertSeverity, number | null>;
  escalateAfterIntervals: number;
  /** Maintenance alerts page nobody, so by default they do not escalate. */
  escalateMaintenance: boolean;
  /** `by` of the events the policy itself makes. */
  by: string;
}

export const ALERT_POLICY_DEFAULTS: Readonly<AlertPolicyOptions> = Object.freeze({
  minActiveMs: 60_000,
  minActiveReadings: 2,
  // Out-of-range, spikes, silence and stuck values are already judged over time (or are one-off
  // by nature): waiting another minute would only hide them.
  // The statistical scorer flags single odd readings all day; a hint worth showing holds for 5 min.
  // sensor_stuck waits for its second reading in a row (1 ms, and minActiveReadings): its dropout to 0
  // is active from the first 0 so that the forecaster is held from the second, but a lone 0 is a
  // spike, the spike rule's alert (bench:rivers: L'Agly got both for one 0).
  minActiveByRule: Object.freeze({ sensor_range: 0, sensor_spike: 0, sensor_step: 0, sensor_silent: 0, sensor_stuck: 1, statistical: 5 * 60_000 }),
  immediateFloodLevel: 2,
  resolveQuietMs: 5 * 60_000,
  // Five readings without the condition (at 10-minute gauges 50 min: a river hovering at a Siaga
  // line dips below it for half an hour and comes back; 3 intervals re-raised 1 flood_level alert
  // in 7 on bench:rivers), and half an interval more: the fifth reading is due exactly five intervals after the last active
  // one, and whether the clock or that reading came first decided whether a warning that returned
  // with it resolved and was raised again (bench:rivers: 2 of 85 forecast-warning episodes).
  resolveQuietIntervals: 5.5,
  // A fault that recurs within two hours of readings is the same fault to the technician: a gauge
  // back for an hour and silent again, or spiking twice in two hours, is one maintenance alert
  // (bench:rivers: 3 of 52 such episodes got two). Nobody is paged, so holding them costs nothing.
  // 12½ intervals in effect (betweenReadingsMs): the 12th reading is inside the hold.
  maintenanceQuietIntervals: 12,
  flapMaxRaises: 3,
  flapWindowMs: 60 * 60_000,
  // Three raises need at least two quiet periods (5½ intervals each) between them: 20 intervals
  // (20½ in effect, as window and as a statistical alert's hold: betweenReadingsMs).
  flapWindowIntervals: 20,
  // A sensor that faults three times in a day is one broken sensor to the technician, not three
  // tickets that close themselves: its alert stays open while the faults keep coming (bench:rivers:
  // Marseillette spiking every 3–5 h for days).
  maintenanceFlapWindowMs: 24 * 3_600_000,
  // The statistical rule's findings are momentary (a pattern holds one block, an odd reading a
  // few): during a flood they recur within the hour, and 5.5 intervals re-raised 7 of its 169
  // episodes on bench:rivers (1 with the flap window; 0–5 for any hold of 12–40 intervals).
  // Not sensor_spike: maintenance already holds 12 intervals, and the one gauge it re-raises on
  // spikes every 3–5 h for days, which a longer hold only moves (20 intervals: 27 alerts in 23 episodes).
  flapHoldRules: Object.freeze(['statistical'] as const),
  // The flood alerts: an all-clear (or a milder Siaga) from a gauge that dropped out to 0 during a flood tells responders
  // the water went down when nobody knows (bench:rivers-faults --at flood).
  faultHoldRules: Object.freeze(['flood_level', 'rate_of_rise', 'upstream_warning'] as const),
  // Not flood_level: a level measured above a Siaga line is no forecast that runs out; nothing says the water went down.
  uncheckedRules: Object.freeze(['rate_of_rise', 'upstream_warning'] as const),
  // An hourly gauge's 2 h are two readings: a fault is not told as lasting before three intervals have passed.
  uncheckedAfterIntervals: 3,
  escalateAfterMs: Object.freeze({ info: null, warning: 30 * 60_000, critical: 10 * 60_000 }),
  // Nobody can judge a new alert before the sensor has spoken again at least twice.
  escalateAfterIntervals: 2,
  escalateMaintenance: false,
  by: 'pantau'
});

/** Rules that describe the sensor, not the city: always maintenance, whatever a finding says. */
export const MAINTENANCE_RULES: ReadonlySet<AlertRule> = new Set(['sensor_silent', 'sensor_stuck', 'sensor_spike', 'sensor_step', 'sensor_range']);

/**
 * A quiet period of `ms` at a sensor reporting every `intervalMs`, ended halfway between two of its
 * readings (the first such point at or after `ms`): never as a reading is due. One ending with a
 * reading due let the order of the clock's tick and that reading decide whether a finding back
 * with it kept the alert open or closed it and raised a new one (bench:rivers: a statistical hold
 * of exactly 20 intervals closed by the tick at 07:20, raised again by the active reading of
 * 07:20). 5.5 intervals stay 5.5; 12 become 12.5, the 5-minute floor at 30 s 5¼ min. 0 stays 0.
 */
export function betweenReadingsMs(ms: number, intervalMs: number): number {
  if (!(ms > 0) || !(intervalMs > 0) || !Number.isFinite(ms) || !Number.isFinite(intervalMs)) return ms;
  // the epsilon keeps a period already on a half-interval point (5.5) from moving a whole interval on
  return (Math.ceil(ms / intervalMs - 0.5 - 1e-9) + 0.5) * intervalMs;
}

/** How long a rule's open alert waits without its finding before it resolves (the plain quiet period). */
export function resolveQuietMs(o: Readonly<AlertPolicyOptions>, rule: AlertRule, intervalMs: number): number {
  return betweenReadingsMs(Math.max(o.resolveQuietMs, (MAINTENANCE_RULES.has(rule) ? o.maintenanceQuietIntervals : o.resolveQuietIntervals) * intervalMs), intervalMs);
}

/**
 * The span in which flapMaxRaises raises keep an alert open, ending halfway between two readings as
 * the quiet periods do: one ending with a reading due let the order of tick and reading decide
 * whether a finding back with it kept the flapping alert open or closed it and raised (paged) again.
 */
export function flapWindowMs(o: Readonly<AlertPolicyOptions>, rule: AlertRule, intervalMs: number): number {
  return betweenReadingsMs(Math.max(MAINTENANCE_RULES.has(rule) ? o.maintenanceFlapWindowMs : o.flapWindowMs, o.flapWindowIntervals * intervalMs), intervalMs);
}

/** How long an open alert waits without its finding before it resolves itself: a flapHoldRules rule holds a whole flap window. */
export function autoResolveQuietMs(o: Readonly<AlertPolicyOptions>, rule: AlertRule, intervalMs: number): number {
  const quiet = resolveQuietMs(o, rule, intervalMs);
  return o.flapHoldRules.includes(rule) ? Math.max(quiet, flapWindowMs(o, rule, intervalMs)) : quiet;
}
