import { groupNumbers, isCalendarTime } from './calendar';

/**
 * Times people type into a URL (open data, insights, the replay page and its API): epoch
 * milliseconds, or an ISO 8601 date or date-time (`2026-12-01`, `2026-12-01T08:00`,
 * `2026-12-01T08:00:00+08:00`). A date alone is midnight WITA and a time without a zone is WITA:
 * Pantau's days are Samarinda's, whatever zone the server or the browser runs in (Date.parse reads
 * a date alone as UTC and a zone-less time in the local zone). Pure, so the browser uses it too.
 */
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-](\d{2}):?(\d{2}))?)?$/;
const WITA_ZONE = '+08:00';

/** Epoch ms of the time, or null when it is not one of the forms above or not a real calendar time. */
export function parseWitaTime(raw: string): number | null {
  if (/^\d{1,15}$/.test(raw)) return Number(raw);
  const m = ISO_TIME.exec(raw);
  // groups: year, month, day, [hour, minute, second], zone, zone hours, zone minutes
  if (!m || !isCalendarTime(groupNumbers(m, [1, 2, 3, 4, 5, 6, 8, 9]))) return null;
  const zoneText = m[7] ?? '';
  const clock = m[4] === undefined ? '00:00' : raw.slice(11, raw.length - zoneText.length);
  const zone = zoneText === '' ? WITA_ZONE : zoneText === 'Z' ? 'Z' : `${zoneText.slice(0, 3)}:${m[9]}`;
  const ms = Date.parse(`${raw.slice(0, 10)}T${clock}${zone}`);
  return Number.isFinite(ms) ? ms : null;
}
