/**
 * Samarinda's clock: WITA (Waktu Indonesia Tengah, Asia/Makassar) is UTC+8 all year, with no
 * daylight saving, so a fixed offset gives local hours exactly, in any zone the process runs in
 * and without Intl (the ingest and notifier format times into stored alert texts with it).
 */
export const WITA_OFFSET_MS = 8 * 3_600_000;

/** "14:05": the WITA clock time of an epoch-ms instant. */
export function witaClock(ms: number): string {
  return new Date(ms + WITA_OFFSET_MS).toISOString().slice(11, 16);
}
