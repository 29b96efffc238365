/**
 * The `statistical` rule: an online anomaly scorer per watched field of a sensor (see
 * statistical-scorer.ts and README.md in this folder), for when a series leaves its own normal in
 * a way no fixed threshold describes. Severity follows the scorer's confidence: `info` from the
 * threshold NAB's standard profile chose, `warning` (which can page) only when the reading is far
 * rarer than that (bench:scenarios: no statistical alert on quiet simulated weeks).
 * Beside each scorer, a pattern channel (art-channel.ts, after ARTime): after a week of learning
 * it flags a recent shape unlike any learnt; each such anomaly is a finding (scored at least the
 * threshold, see patternScore), `info` with its own text, held for one block of readings. NAB,
 * development split: 78.2 standard for the findings (once per episode as the policy groups them;
 * 74.9 before the change-point opinion); 62.9 for the alerts the engine and policy raise from them, 77.6 with the option
 * `raiseAfter` (off: it triples false alerts on quiet weeks; README.md here).
 */
import type { Finding } from '../../src/lib/core/alert';
import type { Detector } from '../../src/lib/core/detector';
import type { Reading } from '../../src/lib/core/reading';
import { FIELDS, type Sensor } from '../../src/lib/core/sensor';
import { ART_PRODUCT_OPTIONS, ArtChannel, patternScore } from './art-channel';
import type { DetectorContext, RuleDetector } from './context';
import { BYTES_PER_OBJECT, quietFinding, type SizedSensorDetector } from './finding';
import { allocState } from './state-arena';
import { createAnomalyScorer, type AnomalyScorer } from './statistical-scorer';
import { HOLD_SHARE, patternHoldReadings, resolveStatisticalOptions, type ResolvedStatisticalOptions as ResolvedOptions, type StatisticalOptions } from './statistical-settings';
import { explain, explainPattern, rarityText, type Explained } from './statistical-texts';
import { formatFindingTexts, formatNumberText } from './texts';

/** Shared quiet verdict: returned for nearly every reading, never allocated per reading. */
const QUIET_STATISTICAL = quietFinding('statistical', 'emergency');

export { createAnomalyScorer, DEFAULT_SCORER_OPTIONS } from './statistical-scorer';
export { rarityText } from './statistical-texts';
export type { AnomalyScorer, AnomalyScorerOptions } from './statistical-scorer';
// The rule's thresholds, fields and options live in statistical-settings.ts; importers keep this path.
export { HOLD_SHARE, POLICY_RAISE_AFTER, STATISTICAL_FIELDS, STATISTICAL_THRESHOLD, STATISTICAL_WARNING_THRESHOLD, patternHoldReadings, type StatisticalOptions } from './statistical-settings';

/** Per-sensor state: one scorer per watched field. */
class StatisticalSensor implements SizedSensorDetector {
  readonly #sensor: Sensor;
  readonly #o: ResolvedOptions;
  /** Tells when a fault rule rejected a reading (rejectedAt): the scorers forget it (statistical-forget.ts). */
  readonly #ctx: DetectorContext | undefined;
  readonly #fields: readonly string[];
  readonly #scorers: AnomalyScorer[];
  readonly #patterns: ArtChannel[];
  /**
   * Per field, in a block of the state slab (beside the sensor's other numbers: three small
   * arrays were six more objects each reading reached): from #hb the readings a pattern finding
   * still holds, from #hb + F its score, from #hb + 2F whether the field's last score was the
   * pattern finding's (1) or not (0).
   */
  readonly #h: Float64Array;
  readonly #hb: number;
  #active = false;
  /**
   * A lone scorer finding held, with the value that fired, until the alert policy can raise it
   * (null when none); when it fired, and the readings it has been active over (it counts).
   */
  #held: Finding | null = null;
  #heldSince = 0;
  #heldReadings = 0;

