/**
 * sensor_stuck's floor for a water gauge (sensor-faults.ts StuckSensor): how many readings of one value count as stuck
 * at a sensor's interval, and a river's pace, which decides whether the shorter floor holds. Pure functions over the
 * detector's state slab: per field two numbers (smallest step seen, mean move per reading), then the last reading's time.
 */

/**
 * A watched field's stuck run: `run` readings in a row of one value, never counted before `run` changes were seen; with
 * `minRun` and `minMs`, a shorter floor at slow sensors (stuckFloor).
 */
export interface StuckSpec {
  run: number;
  ignoreZero: boolean;
  minRun?: number;
  minMs?: number;
}

/**
 * The fewest readings in a row of one value that count as stuck at a sensor reading every `intervalS`: `run`; with
 * `minRun` and `minMs`, as many as last minMs, but at least minRun. Never more than `run`. Above it, each sensor's own
 * calm decides (STUCK_CALM_FACTOR).
 */
export function stuckFloor(spec: StuckSpec, intervalS: number): number {
  if (spec.minRun === undefined || spec.minMs === undefined) return spec.run;
  return Math.min(spec.run, Math.max(spec.minRun, Math.ceil(spec.minMs / (Math.max(1, intervalS) * 1000))));
}

/**
 * A river's pace: how many readings one step of its resolution takes, as (smallest step seen) ÷ (its mean move per
 * reading). stuckFloor's shorter floor holds only where that is at most STUCK_PACE_RUN readings: a river that moves
 * every reading or two and then repeats one value exactly for hours has stopped being read. One in its slow recession
 * at the gauge's resolution (L'Aude à Marseillette, 0.1 cm every 3–7 readings, then 12.6 cm for 56 readings on 20 January
 * 2020: bench:rivers) sits on one value for hours as a river does, and keeps the 120-reading floor.
 */
export const STUCK_PACE_RUN = 2;
/** A gap longer than this many intervals ends what the pace knew. */
const STUCK_PACE_GAP_INTERVALS = 6;
/** The pace's memory: about 6 h of readings at 10 min. */
const PACE_ALPHA = 1 / 36;

/** A change counts at most this many steps of the resolution into the mean move. */
const PACE_MAX_STEPS = 2 * STUCK_PACE_RUN;

/**
 * A change of `step` after a run of `run` readings into the pace at `at` (smallest step, mean move per reading): a run
 * counts only once it ends, so a freeze under way does not slow the pace it is judged by. A change counts as at most
 * PACE_MAX_STEPS steps: one jump (a release, a datum change: +80 cm on a river moving 0.1 cm every 3–7 readings) is no
 * pace, and counted whole it made that river a moving one for a day, flagged stuck 4 h into a flat spell.
 */
export function stuckPace(st: Float64Array, at: number, step: number, run: number): void {
  st[at] = Number.isNaN(st[at]) ? step : Math.min(st[at], step);
  const [per, w] = [Math.min(step, PACE_MAX_STEPS * st[at]) / run, 1 - (1 - PACE_ALPHA) ** run];
  st[at + 1] = Number.isNaN(st[at + 1]) ? per : st[at + 1] + w * (per - st[at + 1]);
}

/**
 * A reading at `ts` after a gap of hours (readings `intervalS` apart, the pace of F fields at `at`): the pace learnt
 * before it says nothing of the river now (L'Aude à Marseillette came back from 3 days without readings at 12.6 cm,
 * from a moving 44 cm, and sat there 56 readings): learnt afresh. Whether there was such a gap.
 */
export function paceAfterGap(st: Float64Array, at: number, F: number, ts: number, intervalS: number): boolean {
  const gap = ts - st[at + 2 * F] > STUCK_PACE_GAP_INTERVALS * intervalS * 1000;
  if (gap) st.fill(NaN, at, at + 2 * F);
  if (!(ts <= st[at + 2 * F])) st[at + 2 * F] = ts;
  return gap;
}

/** The fewest readings of one value that count as stuck for the field whose pace is at `at`: stuckFloor on a river that moves. */
export function paceFloor(st: Float64Array, at: number, spec: StuckSpec, intervalS: number): number {
  if (spec.minRun === undefined) return spec.run;
  return st[at] / st[at + 1] <= STUCK_PACE_RUN ? stuckFloor(spec, intervalS) : spec.run;
}
