import { LOCALES, type Lang } from '../i18n/translate';

/**
 * A date input's value (`2026-12-07`) spelled in the UI's language: "Senin, 7 Desember 2026". A date input shows
 * the browser's own locale (12/07/2026 on an English browser, which reads as 12 July in Indonesia), so the form
 * says beside it which day it is. Null when the text is no calendar date (an input being typed into).
 */
export function spellDate(value: string, lang: Lang): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const ms = Date.parse(`${value}T00:00:00Z`);
  // Date.parse lets 30 February roll over into March: only a date that reads back the same is one.
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== value) return null;
  return new Intl.DateTimeFormat(LOCALES[lang], { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(ms);
}

/**
 * A date input's and a time input's values, both WITA wall time, spelled in the UI's language: "Senin, 7 Desember
 * 2026, 08.00 WITA". A time input shows the browser's own clock (08:00 AM on an English browser). The date alone when
 * the time is none (an emptied input), null when the date is none.
 */
export function spellDateTime(date: string, time: string, lang: Lang): string | null {
  const day = spellDate(date, lang);
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (day === null || !m) return day;
  // The wall time itself, read in UTC so that no zone of the machine moves it.
  const clock = new Intl.DateTimeFormat(LOCALES[lang], { timeZone: 'UTC', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(Date.UTC(2000, 0, 1, Number(m[1]), Number(m[2])));
  return `${day}, ${clock} WITA`;
}
