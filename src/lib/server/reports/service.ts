import type { Lang } from '../../i18n/translate';
import { buildReport, type Report } from '../../reports/report';
import { renderReportDocument } from '../../reports/html';
import type { ReportInput, ReportPeriod } from '../../reports/types';
import { parseReportConfig, type ReportConfig } from './config';
import { readReportInput, type ReportSources } from './input';
import { HeavyReadsBusy, inHeavyReadTurn } from '../heavy-reads';
import { createPdfRenderer, type PdfRenderer, type PdfResult } from './pdf';

/**
 * Reports for one process: inputs read from the stores (a finished period's input is kept for a
 * while: it cannot change, and the page, its other language and its PDF ask for it in turn), the
 * report in a language, and its PDF through the bounded renderer.
 */
export const INPUT_CACHE_ENTRIES = 8;
export const INPUT_CACHE_OPEN_MS = 60_000;

export interface ReportService {
  readonly config: ReportConfig;
  input(period: ReportPeriod): Promise<ReportInput>;
  report(period: ReportPeriod, lang: Lang): Promise<Report>;
  /** The PDF, links absolute to `origin`. */
  pdf(period: ReportPeriod, lang: Lang, origin: string): Promise<PdfResult>;
  renderer: PdfRenderer;
}

export function createReportService(sources: () => ReportSources, config: ReportConfig = parseReportConfig(process.env), now: () => number = Date.now): ReportService {
  const inputs = new Map<string, { input: Promise<ReportInput>; until: number }>();
  const renderer = createPdfRenderer({ chromiumPath: config.chromiumPath, timeoutMs: config.pdfTimeoutMs, now });

  function input(period: ReportPeriod): Promise<ReportInput> {
    const key = `${period.kind}/${period.key}`;
    const hit = inputs.get(key);
    if (hit && hit.until >= now()) return hit.input;
    const t = now();
    // a period of every sensor, open to every viewer: in the heavy reads' bounded turn
    const made = inHeavyReadTurn(() => readReportInput(sources(), period, t)) ?? Promise.reject(new HeavyReadsBusy());
    inputs.set(key, { input: made, until: period.end <= t ? t + 3_600_000 : t + INPUT_CACHE_OPEN_MS });
    // a failed read is not remembered (nor does it take a newer read of the period with it)
    made.catch(() => inputs.get(key)?.input === made && inputs.delete(key));
    while (inputs.size > INPUT_CACHE_ENTRIES) inputs.delete(inputs.keys().next().value!);
    return made;
  }

  const report = async (period: ReportPeriod, lang: Lang) => buildReport(await input(period), lang, config.shifts);

  return {
    config,
    input,
    report,
    renderer,
    pdf: (period, lang, origin) =>
      renderer.render(`${period.kind}/${period.key}/${lang}/${origin}`, async () => renderReportDocument(await report(period, lang), origin), period.end <= now())
  };
}
