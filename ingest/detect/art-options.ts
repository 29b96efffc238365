/** The ART channel's options (art-channel.ts): the product's, and NAB's probation for a file. */

export interface ArtChannelOptions {
  /** Readings of probation (learning only, score 0); at least 16, at most 100,000. */
  probationRecords: number;
  /** When set, probation is this long at the median of the first intervals (art-channel.ts), if shorter. */
  probationMs?: number;
  /** The series' known range (NAB gives each file's); when absent, learnt during probation. */
  min?: number;
  max?: number;
  /** Most categories kept (when full, the best match widens instead); ≥ 26. */
  capacity: number;
  /** When the range is learnt: room below and above it, in probation ranges. */
  rangeMarginLow?: number;
  rangeMarginHigh?: number;
}

/**
 * The product's equivalent of what NAB tells a detector: a probation of one week of readings at
 * the median of the first intervals (a sensor's weekly cycle is learnt before it may speak;
 * blocks grow with the interval count, so state does not), and the range seen in it, with half of
 * it again of room above (sensor series spike upwards from a floor; NAB's file maximum is often
 * the anomaly itself). 48 categories: the 4 KB per series with the statistical scorer.
 */
export const ART_PRODUCT_OPTIONS: Readonly<ArtChannelOptions> = Object.freeze({
  probationRecords: 100_000,
  probationMs: 7 * 86_400_000,
  capacity: 48,
  rangeMarginLow: 0,
  rangeMarginHigh: 0.5
});

/** NAB's probation for a file of `rows` readings: 15 %, at most 750 (ARTime makes it even). */
export function nabProbation(rows: number): number {
  const p = rows < 5000 ? Math.floor(0.15 * rows) : 750;
  return p - (p % 2);
}
