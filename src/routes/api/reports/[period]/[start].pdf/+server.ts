import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { isLang } from '$lib/i18n/translate';
import { PantauError } from '$lib/core/errors';
import { parsePeriod } from '$lib/reports/period';
import { getReportService } from '$lib/server/reports/web';

/**
 * A report as PDF (Chromium). For signed-in people only (not anonymous readers, not the kiosk):
 * a render costs a browser. Busy → 503 with Retry-After; a failed render → 503 with its code.
 */
export const GET: RequestHandler = async ({ params, locals, url }) => {
  if (locals.role === 'anonymous' || locals.role === 'kiosk') error(401, 'login required');
  const service = getReportService();
  const period = parsePeriod(params.period, params.start, service.config.shifts);
  if (!period || period.start > Date.now()) error(404, 'no such report period');
  const lang = url.searchParams.get('lang') ?? 'id';
  if (!isLang(lang)) error(400, 'lang must be id or en');
  try {
    const result = await service.pdf(period, lang, url.origin);
    if (!result.ok) return new Response('busy: another report is being printed', { status: 503, headers: { 'retry-after': '10', 'content-type': 'text/plain' } });
    return new Response(new Uint8Array(result.pdf), {
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': `inline; filename="pantau-${period.kind}-${period.key.replace(':', '')}-${lang}.pdf"`,
        'cache-control': 'private, max-age=60',
        'x-pantau-cache': result.cached ? 'hit' : 'miss'
      }
    });
  } catch (err) {
    const code = err instanceof PantauError ? err.code : 'INTERNAL';
    console.error(`[reports] PDF ${period.kind}/${period.key}: ${(err as Error).message}`);
    return new Response(JSON.stringify({ error: 'the report could not be printed', code }), { status: 503, headers: { 'content-type': 'application/json' } });
  }
};
