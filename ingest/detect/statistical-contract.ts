/**
 * What a statistical scorer answers (statistical-scorer.ts implements it): the score of each
 * reading, and for the alert's texts what was normal and what was not.
 */

/** What made a reading surprising (AnomalyScorer.lastCause). */
export const SCORER_CAUSES = ['value', 'step', 'shift'] as const;
export type ScorerCause = (typeof SCORER_CAUSES)[number];

export interface AnomalyScorer {
  /** Score one reading in [0, 1]; readings must come in time order (older ones score 0, unlearned). */
  score(ts: number, value: number): number;
  /** The series' normal at `ts`: its seasonal baseline when trusted, else its level. */
  normal(ts: number): number;
  /** The normal the last scored reading was compared with (before it was learned). */
  lastNormal(): number;
  /** The typical distance from that normal (a mean absolute deviation, in the value's unit). */
  lastSpread(): number;
  /** How surprising the last reading was, in nats (≈ −ln of its chance per reading); 0 in warm-up. */
  lastSurprise(): number;
  /**
   * What made the last reading surprising, for the texts (never for the score): its value against
   * the hour's normal, its step from the reading before, or a shift of the recent level.
   */
  lastCause(): ScorerCause;
  /**
   * The last step (this reading minus the one before; 0 across a gap), the time it took (ms), and
   * the usual size of a step (its trend or its scatter, the larger).
   */
  lastStep(): { change: number; typical: number; gapMs: number };
  /** The recent level (a short mean) and the series' usual level. */
  lastShift(): { recent: number; usual: number };
  /**
   * Takes back what the last reading taught that a lone glitch would teach for weeks (statistical-forget.ts): call when a
   * fault rule rejected it, before the next reading is scored.
   */
  forgetLast(): void;
  /** The series' typical time between readings, in ms (0 before the second reading). */
  intervalMs(): number;
  /** Bytes of state held (the buffer's length plus a fixed object overhead). */
  stateBytes(): number;
}
