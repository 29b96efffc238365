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

/** Epoch ms of the WITA midnight that starts the day of `ms`. */
export function witaDayStart(ms: number): number {
  return ms - ((((ms + WITA_OFFSET_MS) % 86_400_000) + 86_400_000) % 86_400_000);
}

const MONTHS = {
  id: ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'],
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
} as const;

/** "5 Des" / "5 Dec": the WITA calendar day of an instant, as the screens' short dates read (no Intl here). */
export function witaDate(ms: number, lang: 'id' | 'en'): string {
  const d = new Date(ms + WITA_OFFSET_MS);
  return `${d.getUTCDate()} ${MONTHS[lang][d.getUTCMonth()]}`;
}
