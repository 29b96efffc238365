/** Time helpers for the daily cycles. WITA is UTC+8 all year (no daylight saving), so no system TZ is needed. */
import { WITA_OFFSET_MS } from '../src/lib/core/wita';

export const SECOND_MS = 1_000;
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Hour of day in WITA as a fraction, 0 ≤ h < 24. */
export function witaHour(tMs: number): number {
  const local = (((tMs + WITA_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS;
  return local / HOUR_MS;
}

/** Epoch ms of a WITA wall-clock time on the UTC date of `dayMs` (test helper and scenario anchor). */
export function witaTime(year: number, month: number, day: number, hour: number, minute = 0): number {
  return Date.UTC(year, month - 1, day, hour, minute) - WITA_OFFSET_MS;
}

/** A bump of height 1 centred at `centreH` with width `widthH`, wrapping round midnight. */
export function dailyBump(h: number, centreH: number, widthH: number): number {
  let d = Math.abs(h - centreH);
  if (d > 12) d = 24 - d;
  return Math.exp(-((d / widthH) ** 2));
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
