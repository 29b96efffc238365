/**
 * The team's reference detector from shared/nab/README.md: z = |x − mean| / std over the previous
 * 1000 readings (the current one excluded), score z / (z + 3), 0 for the first 30 readings.
 * Scored in every bench run as a check of our NAB scorer (README: 35.6 / 29.0 / 44.5 on this split).
 */
const WINDOW_RECORDS = 1000;
const WARMUP_RECORDS = 30;

/**
 * A missing reading (NaN: an empty cell) scores 0 and is left out of the others' history, which
 * it would otherwise turn to NaN for the next 1000 rows.
 */
export function scoreBaselineZ(values: readonly number[]): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = WARMUP_RECORDS; i < values.length; i++) {
    if (!Number.isFinite(values[i])) continue;
    const from = Math.max(0, i - WINDOW_RECORDS);
    let n = 0;
    let sum = 0;
    for (let j = from; j < i; j++) if (Number.isFinite(values[j])) (sum += values[j]), n++;
    if (n === 0) continue;
    const mean = sum / n;
    let ss = 0;
    for (let j = from; j < i; j++) if (Number.isFinite(values[j])) ss += (values[j] - mean) ** 2;
    const std = Math.sqrt(ss / n);
    const dev = Math.abs(values[i] - mean);
    // A constant history: any change is infinitely surprising, no change is not at all.
    const z = std > 0 ? dev / std : dev > 0 ? Infinity : 0;
    out[i] = Number.isFinite(z) ? z / (z + 3) : 1;
  }
  return out;
}
