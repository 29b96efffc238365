/**
 * The rota picture's arithmetic, pure: the WITA week shown, where each shift's bar sits in it, and
 * WITA wall-clock inputs to instants. The page never uses the browser's own time zone.
 */
import type { RotaRole, RotaShift } from '$lib/core/people';
import { WITA_OFFSET_MS } from '$lib/core/wita';

export const DAY_MS = 86_400_000;
export const WEEK_DAYS = 7;

/** 00:00 WITA of the day `at` falls in. */
export function witaMidnight(at: number): number {
  return Math.floor((at + WITA_OFFSET_MS) / DAY_MS) * DAY_MS - WITA_OFFSET_MS;
}

/** `2026-12-06` → 00:00 WITA of that day; null when not a date. */
export function parseWitaDate(text: string | null): number | null {
  if (!text || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const ms = Date.parse(`${text}T00:00:00+08:00`);
  return Number.isFinite(ms) ? ms : null;
}

/** 00:00 WITA → `2026-12-06` (the day in WITA). */
export function witaDate(at: number): string {
  return new Date(at + WITA_OFFSET_MS).toISOString().slice(0, 10);
}

/** A WITA date and `HH:MM` → epoch ms; null when either is malformed. */
export function witaInstant(date: string, time: string): number | null {
  const day = parseWitaDate(date);
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  return day === null || !m ? null : day + (Number(m[1]) * 60 + Number(m[2])) * 60_000;
}

/** Minutes after midnight → `HH:MM`. */
export function formatMinutes(min: number): string {
  return `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
}

/** `HH:MM` → minutes after midnight; null when malformed. */
export function parseMinutes(text: string): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

export interface Bar {
  shift: RotaShift;
  /** Percent of the week from its start, and the bar's width, clipped to the week. */
  left: number;
  width: number;
}

/** The bars of one lane (a team's primary or backup shifts) in the week starting at `from`. */
export function laneBars(shifts: readonly RotaShift[], teamId: string, role: RotaRole, from: number): Bar[] {
  const to = from + WEEK_DAYS * DAY_MS;
  const span = to - from;
  return shifts
    .filter((s) => s.teamId === teamId && s.role === role && s.end > from && s.start < to)
    .sort((a, b) => a.start - b.start)
    .map((shift) => {
      const start = Math.max(shift.start, from);
      const end = Math.min(shift.end, to);
      return { shift, left: ((start - from) / span) * 100, width: ((end - start) / span) * 100 };
    });
}