  constructor(sensor: Sensor, o: ResolvedOptions, ctx: DetectorContext | undefined) {
    this.#sensor = sensor;
    this.#o = o;
    this.#ctx = ctx;
    this.#fields = o.fields[sensor.kind];
    // Made now, not on first use: the engine builds a sensor's rules together, so its state
    // blocks sit side by side (state-arena.ts).
    this.#scorers = this.#fields.map(() => createAnomalyScorer(o.scorer));
    this.#patterns = o.pattern ? this.#fields.map(() => new ArtChannel(ART_PRODUCT_OPTIONS)) : [];
    const { slab, byteOffset } = allocState(3 * 8 * this.#fields.length);
    [this.#h, this.#hb] = [slab.f64, byteOffset >> 3];
  }

  /** The field's score: the scorer's, or a pattern finding's while it holds, whichever is larger. */
  #score(i: number, ts: number, value: number): number {
    const score = this.#scorers[i].score(ts, value);
    if (!this.#o.pattern) return score;
    const pattern = patternScore(this.#patterns[i].score(ts, value), this.#o.threshold);
    const h = this.#h;
    const left = this.#hb + i;
    const held = left + this.#fields.length;
    const led = held + this.#fields.length;
    if (pattern > 0) {
      h[left] = patternHoldReadings(this.#patterns[i].blocks().step);
      h[held] = pattern;
    }
    if (h[left] === 0) return (h[led] = 0), score;
    h[left]--;
    // The scorer's own verdict, when it reports, keeps its calibrated severity and texts.
    h[led] = score < this.#o.threshold && h[held] > score ? 1 : 0;
    return h[led] === 1 ? h[held] : score;
  }

  observe(reading: Reading): Finding | null {
    const fields = this.#fields;
    let best = -1;
    let bestScore = 0;
    // sensor_spike (run before this rule) rejected the reading before this one as a glitch, with this one
    const rejected = this.#ctx?.rejectedAt?.() === reading.ts;
    for (let i = 0; i < fields.length; i++) {
      const value = reading.values[fields[i]];
      if (value === undefined || !Number.isFinite(value)) continue;
      if (rejected) this.#scorers[i].forgetLast();
      const score = this.#score(i, reading.ts, value);
      if (best < 0 || score > bestScore) {
        best = i;
        bestScore = score;
      }
    }
    if (best < 0) return null;
    const threshold = this.#o.threshold;
    const held = bestScore < threshold ? this.#repeat(reading.ts, bestScore) : (this.#held = null);
    this.#active = bestScore >= threshold || (this.#active && bestScore >= HOLD_SHARE * threshold) || held !== null;
    if (!this.#active) return QUIET_STATISTICAL;
    if (held !== null) return held;
    const f = this.#finding(best, reading.values[fields[best]], bestScore);
    // A fresh scorer finding may be held (a pattern finding already holds for its block).
    if (bestScore >= threshold && !this.#patternLed(best) && this.#holdable(best)) {
      this.#held = f;
      this.#heldSince = reading.ts;
      this.#heldReadings = 1;
    }
    return f;
  }

  /** Whether field i's last score was the pattern finding's. */
  #patternLed(i: number): boolean {
    return this.#h[this.#hb + 2 * this.#fields.length + i] === 1;
  }

  /**
   * Whether the policy's minimum duration is one step of this sensor (to the nearest reading): then
   * one reading already covers it, and the policy waits only for the next reading to agree, which a
   * lone finding never gets. A faster sensor (1 min: 5 readings in the duration) has readings of
   * its own to show that a finding lasts; a lone one there is a blip, and is not held
   * (bench:scenarios, 1-min sensors: held, about one false alert per sensor-day).
   */
  #holdable(i: number): boolean {
    if (this.#o.raiseAfter === null) return false;
    const interval = this.#scorers[i].intervalMs() || this.#sensor.intervalS * 1000;
    return Math.round(this.#o.raiseAfter.ms / interval) <= 1;
  }

  /**
   * The held finding again for a reading that does not fire afresh, until the reading on which the
   * policy raises it (its minimum time and readings since the finding fired); null when none.
   */
  #repeat(ts: number, score: number): Finding | null {
    const f = this.#held;
    if (f === null || ts <= this.#heldSince) return null; // a late reading repeats nothing
    this.#heldReadings++;
    const { ms, readings } = this.#o.raiseAfter!;
    const raised = this.#heldReadings >= readings && ts - this.#heldSince >= ms;
    // A warning the next reading does not support goes on as info: one odd reading is a hint, not
    // a page (bench:rivers: held as warnings, lone readings of real gauges doubled the rule's false
    // emergencies). Made once per finding, not per reading.
    const out = f.severity === 'info' || score >= HOLD_SHARE * this.#o.threshold ? f : { ...f, severity: 'info' as const };
    this.#held = raised ? null : out;
    return out;
  }

  #finding(i: number, value: number, score: number): Finding {
    const field = this.#fields[i];
    const scorer = this.#scorers[i];
    const sensor = this.#sensor;
    const unit = (FIELDS[sensor.kind] as Record<string, { unit: string }>)[field].unit;
    const normal = scorer.lastNormal();
    // Title and action come from the shared text table; the explanation is this rule's own,
    // because it names the field, the sensor's usual range for the hour and how rare this is.
    const texts = formatFindingTexts('statistical', sensor.kind, 1, { name: sensor.name, value: formatNumberText(value) });
    const interval = scorer.intervalMs() || sensor.intervalS * 1000;
    // The pattern channel's confidence is not calibrated as a rarity: its findings stay hints.
    const pattern = this.#patternLed(i);
    const explanation = pattern
      ? explainPattern(field, unit, value, 8 * this.#patterns[i].blocks().step * interval)
      : explain({ field, unit, value, normal, spread: scorer.lastSpread(), rarity: rarityText(scorer.lastSurprise(), interval), cause: causeOf(scorer) });
    return {
      rule: 'statistical',
      category: 'emergency',
      active: true,
      severity: !pattern && score >= this.#o.warningThreshold ? 'warning' : 'info',
      level: 1,
      value,
      normal,
      title: texts.title,
      explanation,
      action: texts.action
    };
  }

  stateBytes(): number {
    const patterns = this.#patterns.reduce((n, p) => n + p.stateBytes(), 0);
    // Per field: a scorer and a channel reference, the two hold numbers and the led flag; per
    // sensor: the held finding's reference and its two numbers.
    return this.#scorers.reduce((n, s) => n + s.stateBytes(), BYTES_PER_OBJECT + patterns + 5 * 8 * this.#fields.length + 3 * 8);
  }
}

export function createStatisticalDetector(options: Partial<StatisticalOptions> = {}): Detector & RuleDetector {
  const o = resolveStatisticalOptions(options);
  return {
    rule: 'statistical',
    kinds: ['traffic', 'flood', 'air'],
    create: (sensor: Sensor, ctx?: DetectorContext) => new StatisticalSensor(sensor, o, ctx)
  };
}

export const statisticalDetector: Detector & RuleDetector = createStatisticalDetector();

/** What the scorer found unusual, for the text; the value itself needs no more than the hour's range. */
function causeOf(scorer: AnomalyScorer): Explained['cause'] {
  const cause = scorer.lastCause();
  if (cause === 'step') {
    // the time the step took, not the usual interval: a step may span a few missed readings
    const { change, typical, gapMs } = scorer.lastStep();
    return change === 0 ? undefined : { kind: 'step', change, typical, minutes: Math.max(1, Math.round(gapMs / 60_000)) };
  }
  return cause === 'shift' ? { kind: 'shift', ...scorer.lastShift() } : undefined;
}
