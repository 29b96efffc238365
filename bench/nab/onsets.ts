/**
 * From the rule's scores to the alerts the product raises, reading by reading, for NAB's scorer.
 *
 * NAB counts every reading whose score passes the threshold as a detection, and each one outside a
 * label window as a false positive. The product raises one alert per episode: statistical.ts keeps
 * a finding active while its score holds above HOLD_SHARE of the threshold and a pattern finding
 * for one block of readings; alert-policy.ts keeps a statistical alert open until its flap window,
 * max(60 min, 20 intervals), passes without an active reading (`flapHoldRules`; other rules 5.5
 * intervals). A finding inside that episode updates the open alert; it is not a new one. So this
 * writes, per reading, the rule's score when it would open a new alert and 0 while one is open.
 * Online: each output depends on the readings so far only (the interval is the sensor's, as a
 * catalog states it: the file's typical step).
 *
 * Not mirrored (as before): the alert policy's wait of 5 min and 2 readings in a row before it
 * raises a statistical alert (a one-reading finding counts here, as ARTime's one-reading anomalies
 * do in NAB; mirrored, the scorer's one-reading findings vanish and NAB drops to 62.8), and its flap
 * hold (an alert raised 3 times within 20 intervals stays open until a person resolves it; nobody
 * resolves alerts in NAB). NAB, development split: 74.2 → 74.9 standard (ingest/detect/README.md).
 */
import { ALERT_POLICY_DEFAULTS, autoResolveQuietMs } from '../../ingest/detect/alert-policy-options';
import { HOLD_SHARE, patternHoldReadings } from '../../ingest/detect/statistical';

export class AlertOnsets {
  readonly #threshold: number;
  readonly #quietReadings: number;
  #n = 0;
  #lastActive = -Infinity;
  #active = false;
  #holdLeft = 0;
  #holdScore = 0;

  /** `quietReadings`: readings without an active one after which the open alert resolves (statisticalQuietReadings). */
  constructor(threshold: number, quietReadings: number) {
    this.#threshold = threshold;
    this.#quietReadings = quietReadings;
  }

  /**
   * One reading: the scorer's score, the pattern channel's on the rule's scale (0 when it flags
   * nothing) and the channel's block length in readings. Returns the rule's score for this
   * reading when it opens a new alert, else 0.
   */
  next(scorer: number, pattern: number, step: number): number {
    const i = ++this.#n;
    if (pattern > 0) {
      this.#holdLeft = patternHoldReadings(step);
      this.#holdScore = pattern;
    }
    let score = scorer;
    if (this.#holdLeft > 0) {
      this.#holdLeft--;
      if (score < this.#threshold && this.#holdScore > score) score = this.#holdScore;
    }
    this.#active = score >= this.#threshold || (this.#active && score >= HOLD_SHARE * this.#threshold);
    if (!this.#active) return 0;
    const open = i - this.#lastActive < this.#quietReadings;
    this.#lastActive = i;
    return open ? 0 : score;
  }
}

/**
 * Readings without an active finding after which the policy resolves a statistical alert on its own,
 * at a sensor reporting every `intervalMs`: its quiet time (alert-policy.ts autoResolveQuiet) in steps.
 */
export function statisticalQuietReadings(intervalMs: number): number {
  const interval = intervalMs > 0 && Number.isFinite(intervalMs) ? intervalMs : 300_000;
  return autoResolveQuietMs(ALERT_POLICY_DEFAULTS, 'statistical', interval) / interval;
}

/** A file's reporting interval as a catalog would state it: the median step between its rows. */
export function typicalIntervalMs(times: readonly number[]): number {
  const steps: number[] = [];
  for (let i = 1; i < times.length && steps.length < 10_000; i++) if (times[i] > times[i - 1]) steps.push(times[i] - times[i - 1]);
  if (steps.length === 0) return Number.NaN;
  steps.sort((a, b) => a - b);
  return steps[steps.length >> 1];
}
