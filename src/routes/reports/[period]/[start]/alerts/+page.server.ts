import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { may } from '$lib/server/auth/roles';
import { getReportService } from '$lib/server/reports/web';
import { parsePeriod } from '$lib/reports/period';
import { reportTitle } from '$lib/reports/report';
import { periodAlertFilter, periodAlerts } from '$lib/reports/period-alerts';

/** The emergency alerts of a report's period behind one of its numbers (period-alerts.ts), from the report's own input. */
export const load: PageServerLoad = async ({ params, locals, url }) => {
  if (!may(locals.role, 'view')) error(403, 'forbidden');
  const service = getReportService();
  const period = parsePeriod(params.period, params.start, service.config.shifts);
  if (!period) error(404, 'not a report period: /reports/shift/2026-11-27T07:00/alerts, /reports/day/2026-11-27/alerts or /reports/week/2026-11-23/alerts');
  if (period.start > Date.now()) error(404, 'this period has not begun');
  try {
    const input = await service.input(period);
    const filter = periodAlertFilter(url.searchParams, input.catalog.districts.map((d) => d.name));
    return { period, titles: { id: reportTitle(period, 'id'), en: reportTitle(period, 'en') }, filter, rows: periodAlerts(input, filter), unavailable: false };
  } catch (err) {
    console.error(`[reports] alerts of ${period.kind}/${period.key}: ${(err as Error).message}`);
    return { period, titles: { id: reportTitle(period, 'id'), en: reportTitle(period, 'en') }, filter: {}, rows: [], unavailable: true };
  }
};
