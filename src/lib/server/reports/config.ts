import { PantauError } from '../../core/errors';
import { webhookName } from '../../core/redact-url';
import { checkEmailAddress, parseEmailConfig, type EmailConfig } from '../../../../ingest/notify/channels/email';
import { isLang, type Lang } from '../../i18n/translate';
import { DEFAULT_SHIFTS_MIN, parseShifts } from '../../reports/period';

/**
 * Reports' settings, read once and frozen. Delivery (webhooks, email) runs where `npm run report --
 * --deliver` runs; the web process only serves pages and PDFs.
 */
export interface ReportConfig {
  /** REPORT_SHIFTS: shift changes in WITA, minutes after midnight (default 07:00, 15:00, 23:00). */
  shifts: readonly number[];
  /** CHROMIUM_PATH (else PANTAU_CHROMIUM, as the tests, else /usr/bin/chromium). */
  chromiumPath: string;
  /** REPORT_PDF_TIMEOUT_MS (default 60 s): a render taking longer is stopped. */
  pdfTimeoutMs: number;
  /** REPORT_WEBHOOK_URLS: comma-separated http(s) URLs a delivered report is POSTed to. */
  webhookUrls: readonly string[];
  /** REPORT_WEBHOOK_SECRET: HMAC-SHA256 key of the X-Pantau-Signature header (required with webhooks). */
  webhookSecret: string;
  /** REPORT_EMAILS: comma-separated addresses a delivered report is mailed to (PDF attached), over SMTP_URL / SMTP_FROM. */
  emails: readonly string[];
  /** The notifier's SMTP settings (SMTP_URL, SMTP_FROM), when set. */
  smtp: EmailConfig | null;
  /** REPORT_LANG: the language of delivered reports (default id). */
  lang: Lang;
  /** REPORT_BASE_URL: where links in a delivered PDF point (default http://127.0.0.1:3000). */
  baseUrl: string;
}

export function parseReportConfig(env: Record<string, string | undefined>): ReportConfig {
  const shifts = env.REPORT_SHIFTS ? parseShifts(env.REPORT_SHIFTS) : [...DEFAULT_SHIFTS_MIN];
  if (!shifts) throw new PantauError('CONFIG_REPORT_SHIFTS', 'REPORT_SHIFTS must be HH:MM times separated by commas, e.g. 07:00,15:00,23:00');
  const timeout = Number(env.REPORT_PDF_TIMEOUT_MS ?? 60_000);
  if (!Number.isInteger(timeout) || timeout < 1_000 || timeout > 600_000) throw new PantauError('CONFIG_REPORT_PDF_TIMEOUT_MS', 'REPORT_PDF_TIMEOUT_MS must be an integer from 1000 to 600000');
  const webhookUrls = (env.REPORT_WEBHOOK_URLS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const [i, u] of webhookUrls.entries()) {
    // not the entry itself: a URL missing its scheme is still a token (webhookName shows only a fingerprint)
    if (!/^https?:\/\/[^\s/]+/.test(u)) throw new PantauError('CONFIG_REPORT_WEBHOOK_URLS', `REPORT_WEBHOOK_URLS: entry ${i + 1} (${webhookName(u)}) is not an http(s) URL`);
  }
  const webhookSecret = env.REPORT_WEBHOOK_SECRET ?? '';
  if (webhookUrls.length > 0 && webhookSecret.length < 16) throw new PantauError('CONFIG_REPORT_WEBHOOK_SECRET', 'REPORT_WEBHOOK_SECRET must be at least 16 characters when REPORT_WEBHOOK_URLS is set');
  const emails = (env.REPORT_EMAILS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const e of emails) {
    const problem = checkEmailAddress(e);
    if (problem) throw new PantauError('CONFIG_REPORT_EMAILS', `REPORT_EMAILS: "${e.slice(0, 100)}": ${problem}`);
  }
  const smtp = parseEmailConfig(env);
  if (emails.length > 0 && !smtp) throw new PantauError('CONFIG_REPORT_EMAILS', 'REPORT_EMAILS needs SMTP_URL and SMTP_FROM (the notifier\'s email settings)');
  const lang = env.REPORT_LANG ?? 'id';
  if (!isLang(lang)) throw new PantauError('CONFIG_REPORT_LANG', 'REPORT_LANG must be id or en');
  const baseUrl = (env.REPORT_BASE_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+$/.test(baseUrl)) throw new PantauError('CONFIG_REPORT_BASE_URL', 'REPORT_BASE_URL must be http(s)://host[:port]');
  return Object.freeze({
    shifts: Object.freeze(shifts), chromiumPath: env.CHROMIUM_PATH || env.PANTAU_CHROMIUM || '/usr/bin/chromium', pdfTimeoutMs: timeout,
    webhookUrls: Object.freeze(webhookUrls), webhookSecret, emails: Object.freeze(emails), smtp, lang, baseUrl
  });
}
