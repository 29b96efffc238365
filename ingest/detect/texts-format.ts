import type { AlertRule, Text } from '../../src/lib/core/alert';

/**
 * A rule's words in the alert table (texts.ts TEXTS): its title, explanation and actions, each in
 * Indonesian (`id`) and English (`en`). `{name}` placeholders are filled by formatText; a placeholder
 * whose value is a Text picks the same language. Actions are looked up as texts.ts actionFor says.
 */
export interface RuleTexts {
  title: Text;
  explanation: Text;
  actions: Record<string, Text>;
}

/** The rows of the table one rule family's file holds (texts-flood.ts, texts-city.ts, texts-maintenance.ts). */
export type RuleFamilyTexts<R extends AlertRule> = Record<R, RuleTexts>;

export type TextParams = Record<string, string | number | Text>;

const PLACEHOLDER = /\{(\w+)\}/g;

function fill(template: string, params: TextParams, lang: keyof Text): string {
  return template.replace(PLACEHOLDER, (whole, key: string) => {
    const v = params[key];
    if (v === undefined) return whole;
    if (typeof v === 'object') return v[lang];
    return String(v);
  });
}

export function formatText(t: Text, params: TextParams): Text {
  return { id: fill(t.id, params, 'id'), en: fill(t.en, params, 'en') };
}

/** Rounds for display: one decimal below 10, whole numbers above. */
export function formatNumber(value: number): string {
  return Math.abs(value) < 10 ? String(Math.round(value * 10) / 10) : String(Math.round(value));
}

/** formatNumber in each language: a decimal comma in Indonesian ("0,4"), a point in English. */
export function formatNumberText(value: number): Text {
  const en = formatNumber(value);
  return { id: en.replace('.', ','), en };
}
