import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { may } from '$lib/server/auth/roles';
import { getReportService } from '$lib/server/reports/web';
import { buildReport } from '$lib/reports/report';
import { renderReportBody } from '$lib/reports/html';
import { parsePeriod, periodContaining, previousPeriod } from '$lib/reports/period';

/** One report, both languages rendered on the server (the browser shows the one chosen). */
export const load: PageServerLoad = async ({ params, locals }) => {
  if (!may(locals.role, 'view')) error(403, 'forbidden');
  const service = getReportService();
  const shifts = service.config.shifts;
  const period = parsePeriod(params.period, params.start, shifts);
  if (!period) error(404, 'not a report period: /reports/shift/2026-11-27T07:00, /reports/day/2026-11-27 or /reports/week/2026-11-23 (a Monday)');
  const now = Date.now();
  if (period.start > now) error(404, 'this period has not begun');
  const next = periodContaining(period.kind, period.end, shifts);
  const nav = { previous: previousPeriod(period, shifts).key, next: next.start <= now ? next.key : null };
  try {
    const input = await service.input(period);
    const [id, en] = [buildReport(input, 'id', shifts), buildReport(input, 'en', shifts)];
    return { period, finished: period.end <= now, nav, titles: { id: id.title, en: en.title }, html: { id: renderReportBody(id), en: renderReportBody(en) }, unavailable: false };
  } catch (err) {
    console.error(`[reports] ${period.kind}/${period.key}: ${(err as Error).message}`);
    return { period, finished: period.end <= now, nav, titles: null, html: null, unavailable: true };
  }
};
