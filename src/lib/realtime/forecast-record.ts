import type { Forecast } from '../core/forecast';
import { translate, type Lang } from '../i18n/translate';

/** The lead time whose record the sensor page quotes: the one warnings lean on most. */
const RECORD_HORIZON_MIN = 60;

/**
 * How far this gauge's forecasts have held up lately, in words, from the 60-min point's track
 * record: "60-min forecasts in recent weeks, when the water rose or fell: error 55 % smaller than
 * assuming the level stays the same" (the skill is exactly that: 1 − Σ|error| ÷ persistence's Σ|error|).
 * A regulated reach can forecast badly where a rain-fed one does well; staff weighing a forecast
 * warning should see which kind of gauge this is. Null without a forecast.
 */
export function trackRecordLine(forecast: Forecast | null, lang: Lang): string | null {
  if (!forecast) return null;
  const skill = forecast.points.find((p) => p.horizonMin === RECORD_HORIZON_MIN)?.skill;
  if (skill === undefined || !Number.isFinite(skill)) return translate(lang, 'forecast.recordNone');
  // the sign of what is said, not of the raw number: -0.004 is "0 % better", never "0 % worse"
  const rounded = Math.round(skill * 100);
  return translate(lang, rounded >= 0 ? 'forecast.record' : 'forecast.recordWorse', { pct: Math.abs(rounded) });
}
