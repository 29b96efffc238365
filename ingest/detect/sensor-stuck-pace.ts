/**
 * sensor_stuck's runs (sensor-faults.ts StuckSensor): what counts as stuck per field and, for a water gauge, how long a
 * run of one value must last, and a river's pace, which decides whether the shorter floor holds. Pure functions over the
 * detector's state slab: per field two numbers (smallest step seen, mean move per reading), then the last reading's time.
 */

/**
 * A watched field's stuck run: `run` readings in a row of one value, never counted before `run` changes were seen; with
 * `minRun` and `minMs`, a shorter floor in time (stuckLasted).
 */
export interface StuckSpec {
  run: number;
  ignoreZero: boolean;
  minRun?: number;
  minMs?: number;
}

/** Readings in a row with exactly the same value before a field counts as stuck (at least; see
 * STUCK_CALM_FACTOR). Only fields that normally move are watched: rainfall sits at 0 for days,
 * flow can be 0 all night. */
export const STUCK_RUN: Record<string, StuckSpec> = {
  // A gauge reading in whole cm can be flat for an hour in the dry season: give it two hours at 1/min.
  // A road gauge reads exactly 0 cm whenever the road is dry (most of the time): 0 is no evidence.
  // At slower gauges 4 h and at least 24 readings (120 readings were 20 h at 10 min, and a 6-hour freeze was never
  // flagged: bench:rivers-faults stuck-6h), timed on the readings' own spacing: stuckLasted. Twice sensor_step's longest
  // hold of a frozen jump (2 h), so that its other half is the flood rules' to warn of a release standing flat
  // (sensor-step-frozen.ts).
  water_level: { run: 120, ignoreZero: true, minRun: 24, minMs: 4 * 3_600_000 },
  // PM at 0.1 µg/m³ resolution never repeats for a quarter of an hour on a working sensor; 30 readings
  // (plus the policy's minute) was longer than a 30-minute freeze (bench:scenarios fault-stuck: 0 % recall).
  pm25: { run: 15, ignoreZero: false },
  pm10: { run: 15, ignoreZero: false },
  // Some detectors report speed 0 when no vehicle passed.
  speed: { run: 30, ignoreZero: true }
};

/**
 * Each sensor's own calm: a series counts as stuck only once it has been variable (changed at least
 * `run` times) and then stays exactly constant this many times longer than the longest constant run
 * it has shown before and left. Some rivers are really flat: a gauge on the Tech read 228.5 cm for
 * 48 h and exactly flat for 24 h at a time all month, and got 200 "stuck value" alerts (issue 10).
 */
export const STUCK_CALM_FACTOR = 3;

/**
 * The fewest readings of one value that count as stuck at a sensor reading exactly every `intervalS`: stuckLasted's
 * floor in readings at that spacing (`run`; with minRun and minMs, as many as last minMs, at least minRun, at most `run`).
 * Only a count to start from where no times are known (an alert restored at start).
 */
export function stuckFloor(spec: StuckSpec, intervalS: number): number {
  if (spec.minRun === undefined || spec.minMs === undefined) return spec.run;
  return Math.min(spec.run, Math.max(spec.minRun, Math.ceil(spec.minMs / (Math.max(1, intervalS) * 1000))));
}

/**
 * Whether `run` readings of one value, the first `spanMs` before the last, are stuck by `spec` (before each sensor's
 * calm, STUCK_CALM_FACTOR): `run` readings; with minRun and minMs, on a river whose pace moves (`paced`), at least minRun
 * readings that cover minMs of time at the spacing the gauge kept during the run (run readings stand for spanMs ÷ (run −
 * 1) each: 24 readings 10 min apart are the 4 h, as stuckFloor counts them). Counted in readings at the stated interval, a
 * 10-minute gauge read every 2 min was called stuck after 46 min, and sensor_step's frozen-jump hold, half of it, ended
 * after 24; timed on the readings, 4 h at any rate, up to `run` readings (2 h at 1 min, 4 h at 2 min). A gap inside the
 * run counts as time the value stood; one longer than the pace's (STUCK_PACE_GAP_INTERVALS) ends the shorter floor.
 */
export function stuckLasted(spec: StuckSpec, run: number, spanMs: number, paced: boolean): boolean {
  if (run >= spec.run) return true;
  if (!paced || spec.minRun === undefined || spec.minMs === undefined || run < spec.minRun) return false;
  return run * spanMs >= (run - 1) * spec.minMs;
}

/**
 * A river's pace: how many readings one step of its resolution takes, as (smallest step seen) ÷ (its mean move per
 * reading). stuckLasted's shorter floor holds only where that is at most STUCK_PACE_RUN readings: a river that moves
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

/** Whether the river whose pace is at `at` moves a step of its resolution every STUCK_PACE_RUN readings or faster. */
export function paceMoves(st: Float64Array, at: number): boolean {
  return st[at] / st[at + 1] <= STUCK_PACE_RUN;
}
