/**
 * A series' runs of one exact value, and its calm: the longest run it has shown and left, fading. What sensor_stuck
 * judges a frozen value against (sensor-faults.ts), and sensor_step a jump that then repeats one value exactly
 * (sensor-step.ts): a river that never sat on one value for more than 3 readings and now repeats its jump's value 4
 * times is not the river any more; one that sits flat for hours in the dry season says nothing by it.
 */

/**
 * The calm fades, halving in about this long: a run that ended may have been a freeze itself (a
 * 3-hour fault made the next freeze need 9 hours, and a week later an 8-hour one was never
 * flagged), and a frozen sensor is then flagged at last as its own past calm fades.
 */
export const STUCK_CALM_HALF_LIFE_MS = 7 * 86_400_000;

/** The calm's fading per reading at a sensor's interval (s). */
export function calmFade(intervalS: number): number {
  return 0.5 ** ((Math.max(1, intervalS) * 1000) / STUCK_CALM_HALF_LIFE_MS);
}

/**
 * Takes value `v` into the three numbers of a run in `st` at `at`, `at + stride` and `at + 2 * stride`: the last value
 * (NaN before the first), the run of it so far (readings), the calm. The calm fades by `fade` per reading, and a run
 * that ends becomes it when longer; with `ignoreZero` a run of 0 that ends does not (a dry road gauge is no calm of a
 * working sensor). Whether `v` began a new run (it differs from the last value).
 */
export function advanceRun(st: Float64Array, at: number, stride: number, v: number, fade: number, ignoreZero: boolean): boolean {
  const [run, calm] = [at + stride, at + 2 * stride];
  st[calm] *= fade;
  if (v === st[at]) {
    st[run]++;
    return false;
  }
  if (!(ignoreZero && st[at] === 0) && st[run] > st[calm]) st[calm] = st[run];
  [st[at], st[run]] = [v, 1];
  return true;
}
