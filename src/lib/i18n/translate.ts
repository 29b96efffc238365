import { messagesEn } from './messages-en';
import { messagesId, type MessageKey } from './messages-id';

export const LANGS = ['id', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export type { MessageKey };

export const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { id: messagesId, en: messagesEn };

/** The BCP 47 locale used for numbers and dates in each UI language. */
export const LOCALES: Record<Lang, string> = { id: 'id-ID', en: 'en-GB' };

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

export type MessageParams = Record<string, string | number>;

/** Looks up a text and fills `{name}` placeholders; an unknown placeholder stays visible so it gets noticed. */
export function translate(lang: Lang, key: MessageKey, params?: MessageParams): string {
  const text = DICTIONARIES[lang][key] ?? messagesId[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The placeholder names of a text, sorted: both languages of a key must use the same ones. */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
}
