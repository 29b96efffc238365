import { formatDateTime, formatShortTime, TIME_ZONE } from '../format/format';
import { LOCALES, type Lang } from '../i18n/translate';
import { computeFacts, type ReportFacts } from './facts';
import { DAY_MS } from './period';
import type { Section } from './sentence';
import { alertsSection, changeSection, rankingSection, responseSection } from './templates';
import { outlookSection, qualitySection, recommendationsSection } from './templates-more';
import type { ReportInput, ReportPeriod } from './types';

/** A situation report: its facts and the sentences made from them, in one language. */
export interface Report {
  period: ReportPeriod;
  lang: Lang;
  title: string;
  subtitle: string;
  generatedAt: number;
  facts: ReportFacts;
  sections: Section[];
}

/** The sections in reading order (explicit: a report reads the same every time). */
export const SECTIONS = [alertsSection, responseSection, rankingSection, changeSection, qualitySection, outlookSection, recommendationsSection] as const;

const KIND_TITLES = {
  shift: { id: 'Laporan situasi giliran jaga', en: 'Shift situation report' },
  day: { id: 'Laporan situasi harian', en: 'Daily situation report' },
  week: { id: 'Laporan situasi mingguan', en: 'Weekly situation report' }
};

function dateOnly(t: number, lang: Lang): string {
  return new Intl.DateTimeFormat(LOCALES[lang], { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' }).format(t);
}

/** "27 November 2026, 07:00–15:00 WITA", "27 November 2026", "23 November 2026 – 29 November 2026". */
export function periodLabel(p: ReportPeriod, lang: Lang): string {
  if (p.kind === 'shift') return `${dateOnly(p.start, lang)}, ${formatShortTime(p.start, lang)}–${formatShortTime(p.end, lang)} WITA`;
  if (p.kind === 'day') return dateOnly(p.start, lang);
  return `${dateOnly(p.start, lang)} – ${dateOnly(p.end - DAY_MS, lang)}`;
}

export function reportTitle(p: ReportPeriod, lang: Lang): string {
  return `${KIND_TITLES[p.kind][lang]} · ${periodLabel(p, lang)}`;
}

export function buildReport(input: ReportInput, lang: Lang, shifts?: readonly number[]): Report {
  const facts = computeFacts(input, shifts);
  const made = lang === 'id' ? 'Dibuat' : 'Generated';
  return {
    period: input.period,
    lang,
    title: reportTitle(input.period, lang),
    subtitle: `${input.catalog.city} · ${made} ${formatDateTime(input.generatedAt, lang)} WITA`,
    generatedAt: input.generatedAt,
    facts,
    sections: SECTIONS.map((make) => make(facts, lang, input.period))
  };
}
