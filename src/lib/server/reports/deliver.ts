import { EVENT_ID_HEADER, formatSignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../../../ingest/notify/signature';
import type { Report } from '../../reports/report';
import { plainText } from '../../reports/sentence';
import { links } from '../../reports/links';

/**
 * Delivery of a report to the configured webhooks: a JSON body with the PDF (base64), signed like
 * alert webhooks (ingest/notify/signature.ts: HMAC-SHA256 over `<timestamp>.<body>`), with an
 * event id that is the same on every retry. Results are data: one per URL.
 */
export const DELIVERY_ATTEMPTS = 3;
export const DELIVERY_TIMEOUT_MS = 30_000;
const BACKOFF_MS = [1_000, 5_000];

export interface ReportDelivery {
  type: 'pantau.report';
  period: { kind: string; key: string; start: number; end: number };
  lang: string;
  title: string;
  url: string;
  /** The recommendations' sentences, for a chat message or a mail subject line. */
  recommendations: string[];
  pdfBase64: string;
}

export type DeliveryResult = { url: string; ok: true; status: number; attempts: number } | { url: string; ok: false; error: string; attempts: number };

export function deliveryBody(report: Report, pdf: Buffer, baseUrl: string): ReportDelivery {
  const p = report.period;
  const recs = report.sections.find((s) => s.key === 'recommendations')?.sentences ?? [];
  return {
    type: 'pantau.report', period: { kind: p.kind, key: p.key, start: p.start, end: p.end }, lang: report.lang, title: report.title,
    url: baseUrl + links.report(p.kind, p.key), recommendations: recs.map(plainText), pdfBase64: pdf.toString('base64')
  };
}

export async function deliverReport(
  report: Report, pdf: Buffer, opts: { urls: readonly string[]; secret: string; baseUrl: string; fetch?: typeof fetch; sleep?: (ms: number) => Promise<void> }
): Promise<DeliveryResult[]> {
  const body = JSON.stringify(deliveryBody(report, pdf, opts.baseUrl));
  const eventId = `report:${report.period.kind}:${report.period.key}:${report.lang}`;
  const doFetch = opts.fetch ?? fetch;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  return Promise.all(opts.urls.map(async (url): Promise<DeliveryResult> => {
    let error = '';
    for (let attempt = 1; attempt <= DELIVERY_ATTEMPTS; attempt++) {
      const ts = Math.floor(Date.now() / 1000);
      try {
        const res = await doFetch(url, {
          method: 'POST', body, signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS), redirect: 'manual',
          headers: { 'content-type': 'application/json', [TIMESTAMP_HEADER]: String(ts), [SIGNATURE_HEADER]: formatSignature(opts.secret, ts, body), [EVENT_ID_HEADER]: eventId }
        });
        // Only the status matters: the reply is not read (a receiver cannot make us hold a large body).
        await res.body?.cancel().catch(() => undefined);
        if (res.ok) return { url, ok: true, status: res.status, attempts: attempt };
        error = `HTTP ${res.status}`;
        // A receiver refusing the request (4xx but 408/429) will refuse it again.
        if (res.status < 500 && res.status !== 408 && res.status !== 429) return { url, ok: false, error, attempts: attempt };
      } catch (err) {
        error = (err as Error).message;
      }
      if (attempt < DELIVERY_ATTEMPTS) await sleep(BACKOFF_MS[attempt - 1] ?? 5_000);
    }
    return { url, ok: false, error, attempts: DELIVERY_ATTEMPTS };
  }));
}
