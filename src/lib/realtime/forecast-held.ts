import type { LiveReading } from '../core/reading';
import { formatNumber, formatShortTime } from '../format/format';
import { translate, type Lang } from '../i18n/translate';

/**
 * Whether the gauge's latest level reading came after its forecast: the forecaster issues one at
 * every level it takes, so a newer level it did not take is held as a possible sensor glitch
 * (a jump it waits to see confirmed by the next reading, ingest/forecast/glitch.ts). Meanwhile
 * the page shows the new level beside a forecast from the old one, and must say why.
 */
export function forecastBehind(r: LiveReading | undefined): boolean {
  const level = r?.values.water_level;
  return r?.forecast !== undefined && typeof level === 'number' && Number.isFinite(level) && r.forecast.ts < r.ts;
}

/** "The latest reading (300 cm) is held as a possible sensor glitch …; this forecast is from the 01.07 WITA reading (170 cm)." */
export function forecastHeldLine(r: LiveReading, lang: Lang): string {
  if (!forecastBehind(r)) return '';
  const f = r.forecast!;
  return translate(lang, 'forecast.held', {
    level: formatNumber(r.values.water_level, lang, 1),
    time: formatShortTime(f.ts, lang),
    base: formatNumber(f.levelCm, lang, 1)
  });
}
