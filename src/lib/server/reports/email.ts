import nodemailer from 'nodemailer';
import { checkEmailAddress, type EmailConfig } from '../../../../ingest/notify/channels/email';
import type { Report } from '../../reports/report';
import { links } from '../../reports/links';
import { plainText } from '../../reports/sentence';
import { escapeHtml } from '../../format/escape-html';
import type { DeliveryResult } from './deliver';

/**
 * Delivery of a report by email, on the SMTP settings the notifier's email channel uses (SMTP_URL,
 * SMTP_FROM; ingest/notify/channels/email.ts): one message per recipient with the recommendations
 * in the body and the PDF attached. Results are data, one per address.
 */
export const EMAIL_TIMEOUT_MS = 30_000;

export { checkEmailAddress };

export function reportMail(report: Report, baseUrl: string): { subject: string; text: string; html: string } {
  const url = baseUrl + links.report(report.period.kind, report.period.key);
  const recs = (report.sections.find((s) => s.key === 'recommendations')?.sentences ?? []).map(plainText);
  const intro = report.lang === 'id' ? 'Laporan terlampir (PDF). Rekomendasi:' : 'The report is attached (PDF). Recommendations:';
  const text = [report.title, '', intro, ...recs.map((r) => `- ${r}`), '', url].join('\n');
  const html = `<h2>${escapeHtml(report.title)}</h2><p>${escapeHtml(intro)}</p><ul>${recs.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul><p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`;
  return { subject: report.title, text, html };
}

export async function emailReport(report: Report, pdf: Buffer, opts: { smtp: EmailConfig; to: readonly string[]; baseUrl: string }): Promise<DeliveryResult[]> {
  const { smtp } = opts;
  const transport = nodemailer.createTransport({
    host: smtp.host, port: smtp.port, secure: smtp.secure, requireTLS: smtp.requireTls, auth: smtp.user ? { user: smtp.user, pass: smtp.pass } : undefined,
    connectionTimeout: EMAIL_TIMEOUT_MS, greetingTimeout: EMAIL_TIMEOUT_MS, socketTimeout: EMAIL_TIMEOUT_MS
  });
  const mail = reportMail(report, opts.baseUrl);
  const filename = `pantau-${report.period.kind}-${report.period.key.replace(':', '')}-${report.lang}.pdf`;
  try {
    const results: DeliveryResult[] = [];
    for (const to of opts.to) {
      try {
        await transport.sendMail({ from: smtp.from, to, ...mail, headers: { 'Auto-Submitted': 'auto-generated' }, attachments: [{ filename, content: pdf, contentType: 'application/pdf' }] });
        results.push({ url: `mailto:${to}`, ok: true, status: 250, attempts: 1 });
      } catch (err) {
        // The password never goes into a result: only the server's reply or the error's code.
        const e = err as { responseCode?: number; code?: string; response?: string };
        results.push({ url: `mailto:${to}`, ok: false, error: [e.responseCode, e.code, e.response].filter(Boolean).join(' ') || 'send failed', attempts: 1 });
      }
    }
    return results;
  } finally {
    transport.close();
  }
}
