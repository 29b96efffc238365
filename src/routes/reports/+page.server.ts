import { error, redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { may } from '$lib/server/auth/roles';
import { getReportService } from '$lib/server/reports/web';
import { latestFinished, parsePeriod, periodContaining, previousPeriod } from '$lib/reports/period';
import { reportTitle } from '$lib/reports/report';
import { PERIOD_KINDS, type ReportPeriod } from '$lib/reports/types';

/** How many of each kind the index lists, newest first. */
const LISTED = { shift: 6, day: 7, week: 4 } as const;

/** The index: latest reports of each kind, and a form that opens any period (`?kind=&date=&time=`). */
export const load: PageServerLoad = ({ locals, url }) => {
  if (!may(locals.role, 'view')) error(403, 'forbidden');
  const shifts = getReportService().config.shifts;
  const kind = url.searchParams.get('kind');
  const date = url.searchParams.get('date');
  if (kind && date) {
    const time = url.searchParams.get('time') ?? '';
    // A date (and time) inside the period opens the period that holds it.
    const guess = parsePeriod('day', date, shifts);
    if (!guess || !(PERIOD_KINDS as readonly string[]).includes(kind)) error(400, 'kind must be shift, day or week and date YYYY-MM-DD');
    const m = /^(\d{2}):(\d{2})$/.exec(time);
    const at = guess.start + (m ? Number(m[1]) * 3_600_000 + Number(m[2]) * 60_000 : 0);
    const p = periodContaining(kind as ReportPeriod['kind'], at, shifts);
    redirect(303, `/reports/${p.kind}/${encodeURIComponent(p.key)}`);
  }
  const now = Date.now();
  const lists = PERIOD_KINDS.map((k) => {
    const current = periodContaining(k, now, shifts);
    const done: ReportPeriod[] = [latestFinished(k, now, shifts)];
    while (done.length < LISTED[k]) done.push(previousPeriod(done[done.length - 1], shifts));
    const item = (p: ReportPeriod, inProgress: boolean) => ({ kind: p.kind, key: p.key, inProgress, title: { id: reportTitle(p, 'id'), en: reportTitle(p, 'en') } });
    return { kind: k, items: [item(current, true), ...done.map((p) => item(p, false))] };
  });
  return { lists };
};
