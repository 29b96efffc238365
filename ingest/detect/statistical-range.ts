/**
 * The range of values a statistical scorer has seen ([LO, HI] in its block, statistical-layout.ts):
 * its 1 % floors the spreads, its 32 bins hold the value histogram, a value beyond it is a range
 * break, and the texts' usual range follows the floored spread. Plain functions over the scorer's
 * Float64 scalars (s, sb), called once per reading by statistical-scorer.ts.
 *
 * Ingest refuses impossible values, not absurd ones: a lone glitch (−262 cm at a gauge that reads
 * 12, a 10× spike) would widen a range that only widens for good, and everything above would scale
 * to it for the rest of the sensor's life (spread 2.8 cm instead of 0.18 at that gauge). So a reading
 * more than ABSURD_SPANS ranges beyond the range, after the warm-up, widens it only as far as the
 * next reading goes too. Smaller widenings stand at once, as does a lasting jump (at its second
 * reading); a glitch that recurs, lone each time, is taken back each time.
 */
import { EDGE_BEFORE, HI, LAST_VALUE, LO, N } from './statistical-layout';

/**
 * An order of magnitude, so a series' own heavy tail (tweet counts, ad prices whose spikes double
 * the range) still widens it at once. At 1 or 3 ranges NAB lost 0.7 and 2.7 low-FP points; at 10
 * one reading of NAB's split after its warm-up is that far out, and no detection changes
 * (ingest/detect/README.md, "A lone absurd reading").
 */
const ABSURD_SPANS = 10;

/** The range of the first reading; no widening to settle. */
export function startRange(s: Float64Array, sb: number, x: number): void {
  s[sb + LO] = s[sb + HI] = x;
  s[sb + EDGE_BEFORE] = NaN;
}

/** Widens the range to x at once, keeping the edge it had (NaN when x lies inside) for settleRange. */
export function widenRange(s: Float64Array, sb: number, x: number): void {
  s[sb + EDGE_BEFORE] = x > s[sb + HI] ? s[sb + HI] : x < s[sb + LO] ? s[sb + LO] : NaN;
  if (x < s[sb + LO]) s[sb + LO] = x;
  if (x > s[sb + HI]) s[sb + HI] = x;
}

/**
 * With the next reading x (before it is scored, after the reading count is raised): a widening by
 * the last reading of more than ABSURD_SPANS ranges is taken back to as far as x goes too.
 */
export function settleRange(s: Float64Array, sb: number, x: number, warmupRecords: number): void {
  const before = s[sb + EDGE_BEFORE];
  if (Number.isNaN(before)) return;
  s[sb + EDGE_BEFORE] = NaN;
  if (s[sb + N] <= warmupRecords) return; // the range is still being learnt
  const prev = s[sb + LAST_VALUE];
  if (prev > before && prev - before > ABSURD_SPANS * (before - s[sb + LO])) s[sb + HI] = Math.max(before, Math.min(prev, x));
  else if (prev < before && before - prev > ABSURD_SPANS * (s[sb + HI] - before)) s[sb + LO] = Math.min(before, Math.max(prev, x));
}
