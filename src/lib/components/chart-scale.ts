/** Pure scale helpers for the small SVG chart (no chart dependency). */
import { formatMonthYear, formatShortDate, formatShortTime } from '../format/format';
import type { Lang } from '../i18n/translate';

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

/**
 * WITA (Asia/Makassar, the zone every time on screen is in) is UTC+8 all year, with no daylight saving:
 * ticks are laid on its clock. Laid on UTC's, a day tick fell at 08:00 WITA and a 3 h tick at 02:00, 05:00…
 */
const WITA_OFFSET_MS = 8 * HOUR_MS;

/** Steps the time axis may take (hours): each a whole multiple of the one before it or a round day count. */
const TIME_STEPS_H = [0.25, 0.5, 1, 2, 3, 6, 12, 24, 48, 120, 240, 720] as const;

/**
 * Room one time label needs (px): "14:05" in the axis' 12 px tabular figures is about 32 px wide, a day
 * "30 Nov" about 40 px, plus a gap so two labels never read as one.
 */
export const TIME_LABEL_PX = 48;

/**
 * The time axis' step (h): about 3–10 labels from two hours up to 30 days, made coarser until
 * neighbouring labels are at least `labelPx` apart on a plot `plotPx` wide (on a 390 px phone the plot
 * is about 190 px: six hourly labels there overlapped). NaN when no label fits or the window is empty.
 */
function timeStepH(from: number, to: number, plotPx: number, labelPx: number): number {
  const spanH = (to - from) / HOUR_MS;
  if (!(spanH > 0)) return NaN;
  // hourly up to 10 h: the 6-hour window with its 2-hour forecast (8 h) read 09.00, 12.00, 15.00 at 3 h
  const preferredH = spanH <= 2 ? 0.25 : spanH <= 10 ? 1 : spanH <= 30 ? 3 : spanH <= 200 ? 24 : 120;
  // the step (h) at which two labels are just labelPx apart; no room at all leaves no label
  const roomH = plotPx > 0 ? (spanH * labelPx) / plotPx : Infinity;
  const stepH = TIME_STEPS_H.find((s) => s >= preferredH && s >= roomH) ?? Math.ceil(roomH / 720) * 720;
  return Number.isFinite(stepH) ? stepH : NaN;
}

/** Time-axis ticks for a window, on whole steps of the WITA clock (day steps at WITA midnight). */
export function timeTicks(from: number, to: number, plotPx = Infinity, labelPx = TIME_LABEL_PX): number[] {
  const stepH = timeStepH(from, to, plotPx, labelPx);
  if (!Number.isFinite(stepH)) return [];
  const step = stepH * HOUR_MS;
  const out: number[] = [];
  for (let t = Math.ceil((from + WITA_OFFSET_MS) / step) * step - WITA_OFFSET_MS; t <= to; t += step) out.push(t);
  return out;
}

export interface TimeTick {
  t: number;
  label: string;
}

/** Room a month label needs (px): "Des 2026" is about 52 px wide in the axis' type, plus the gap. */
const MONTH_LABEL_PX = 64;
/** Beyond this span the axis counts months: 90 days of "7 Des" labels left out the year, a year of them repeated dates. */
const MONTH_AXIS_FROM_H = 62 * 24;
const MONTH_STEPS = [1, 2, 3, 6, 12] as const;

/** Ticks on the first of a month (WITA midnight), every 1, 2, 3, 6 or 12 months as room allows. */
function monthTicks(from: number, to: number, plotPx: number): number[] {
  const monthPx = plotPx > 0 ? (plotPx * 30.44 * 24 * HOUR_MS) / (to - from) : 0;
  // up to six months a label a month, beyond every other month at least: about 3–10 labels, as for days and hours
  const preferred = (to - from) / HOUR_MS <= 184 * 24 ? 1 : 2;
  const step = MONTH_STEPS.find((k) => k >= preferred && k * monthPx >= MONTH_LABEL_PX);
  if (step === undefined) return [];
  const start = new Date(from + WITA_OFFSET_MS);
  const out: number[] = [];
  // months counted from year 0 so a 3-month step always lands on Jan, Apr, Jul, Oct
  let m = Math.ceil((start.getUTCFullYear() * 12 + start.getUTCMonth()) / step) * step;
  for (let t = Date.UTC(Math.floor(m / 12), m % 12, 1) - WITA_OFFSET_MS; t <= to; m += step, t = Date.UTC(Math.floor(m / 12), m % 12, 1) - WITA_OFFSET_MS) {
    if (t >= from) out.push(t);
  }
  return out;
}

/**
 * Ticks with their labels: the month and year ("Des 2026") on windows of months; the WITA date
 * ("7 Des") when ticks are a day or more apart, where a time alone read "00:00" (or, on UTC ticks,
 * "08:00") under every one; the time ("14:00") for shorter steps.
 */
export function timeAxis(from: number, to: number, plotPx: number, lang: Lang): TimeTick[] {
  if ((to - from) / HOUR_MS > MONTH_AXIS_FROM_H) return monthTicks(from, to, plotPx).map((t) => ({ t, label: formatMonthYear(t, lang) }));
  const days = timeStepH(from, to, plotPx, TIME_LABEL_PX) >= 24;
  const format = days ? formatShortDate : formatShortTime;
  return timeTicks(from, to, plotPx).map((t) => ({ t, label: format(t, lang) }));
}
