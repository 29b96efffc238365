/**
 * npm run report -- --period shift|day|week [--start KEY] [--lang id|en] [--out FILE.pdf] [--deliver] [--watch]
 *
 * Builds a situation report from InfluxDB (and the registry when DATABASE_URL is set), prints its
 * recommendations, writes the PDF (Chromium) and, with --deliver, POSTs it to REPORT_WEBHOOK_URLS
 * signed with REPORT_WEBHOOK_SECRET and mails it to REPORT_EMAILS (SMTP_URL, SMTP_FROM). Without --start: the newest finished period. --watch stays
 * running and, a minute after each shift change (REPORT_SHIFTS), delivers the shift just ended:
 * this is where shift delivery runs (a systemd unit or `npm run report -- --period shift --deliver --watch`).
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { isLang, type Lang } from '../src/lib/i18n/translate';
import { webhookName } from '../src/lib/core/redact-url';
import { buildReport } from '../src/lib/reports/report';
import { renderReportDocument } from '../src/lib/reports/html';
import { plainText } from '../src/lib/reports/sentence';
import { isPeriodKind, latestFinished, nextShiftDelivery, parsePeriod } from '../src/lib/reports/period';
import type { PeriodKind, ReportPeriod } from '../src/lib/reports/types';
import { loadCatalog } from '../src/lib/server/catalog';
import { parseWebConfig } from '../src/lib/server/config';
import { createInfluxClient } from '../src/lib/server/influx';
import { getProcedures } from '../src/lib/server/procedures';
import { createRegistryStore } from '../src/lib/server/registry/store';
import { parseReportConfig } from '../src/lib/server/reports/config';
import { deliverReport, type DeliveryResult } from '../src/lib/server/reports/deliver';
import { emailReport } from '../src/lib/server/reports/email';
import { readReportInput } from '../src/lib/server/reports/input';
import { printPdf } from '../src/lib/server/reports/pdf';
import { registryMaintenance } from '../src/lib/server/reports/web';

/** After a shift change, wait this long so the last readings and actions of the shift are stored. */
const AFTER_SHIFT_MS = 60_000;

const web = parseWebConfig(process.env);
const config = parseReportConfig(process.env);
const catalog = loadCatalog(web.catalogPath);
const influx = createInfluxClient(web.influx);
const pool = web.databaseUrl ? new pg.Pool({ connectionString: web.databaseUrl, max: 2 }) : null;
pool?.on('error', () => undefined);
const store = pool ? createRegistryStore(pool, { city: catalog.city, districts: catalog.districts }) : undefined;

async function maintenance() {
  try {
    return await registryMaintenance(store);
  } catch (err) {
    console.error(`[report] registry not read (${(err as Error).message}): no maintenance states in this report`);
    return [];
  }
}

async function once(period: ReportPeriod, lang: Lang, out: string | undefined, deliver: boolean): Promise<boolean> {
  const input = await readReportInput({ influx, catalog, procedures: getProcedures(), maintenance }, period, Date.now());
  const report = buildReport(input, lang, config.shifts);
  console.log(report.title);
  for (const s of report.sections.find((x) => x.key === 'recommendations')!.sentences) console.log(`  • ${plainText(s)}`);
  if (!out && !deliver) return true;
  const pdf = await printPdf(config.chromiumPath, renderReportDocument(report, config.baseUrl), config.pdfTimeoutMs);
  if (out) {
    await writeFile(out, pdf);
    console.log(`PDF written: ${out} (${pdf.length} bytes)`);
  }
  if (!deliver) return true;
  if (config.webhookUrls.length === 0 && config.emails.length === 0) {
    console.error('[report] --deliver without REPORT_WEBHOOK_URLS or REPORT_EMAILS: nothing delivered');
    return false;
  }
  const results: DeliveryResult[] = [];
  if (config.webhookUrls.length > 0) results.push(...(await deliverReport(report, pdf, { urls: config.webhookUrls, secret: config.webhookSecret, baseUrl: config.baseUrl })));
  if (config.emails.length > 0 && config.smtp) results.push(...(await emailReport(report, pdf, { smtp: config.smtp, to: config.emails, baseUrl: config.baseUrl })));
  // a webhook's path or query may be its token (webhookName); an email address is no secret to the operator
  const shown = (url: string) => (url.startsWith('mailto:') ? url : webhookName(url));
  for (const r of results) console.log(r.ok ? `delivered to ${shown(r.url)} (${r.status})` : `NOT delivered to ${shown(r.url)}: ${r.error} after ${r.attempts} attempts`);
  return results.every((r) => r.ok);
}

async function watch(lang: Lang): Promise<never> {
  // From the delivery time on, never before it: a timer firing a hair early must not send a shift twice.
  for (let from = Date.now(); ; ) {
    const next = nextShiftDelivery(Math.max(from, Date.now()), AFTER_SHIFT_MS, config.shifts);
    console.log(`[report] next shift report (${next.period.key}) at ${new Date(next.at).toISOString()}`);
    await new Promise((r) => setTimeout(r, Math.max(0, next.at - Date.now())));
    await once(next.period, lang, undefined, true).catch((err) => console.error(`[report] ${(err as Error).message}`));
    from = next.at;
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { period: { type: 'string', default: 'shift' }, start: { type: 'string' }, lang: { type: 'string' }, out: { type: 'string' }, deliver: { type: 'boolean', default: false }, watch: { type: 'boolean', default: false } }
  });
  const kind = values.period;
  if (!isPeriodKind(kind)) throw new Error('--period must be shift, day or week');
  const lang = values.lang ?? config.lang;
  if (!isLang(lang)) throw new Error('--lang must be id or en');
  if (values.watch) {
    if (kind !== 'shift') throw new Error('--watch delivers shift reports: use --period shift');
    return watch(lang);
  }
  const period = values.start ? parsePeriod(kind, values.start, config.shifts) : latestFinished(kind as PeriodKind, Date.now(), config.shifts);
  if (!period) throw new Error(`--start "${values.start}" does not start a ${kind} (shift: 2026-11-27T07:00, day: 2026-11-27, week: a Monday)`);
  return (await once(period, lang, values.out, values.deliver)) ? 0 : 1;
}

main()
  .then(async (code) => {
    await Promise.all([influx.close(), pool?.end()]);
    process.exit(code);
  })
  .catch(async (err: Error) => {
    console.error(`report: ${err.message}`);
    await pool?.end().catch(() => undefined);
    process.exit(1);
  });
