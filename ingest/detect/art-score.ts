/** From the ART channel's match to a score (art-channel.ts). */

/**
 * The channel's score on the rule's scale: an anomaly (a new cluster after probation, not masked)
 * is a finding by itself, so it scores at least the rule's `threshold`; a confidence above that
 * ranks it higher. ARTime's confidence is not on the scorer's scale: NAB's sweep picks about 0.18
 * for the channel alone against 0.639 for the scorer, so the larger of the two raw scores dropped
 * most of the channel's findings (NAB, development split: 68.5 → 74.2 standard, LOCO 67.2 → 74.2;
 * README.md here).
 */
export function patternScore(confidence: number, threshold: number): number {
  return confidence > 0 ? Math.max(threshold, confidence) : 0;
}

/** How far the match fell below both vigilances (relative to its own shortfall), plus misfit. */
export function confidence(match: number, energy: number, lower: number, upper: number): number {
  const m = Math.min(0.999, match);
  const ub = (upper - m) / (1 - m);
  const lb = (lower - m) / (1 - m);
  return Math.min(1, ub * 0.35 + lb * 0.65 + (1 - energy) * 1.5);
}
