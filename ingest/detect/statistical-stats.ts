/**
 * Small online statistics for the statistical detector. Each keeps its state in fixed-size
 * typed arrays, so a series' whole state has a size known in advance.
 */

/** Hour of day (UTC) and weekend flag → one of 48 slots; callers shift `ts` to local time first. */
export function seasonSlot(ts: number): number {
  const d = new Date(ts);
  const day = d.getUTCDay();
  const weekend = day === 0 || day === 6 ? 1 : 0;
  return weekend * 24 + d.getUTCHours();
}
export const SEASON_SLOTS = 48;

/**
 * Robust location and spread, updated one value at a time: the location moves toward the value by
 * at most 3 spreads × rate (an EW median), the spread is an EW mean absolute deviation with
 * deviations capped at 5 spreads. A single outlier moves neither much, so it cannot hide the next.
 */
export function updateRobust(loc: number, spread: number, x: number, rate: number): [number, number] {
  if (!Number.isFinite(spread) || spread <= 0) spread = Math.abs(x - loc) || 1e-9;
  const dev = x - loc;
  const nextLoc = loc + rate * Math.max(-3 * spread, Math.min(3 * spread, dev));
  const nextSpread = spread + rate * (Math.min(Math.abs(dev), 5 * spread) - spread);
  return [nextLoc, Math.max(nextSpread, 1e-12)];
}

/**
 * A slowly forgetting histogram over log-spaced bins of positive values: answers "what share of
 * past values was at least this large" (linear within a bin), then learns the value. Values
 * from e^−7 to e^5 get their own bins; the rest share the edge bins.
 */
export interface TailEstimator {
  tailShare(x: number, rate: number): number;
  readonly bytes: number;
}

const TAIL_BINS = 48;
const TAIL_LOG_MIN = -7;
const TAIL_LOG_SPAN = 12;

export function createTailEstimator(): TailEstimator {
  const bins = new Float32Array(TAIL_BINS);
  let total = 0;
  return {
    tailShare(x, rate) {
      const pos = ((Math.log(Math.max(x, 0) + 1e-3) - TAIL_LOG_MIN) / TAIL_LOG_SPAN) * TAIL_BINS;
      const b = Math.max(0, Math.min(TAIL_BINS - 1, Math.floor(pos)));
      let above = bins[b] * Math.max(0, Math.min(1, b + 1 - pos));
      for (let i = b + 1; i < TAIL_BINS; i++) above += bins[i];
      const share = total > 0 ? above / total : 1;
      for (let i = 0; i < TAIL_BINS; i++) bins[i] *= 1 - rate;
      total = total * (1 - rate) + rate;
      bins[b] += rate;
      return share;
    },
    bytes: bins.byteLength + 8
  };
}
