/**
 * Where each number of a statistical scorer lives in its block of the shared slab (state-arena.ts):
 * Float64 scalars, then Float32 tables, then one Uint8 count per seasonal slot. Kept apart from the
 * scorer's arithmetic (statistical-scorer.ts) so the block's size and first values are one place.
 */
import { AR_FIELDS, CP_FIELDS, CP_TAIL_REGION } from './statistical-changepoint';
import type { AnomalyScorerOptions } from './statistical-options';
import { SEASON_SLOTS, TAIL_BINS, Z_REGION } from './statistical-stats';

export const HISTOGRAM_BINS = 32;
/** Raw scores kept for the average (averageRecords ≤ RING: the 3 read). */
export const RING = 3;

// Indices into the scalar (Float64) part of the state.
export const N = 0, LEVEL = 1, LEVEL_SPREAD = 2, LAST_TS = 3, LAST_VALUE = 4, STEP_LOC = 5, STEP_SPREAD = 6;
export const DT = 7, RES_SPREAD = 8, LO = 9, HI = 10, PEAK = 11, RING_AT = 12, SHORT = 13, NORMAL = 14;
export const CHANNEL_PEAK = 15, OUT_PEAK = 16, SURPRISE = 17, SPREAD = 18;
// What the last reading's surprise came from (SCORER_CAUSES index), its step from the one before and
// the time between the two (a step may span up to gapSteps intervals): for the texts.
export const CAUSE = 19, STEP_D = 20, STEP_DT = 21;
// The edge of the range before the last reading widened it (NaN when it did not): the next reading
// settles whether that widening stands (statistical-range.ts).
export const EDGE_BEFORE = 22;
export const SCALARS = 23; // index 0..22 (the Float32 part after them stays 4-byte aligned)
// Offsets into the Float32 part: seasonal means, the value histogram (+ its scale), the raw-score
// ring, the raw-score tail histogram (+ total and scale).
export const SEASON = 0;
export const HIST = SEASON + SEASON_SLOTS;
export const RING_OFF = HIST + HISTOGRAM_BINS + 1;
export const TAIL = RING_OFF + RING;
export const CHANNELS = TAIL + TAIL_BINS + 2;
export const CHANNEL_COUNT = 3;
export const FLOATS = CHANNELS + CHANNEL_COUNT * Z_REGION;
// The change-point opinion, when on: its own past (CP_TAIL_REGION), its AR part (when on), then its hypotheses.
export const CP_TAIL = FLOATS;
export const CP_AR = CP_TAIL + CP_TAIL_REGION;
export function arFloats(o: Readonly<AnomalyScorerOptions>): number {
  return o.changePointArRate > 0 ? AR_FIELDS : 0;
}
export function changePointFloats(o: Readonly<AnomalyScorerOptions>): number {
  return o.changePointHypotheses > 0 ? CP_TAIL_REGION + arFloats(o) + o.changePointHypotheses * CP_FIELDS : 0;
}
export function stateBytes(o: Readonly<AnomalyScorerOptions>): number {
  return SCALARS * 8 + (FLOATS + changePointFloats(o)) * 4 + SEASON_SLOTS;
}


/** Where a block at `byteOffset` starts in the slab's Float64, Float32 and Uint8 views. */
export function blockStarts(byteOffset: number, o: Readonly<AnomalyScorerOptions>): [number, number, number] {
  return [byteOffset / 8, (byteOffset + SCALARS * 8) / 4, byteOffset + SCALARS * 8 + (FLOATS + changePointFloats(o)) * 4];
}

/** A fresh block's tables: uniform histograms with unit scale, empty tails (the slab is zeroed). */
export function initTables(f: Float32Array, fb: number, o: Readonly<AnomalyScorerOptions>): void {
  f.fill(1 / HISTOGRAM_BINS, fb + HIST, fb + HIST + HISTOGRAM_BINS);
  f[fb + HIST + HISTOGRAM_BINS] = 1;
  f[fb + TAIL + TAIL_BINS + 1] = 1;
  for (let c = 0; c < CHANNEL_COUNT; c++) f[fb + CHANNELS + c * Z_REGION + Z_REGION - 2] = 1;
  if (o.changePointHypotheses > 0) f[fb + CP_TAIL + CP_TAIL_REGION - 2] = 1;
}
