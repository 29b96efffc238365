/**
 * The replay's from/to pickers (datetime-local, which carries no zone) in WITA, as the page labels
 * its times, whatever zone the browser is in: fixed +8 h, as /insights does (Indonesia has no DST).
 */
import { WITA_OFFSET_MS } from '$lib/core/wita';

const INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** `2026-12-06T14:00`: the WITA wall time of an instant, for a datetime-local input. */
export function toWitaInput(ms: number): string {
  return new Date(ms + WITA_OFFSET_MS).toISOString().slice(0, 16);
}

/** The instant a datetime-local value means when read as WITA; NaN when it is not one. */
export function fromWitaInput(value: string): number {
  const m = INPUT.exec(value);
  if (!m) return NaN;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0));
  return Date.UTC(y, mo - 1, d, h, mi, s) - WITA_OFFSET_MS;
}
