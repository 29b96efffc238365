import type { AlertRule, Text } from '../../src/lib/core/alert';
import { CITY_TEXTS } from './texts-city';
import { FLOOD_TEXTS, FORECAST_TEXTS, type ForecastRule, type ForecastTextVariant } from './texts-flood';
import { formatText, type RuleTexts, type TextParams } from './texts-format';
import { MAINTENANCE_TEXTS } from './texts-maintenance';

export { CONGESTION_SPEED, CONGESTION_USUAL } from './texts-city';
export { FORECAST_EARLIEST, FORECAST_TEXTS, FROZEN_NOTE_MARK, readingNotes, stepNote, type ForecastRule, type ForecastTextVariant, type ForecastVariant } from './texts-flood';
export { formatNumber, formatNumberText, formatText, type RuleTexts, type TextParams } from './texts-format';
export { STEP_FROZEN_TEXTS, STEP_RULES, timesInRow } from './texts-maintenance';

/**
 * Every word an alert shows, in Indonesian (`id`) and English (`en`), in one table so that
 * translators and the operations room review texts in one place, not across the rules: its rows
 * are kept per rule family (texts-flood.ts, texts-city.ts, texts-maintenance.ts) and the rules
 * import them from here.
 *
 * Actions are looked up by `<kind>:<level>`, then `<kind>`, then `<level>`, then `default`
 * (see actionFor): a rule can say "what to do" per sensor kind, per level, or both.
 */
export const TEXTS: Record<AlertRule, RuleTexts> = { ...FLOOD_TEXTS, ...CITY_TEXTS, ...MAINTENANCE_TEXTS };

export function actionFor(rule: AlertRule, kind: string, level: number): Text {
  const a = TEXTS[rule].actions;
  return a[`${kind}:${level}`] ?? a[kind] ?? a[String(level)] ?? a.default ?? { id: '', en: '' };
}

/** Title, explanation and action of a finding, filled in. */
export function formatFindingTexts(rule: AlertRule, kind: string, level: number, params: TextParams): { title: Text; explanation: Text; action: Text } {
  const t = TEXTS[rule];
  return { title: formatText(t.title, params), explanation: formatText(t.explanation, params), action: actionFor(rule, kind, level) };
}

/** Texts of a forecast-based flood warning: the title and explanation its crossing allows (FORECAST_TEXTS), the rule's action. */
export function formatForecastTexts(rule: ForecastRule, variant: ForecastTextVariant, kind: string, level: number, params: TextParams): { title: Text; explanation: Text; action: Text } {
  const t = FORECAST_TEXTS[rule][variant];
  return { title: formatText(t.title, params), explanation: formatText(t.explanation, params), action: actionFor(rule, kind, level) };
}
