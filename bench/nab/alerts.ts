/**
 * The alerts the product raises on a NAB series, for NAB's scorer: the series is one air sensor of
 * a one-sensor catalog, run through the real detection engine (ingest/detect/engine.ts) with the
 * product's statistical rule and its real alert policy, reading by reading, the engine's clock
 * ticked at each reading's time. A reading scores 1 where the policy raises an alert and 0
 * elsewhere, so NAB counts exactly the alerts operators get: a finding the policy never raises
 * (too short, or inside an open alert) counts for nothing, and NAB's threshold sweep has nothing
 * to choose.
 *
 * The sensor's local clock is the file's (NAB's timestamps are local): the rule's hour-of-day
 * normal reads them as they are, not as Samarinda's WITA. Not the product's: no other rule runs
 * (the fault rules could gate the statistical one for half an hour after a rejected reading), and
 * nobody acknowledges or resolves an alert.
 */
import type { AlertPolicyOptions } from '../../ingest/detect/alert-policy-options';
import type { RuleDetector } from '../../ingest/detect/context';
import { createDetectionEngine } from '../../ingest/detect/engine';
import { DETECTORS } from '../../ingest/detect/index';
import { createStatisticalDetector, type StatisticalOptions } from '../../ingest/detect/statistical';
import type { NabSeries } from './csv';

/** The product's rule (with its engine settings) on the file's clock; `options` vary it. */
export function nabRule(options: Partial<StatisticalOptions> = {}): RuleDetector {
  const base = createStatisticalDetector({ ...options, scorer: { utcOffsetMs: 0, ...options.scorer } });
  return { ...DETECTORS.statistical!, rule: base.rule, kinds: base.kinds, create: (s) => base.create(s) };
}

/** One series → 1 on each reading where the alert policy raises a statistical alert, else 0. */
export function productAlerts(series: NabSeries, rule: RuleDetector = nabRule(), policy?: Partial<AlertPolicyOptions>): Float64Array {
  const { times, values } = series;
  const out = new Float64Array(values.length);
  if (values.length < 2) return out;
  // The catalog promises the interval between the file's first two readings; the engine then
  // learns the real one from the readings, as it does for a live sensor.
  const sensor = { id: 'nab', kind: 'air' as const, name: 'NAB', district: 'NAB', lat: 0, lon: 0, intervalS: Math.max(1, (times[1] - times[0]) / 1000) };
  const engine = createDetectionEngine({ catalog: { city: 'NAB', districts: [], sensors: [sensor] }, detectors: { statistical: rule }, policy });
  const raised = (events: readonly { type: string }[]) => events.some((e) => e.type === 'raised');
  for (let i = 0; i < values.length; i++) {
    // A raise by the clock (the sensor late with the reading after a finding) lands on this row.
    const byClock = raised(engine.tick(times[i]));
    out[i] = byClock || raised(engine.observe({ sensorId: 'nab', kind: 'air', ts: times[i], values: { pm25: values[i] } })) ? 1 : 0;
  }
  return out;
}
