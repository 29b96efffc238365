import type { Text } from '../core/alert';
import { formatDateTime, formatNumber, formatShortTime } from '../format/format';
import type { Lang } from '../i18n/translate';

/**
 * A report sentence: text with linked values. Every number a report states is a `Link` to the page
 * that shows it; plain parts are words. The view escapes both (Svelte text and attributes).
 */
export interface Link {
  text: string;
  href: string;
}
export type Part = string | Link;
export type Sentence = Part[];

export interface Section {
  key: string;
  title: string;
  sentences: Sentence[];
}

export const isLink = (p: Part): p is Link => typeof p !== 'string';

/** A number with its page. */
export const num = (lang: Lang, value: number, href: string, digits = 0): Link => ({ text: formatNumber(value, lang, digits), href });
export const pct = (lang: Lang, share: number, href: string): Link => ({ text: `${formatNumber(share * 100, lang, 1)} %`, href });
export const at = (lang: Lang, t: number, href: string): Link => ({ text: formatDateTime(t, lang), href });
export const clock = (lang: Lang, t: number): string => formatShortTime(t, lang);
export const word = (lang: Lang, text: Text): string => text[lang];

/** "16:30" from minutes after midnight. */
export const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Joins parts lists with ", " (and the language's "and" before the last). */
export function joinParts(lang: Lang, items: Part[][]): Part[] {
  const out: Part[] = [];
  items.forEach((item, i) => {
    if (i > 0) out.push(i === items.length - 1 ? (lang === 'id' ? ' dan ' : ' and ') : ', ');
    out.push(...item);
  });
  return out;
}

/** The plain text of a sentence (PDF text checks, webhook summaries). */
export const plainText = (s: Sentence) => s.map((p) => (isLink(p) ? p.text : p)).join('');
