/**
 * Report periods in WITA (UTC+8, no daylight saving): a shift runs from one shift boundary to the
 * next, a day from 00:00, a week for 7 days from a Monday 00:00. The URL key names the start in
 * WITA (`2026-11-27T07:00`, `2026-11-27`), so a link reads the same to the people it is for.
 */
import { PERIOD_KINDS, type PeriodKind, type ReportPeriod } from './types';
import { WITA_OFFSET_MS } from '../core/wita';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;
/** Shift changes at 07:00, 15:00 and 23:00 WITA, in minutes after midnight (REPORT_SHIFTS). */
export const DEFAULT_SHIFTS_MIN: readonly number[] = Object.freeze([420, 900, 1380]);
/** How far back recommendations look: 10 weekdays fit in 14 days. */
export const LOOKBACK_MS = 14 * DAY_MS;

export function isPeriodKind(x: unknown): x is PeriodKind {
  return typeof x === 'string' && (PERIOD_KINDS as readonly string[]).includes(x);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** WITA calendar parts of an instant. */
export function witaParts(t: number): { y: number; m: number; d: number; hh: number; mm: number; weekday: number } {
  const w = new Date(t + WITA_OFFSET_MS);
  return { y: w.getUTCFullYear(), m: w.getUTCMonth() + 1, d: w.getUTCDate(), hh: w.getUTCHours(), mm: w.getUTCMinutes(), weekday: w.getUTCDay() };
}

/** 00:00 WITA of the day holding t. */
export function witaMidnight(t: number): number {
  return Math.floor((t + WITA_OFFSET_MS) / DAY_MS) * DAY_MS - WITA_OFFSET_MS;
}

function dateKey(t: number): string {
  const p = witaParts(t);
  return `${p.y}-${pad(p.m)}-${pad(p.d)}`;
}

export function periodKey(kind: PeriodKind, start: number): string {
  if (kind !== 'shift') return dateKey(start);
  const p = witaParts(start);
  return `${dateKey(start)}T${pad(p.hh)}:${pad(p.mm)}`;
}

/** Shift starts (epoch ms) from the day before t's day to the day after, ascending. */
function shiftStartsAround(t: number, shifts: readonly number[]): number[] {
  const day = witaMidnight(t);
  return [day - DAY_MS, day, day + DAY_MS].flatMap((d) => shifts.map((m) => d + m * 60_000));
}

function make(kind: PeriodKind, start: number, end: number): ReportPeriod {
  return { kind, start, end, key: periodKey(kind, start) };
}

/** The period of `kind` that holds instant t. */
export function periodContaining(kind: PeriodKind, t: number, shifts: readonly number[] = DEFAULT_SHIFTS_MIN): ReportPeriod {
  if (kind === 'day') return make('day', witaMidnight(t), witaMidnight(t) + DAY_MS);
  if (kind === 'week') {
    const day = witaMidnight(t);
    const monday = day - ((witaParts(day).weekday + 6) % 7) * DAY_MS;
    return make('week', monday, monday + WEEK_MS);
  }
  const starts = shiftStartsAround(t, shifts);
  const i = starts.findLastIndex((s) => s <= t);
  return make('shift', starts[i], starts[i + 1]);
}

/** The newest period of `kind` that has ended by `now`. */
export function latestFinished(kind: PeriodKind, now: number, shifts: readonly number[] = DEFAULT_SHIFTS_MIN): ReportPeriod {
  return periodContaining(kind, periodContaining(kind, now, shifts).start - 1, shifts);
}

/** The period just before this one. */
/**
 * When the shift-change delivery runs next and which shift it sends: `afterMs` after the end of the
 * shift running at `now`, that shift. Named up front so a timer firing late (a suspended host) still
 * sends the shift it waited for, not a later one.
 */
export function nextShiftDelivery(now: number, afterMs: number, shifts: readonly number[] = DEFAULT_SHIFTS_MIN): { at: number; period: ReportPeriod } {
  const running = periodContaining('shift', now, shifts);
  // Between a shift change and the delivery after it, the shift just ended is still to be sent.
  const ended = latestFinished('shift', now, shifts);
  const period = now < ended.end + afterMs ? ended : running;
  return { at: period.end + afterMs, period };
}

export function previousPeriod(p: ReportPeriod, shifts: readonly number[] = DEFAULT_SHIFTS_MIN): ReportPeriod {
  return periodContaining(p.kind, p.start - 1, shifts);
}

/** The same period a week earlier (for a week: the previous week). */
export function sameLastWeek(p: ReportPeriod): ReportPeriod {
  return make(p.kind, p.start - WEEK_MS, p.end - WEEK_MS);
}

/** Where a report's input starts: the same period last week, or 14 days before its end for recommendations. */
export function lookbackStart(p: ReportPeriod): number {
  return Math.min(p.start - WEEK_MS, p.end - LOOKBACK_MS);
}

const KEY = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/;

/** A period from its URL form, or null when the key is malformed or not the start of such a period. */
export function parsePeriod(kind: string, key: string, shifts: readonly number[] = DEFAULT_SHIFTS_MIN): ReportPeriod | null {
  if (!isPeriodKind(kind)) return null;
  const m = KEY.exec(key);
  if (!m || (kind === 'shift') !== (m[4] !== undefined)) return null;
  const [y, mo, d, hh, mm] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0'].map(Number);
  const start = Date.UTC(y, mo - 1, d, hh, mm) - WITA_OFFSET_MS;
  if (!Number.isFinite(start) || periodKey(kind, start) !== key) return null;
  const p = periodContaining(kind, start, shifts);
  return p.start === start ? p : null;
}

/** `"07:00,15:00,23:00"` → minutes after midnight, ascending; null when any entry is not HH:MM. */
export function parseShifts(text: string): number[] | null {
  const out: number[] = [];
  for (const part of text.split(',').map((s) => s.trim())) {
    const m = /^(\d{1,2}):(\d{2})$/.exec(part);
    if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
    out.push(Number(m[1]) * 60 + Number(m[2]));
  }
  const sorted = [...new Set(out)].sort((a, b) => a - b);
  return sorted.length > 0 ? sorted : null;
}
