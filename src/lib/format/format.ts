import { FIELDS, type SensorKind } from '../core/sensor';
import { LOCALES, translate, type Lang } from '../i18n/translate';

/** Every time on screen is WITA, whatever zone the browser or server runs in. */
export const TIME_ZONE = 'Asia/Makassar';

// Intl formatters are costly to build and these are called per row per frame: cache them.
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(lang: Lang, digits: number): Intl.NumberFormat {
  const key = `n:${lang}:${digits}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(LOCALES[lang], { minimumFractionDigits: digits, maximumFractionDigits: digits });
    cache.set(key, f);
  }
  return f;
}

function dateFormat(lang: Lang, kind: 'time' | 'datetime' | 'datetime-seconds' | 'short' | 'day' | 'month'): Intl.DateTimeFormat {
  const key = `d:${lang}:${kind}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    const base: Intl.DateTimeFormatOptions = { timeZone: TIME_ZONE, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' };
    const options: Intl.DateTimeFormatOptions =
      kind === 'day'
        ? { timeZone: TIME_ZONE, day: 'numeric', month: 'short' }
        : kind === 'month'
        ? { timeZone: TIME_ZONE, month: 'short', year: 'numeric' }
        : kind === 'time'
        ? { ...base, second: '2-digit' }
        : kind === 'short'
          ? base
          : kind === 'datetime-seconds'
            ? { ...base, second: '2-digit', day: 'numeric', month: 'short', year: 'numeric' }
            : { ...base, day: 'numeric', month: 'short', year: 'numeric' };
    f = new Intl.DateTimeFormat(LOCALES[lang], options);
    cache.set(key, f);
  }
  return f;
}

export function formatNumber(value: number, lang: Lang, digits = 0): string {
  if (!Number.isFinite(value)) return '–';
  return numberFormat(lang, digits).format(value);
}

/** Fraction digits that keep a value readable: 1 below 100, none above. */
export function digitsFor(value: number): number {
  return Math.abs(value) < 100 ? 1 : 0;
}

/** "14:05:09" in WITA. */
export function formatTime(ts: number, lang: Lang): string {
  return dateFormat(lang, 'time').format(ts);
}

/** "14:05" in WITA, for chart axes. */
export function formatShortTime(ts: number, lang: Lang): string {
  return dateFormat(lang, 'short').format(ts);
}

/** "7 Des" / "7 Dec": the WITA calendar day, for the axis of a chart that spans days. */
export function formatShortDate(ts: number, lang: Lang): string {
  return dateFormat(lang, 'day').format(ts);
}

/** "Des 2026" in WITA, for the axis of a chart of months. */
export function formatMonthYear(ts: number, lang: Lang): string {
  return dateFormat(lang, 'month').format(ts);
}

/** "28 Nov 2026 14:05" in WITA. */
export function formatDateTime(ts: number, lang: Lang): string {
  return dateFormat(lang, 'datetime').format(ts);
}

/**
 * "28 Nov 2026, 14.05.09" in WITA, 24 h: where the order of events within a minute matters (the audit log: a
 * refused login and the next attempt). Same words as formatDateTime, so the pages read alike.
 */
export function formatDateTimeSeconds(ts: number, lang: Lang): string {
  return dateFormat(lang, 'datetime-seconds').format(ts);
}

/** Age as the largest whole unit: "45 dtk", "3 mnt", "2 jam", "4 hari". Negative ages (clock skew) count as 0. */
export function formatAge(ms: number, lang: Lang): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return translate(lang, 'age.seconds', { n: s });
  if (s < 3600) return translate(lang, 'age.minutes', { n: Math.floor(s / 60) });
  if (s < 86_400) return translate(lang, 'age.hours', { n: Math.floor(s / 3600) });
  return translate(lang, 'age.days', { n: Math.floor(s / 86_400) });
}

/**
 * Units as Indonesian readers write them: "jam" for the hour, "kend" for vehicles. The catalog keeps
 * the SI/SenML names (km/h); on screen the map said "Macet · 6 km/h" beside alerts saying "km/jam".
 */
const UNITS_ID: Readonly<Record<string, string>> = { 'km/h': 'km/jam', 'mm/h': 'mm/jam', 'cm/h': 'cm/jam', 'veh/h': 'kend/jam' };

/** A unit as shown in the UI's language: "km/jam" in Indonesian, "km/h" in English. */
export function formatUnit(unit: string, lang: Lang): string {
  return lang === 'id' ? (UNITS_ID[unit] ?? unit) : unit;
}

/** A field's unit as shown in the UI's language ("mm/jam", "mm/h"); '' for a field without one. */
export function unitOf(kind: SensorKind, field: string, lang: Lang): string {
  const spec = (FIELDS[kind] as Record<string, { unit: string }>)[field];
  return spec ? formatUnit(spec.unit, lang) : '';
}

/** "215 cm", "12,5 mm/jam" (Indonesian decimal comma and unit), "–" when missing. */
export function formatFieldValue(kind: SensorKind, field: string, value: number | undefined, lang: Lang): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  const unit = unitOf(kind, field, lang);
  const text = formatNumber(value, lang, digitsFor(value));
  return unit ? `${text} ${unit}` : text;
}
