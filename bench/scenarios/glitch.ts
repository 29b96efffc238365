/**
 * "No emergency from a reading the fault rules reject" (issue 10), scored on the glitched flood
 * slots (*-glitch). An emergency alert raised soon after a scripted glitch on the glitched gauge or
 * a gauge its water reaches is from the glitch unless the same run without the glitches (the twin:
 * same seed, same storms) has that alert too. Without the twin a flood warning that falls due two
 * minutes after the glitch (flood-rise-glitch, seed 3, 1-minute readings: the same alert at the same
 * minute with the glitch taken out) would count; with it only what the glitch changed counts.
 */
import { FORECAST_WARNING_DEFAULTS } from '../../ingest/detect/flood-forecast';
import { ALERT_POLICY_DEFAULTS } from '../../ingest/detect/alert-policy';
import type { Scenario } from '../../simulators/scenarios/types';
import type { AlertRecord } from './score';

/** One scripted glitch: when its reading is due and the gauges whose alerts it could move. */
export interface Glitch {
  at: number;
  sensorIds: readonly string[];
}

/**
 * How long after a glitch an emergency may be its doing: the forecast warning's horizon (2 h: a
 * glitch that entered a gauge's forecast, its straight line's window or its normal warns of at most
 * that far ahead), plus the readings the policy needs to raise. In intervals: 122 at 1-minute
 * readings, 14 at 10-minute ones. The twin keeps the real flood's warnings in that span out.
 */
export function glitchWindowMs(intervalMs: number): number {
  const horizonMs = FORECAST_WARNING_DEFAULTS.horizonMin * 60_000;
  return (Math.ceil(horizonMs / intervalMs) + ALERT_POLICY_DEFAULTS.minActiveReadings) * intervalMs;
}

/** The scenario without its glitches (one-reading spikes): what the twin run plays. */
export function withoutGlitches(s: Scenario): Scenario {
  return { ...s, effects: s.effects.filter((e) => e.type !== 'spike') };
}

/** A scenario's glitches from its start: the gauge and, for a flood gauge, the gauges downstream of it. */
export function glitchesOf(s: Scenario, startMs: number, downstream: (sensorId: string) => readonly string[]): Glitch[] {
  return s.effects.flatMap((e) => (e.type === 'spike' ? [{ at: startMs + e.atS * 1000, sensorIds: [e.sensorId, ...downstream(e.sensorId)] }] : []));
}

/** The twin has the alert: same gauge and rule, open at some time in the glitch's window. */
function inTwin(a: AlertRecord, twin: readonly AlertRecord[], g: Glitch, windowMs: number): boolean {
  return twin.some((b) => b.sensorId === a.sensorId && b.rule === a.rule && b.raisedAt <= g.at + windowMs && (b.resolvedAt ?? Infinity) >= g.at);
}

/** Emergency alerts raised within windowMs after a glitch, on its gauges, that the twin does not have. */
export function emergenciesFromGlitches(glitches: readonly Glitch[], alerts: readonly AlertRecord[], twin: readonly AlertRecord[], windowMs: number): AlertRecord[] {
  return alerts.filter(
    (a) =>
      a.category === 'emergency' &&
      glitches.some((g) => g.sensorIds.includes(a.sensorId) && a.raisedAt >= g.at && a.raisedAt <= g.at + windowMs && !inTwin(a, twin, g, windowMs))
  );
}
