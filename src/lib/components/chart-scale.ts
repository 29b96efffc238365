/** Pure scale helpers for the small SVG chart (no chart dependency). */

/** About `count` round tick values covering [min, max] (1, 2, 2.5 or 5 × 10^n steps). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toFixed(10)));
  return ticks;
}

/**
 * Fraction digits for a whole axis, chosen once from its ticks: the fewest (up to 3) that write every
 * tick exactly. Chosen per tick, an axis read "0.0, 100, 200, 300" (digitsFor gives 1 below 100).
 */
export function axisDigits(ticks: readonly number[]): number {
  for (let d = 0; d < 3; d++) {
    if (ticks.every((t) => Math.abs(t * 10 ** d - Math.round(t * 10 ** d)) < 1e-6)) return d;
  }
  return 3;
}

/** Value range to draw: the data and the thresholds, padded 5 % so lines do not touch the frame. */
export function valueDomain(values: readonly number[], extra: readonly number[] = []): [number, number] {
  const all = [...values, ...extra].filter(Number.isFinite);
  if (all.length === 0) return [0, 1];
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (lo === hi) {
    lo -= 1;
    hi += 1;
  }
  const pad = (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}

export function linear(domain: [number, number], range: [number, number]): (v: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/**
 * SVG path of a series; a gap longer than `maxGapMs` (a sensor that stopped) breaks the line
 * instead of drawing a straight bridge that looks like data.
 */
export function linePath(
  points: readonly (readonly [number, number])[],
  x: (t: number) => number,
  y: (v: number) => number,
  maxGapMs: number
): string {
  let d = '';
  let prevT = -Infinity;
  for (const [t, v] of points) {
    const cmd = t - prevT > maxGapMs ? 'M' : 'L';
    d += `${cmd}${x(t).toFixed(1)},${y(v).toFixed(1)}`;
    prevT = t;
  }
  return d;
}

const HOUR_MS = 3_600_000;

/** Steps the time axis may take (hours): each a whole multiple of the one before it or a round day count. */
const TIME_STEPS_H = [0.25, 0.5, 1, 2, 3, 6, 12, 24, 48, 120, 240, 720] as const;

/**
 * Room one time label needs (px): "14:05" in the axis' 12 px tabular figures is about 32 px wide,
 * plus a gap so two labels never read as one.
 */
export const TIME_LABEL_PX = 48;

/**
 * Time-axis ticks for a window: a step that keeps about 5–10 labels from two hours up to 30 days,
 * made coarser until neighbouring labels are at least `labelPx` apart on a plot `plotPx` wide (on a
 * 390 px phone the plot is about 190 px: six hourly labels there overlapped).
 */
export function timeTicks(from: number, to: number, plotPx = Infinity, labelPx = TIME_LABEL_PX): number[] {
  const spanH = (to - from) / HOUR_MS;
  if (!(spanH > 0)) return [];
  const preferredH = spanH <= 2 ? 0.25 : spanH <= 8 ? 1 : spanH <= 30 ? 3 : spanH <= 200 ? 24 : 120;
  // the step (h) at which two labels are just labelPx apart; no room at all leaves no label
  const roomH = plotPx > 0 ? (spanH * labelPx) / plotPx : Infinity;
  const stepH = TIME_STEPS_H.find((s) => s >= preferredH && s >= roomH) ?? Math.ceil(roomH / 720) * 720;
  if (!Number.isFinite(stepH)) return [];
  const step = stepH * HOUR_MS;
  const out: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) out.push(t);
  return out;
}
