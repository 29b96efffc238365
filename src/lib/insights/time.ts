/**
 * Calendar positions in WITA (Asia/Makassar, UTC+8 all year: Indonesia has no daylight saving), so
 * "Monday 17:00" and "1 December" mean what people in Samarinda mean by them. Pure arithmetic on a
 * fixed offset: no time-zone database needed, and the same answer on the server and in a test.
 */
import { WITA_OFFSET_MS } from '../core/wita';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const HOURS_PER_WEEK = 7 * 24;

/** Day of week Monday = 0 … Sunday = 6 (the Indonesian week starts on Senin). */
export function witaWeekday(ts: number): number {
  return (new Date(ts + WITA_OFFSET_MS).getUTCDay() + 6) % 7;
}

export function witaHour(ts: number): number {
  return new Date(ts + WITA_OFFSET_MS).getUTCHours();
}

/** Index of the hour of the week: weekday × 24 + hour, 0 = Monday 00:00–01:00 WITA. */
export function hourOfWeek(ts: number): number {
  return witaWeekday(ts) * 24 + witaHour(ts);
}

/** `2026-12-06`: the WITA calendar date. */
export function witaDate(ts: number): string {
  return new Date(ts + WITA_OFFSET_MS).toISOString().slice(0, 10);
}

/** `2026-12`: the WITA calendar month. */
export function witaMonth(ts: number): string {
  return witaDate(ts).slice(0, 7);
}

/** Start (epoch ms) of the WITA day holding ts. */
export function witaDayStart(ts: number): number {
  return Math.floor((ts + WITA_OFFSET_MS) / DAY_MS) * DAY_MS - WITA_OFFSET_MS;
}

/** The WITA days that [fromMs, toMs) touches, each with the milliseconds of it inside the range. */
export function witaDaysIn(fromMs: number, toMs: number): { date: string; startMs: number; coveredMs: number }[] {
  const out: { date: string; startMs: number; coveredMs: number }[] = [];
  for (let start = witaDayStart(fromMs); start < toMs; start += DAY_MS) {
    const covered = Math.min(toMs, start + DAY_MS) - Math.max(fromMs, start);
    if (covered > 0) out.push({ date: witaDate(start), startMs: start, coveredMs: covered });
  }
  return out;
}
